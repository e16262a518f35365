package org.carbonedge.jobs.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.core.carbon.TestRecords.T0;

import java.util.List;

import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.core.carbon.TestRecords;
import org.junit.jupiter.api.Test;

/** Records the accounting could not use are named with the reason before they reach state. */
class ValidationTest {

    private final ExecutionPlan plan = TestRecords.twoStagePlan();
    private final PartitionResult good = TestRecords.ok("r-1", plan, 1, T0, T0, T0.plusMillis(3), 1.0, 10).build();

    @Test
    void acceptsAWellFormedResultTaskAndDevice() {
        assertThat(Validation.partitionResult(good)).isNull();
        assertThat(Validation.partitionTask(TaskSeen.of(TestRecords.task("r-1", plan, 0, T0, T0), "carbonedge.tasks.dev-a", 0, 0))).isNull();
        assertThat(Validation.deviceState(TestRecords.device("edge-1", "DE", DeviceStatus.UP, T0, 0))).isNull();
    }

    @Test
    void namesWhatIsWrong() {
        assertThat(Validation.partitionResult(PartitionResult.newBuilder(good).setStageIndex(2).build()))
                .isEqualTo("result of r-1 stage 2: stage index outside the plan's 2 stages");
        assertThat(Validation.partitionResult(PartitionResult.newBuilder(good).setEndedAt(T0.minusMillis(1)).build()))
                .contains("is before startedAt");
        assertThat(Validation.partitionResult(PartitionResult.newBuilder(good).setEnergyJoules(Double.NaN).build()))
                .contains("energyJoules NaN");
        ExecutionPlan empty = ExecutionPlan.newBuilder(plan).setStages(List.of()).build();
        assertThat(Validation.partitionResult(PartitionResult.newBuilder(good).setPlan(empty).build()))
                .endsWith("the plan has no stages");
        assertThat(Validation.deviceState(TestRecords.device("edge/1", "DE", DeviceStatus.UP, T0, 0)))
                .contains("invalid device id 'edge/1'");
    }
}
