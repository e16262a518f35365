package org.carbonedge.ledger.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.ledger.Emissions;
import org.junit.jupiter.api.Test;

class RecordCheckTest {

    @Test
    void consistentRecordsAreCountable() {
        assertThat(RecordCheck.problem(Emissions.twoDeviceOk())).isEmpty();
        assertThat(RecordCheck.problem(Emissions.oneDeviceFailed())).isEmpty();
        assertThat(RecordCheck.problem(Emissions.rejected())).isEmpty();
    }

    @Test
    void nonFiniteOrNegativeFiguresAreNot() {
        EmissionRecord nan = EmissionRecord.newBuilder(Emissions.twoDeviceOk()).setEnergyJoules(Double.NaN).build();
        assertThat(RecordCheck.problem(nan)).hasValue("emission record r1: energyJoules NaN is not a finite number >= 0");
        EmissionRecord negative = Emissions.twoDeviceOk();
        negative.getParts().get(1).setGco2(-0.05);
        assertThat(RecordCheck.problem(negative)).get().asString().contains("stage 1: gco2 -0.05");
        EmissionRecord pue = EmissionRecord.newBuilder(Emissions.twoDeviceOk()).setPue(0.5).build();
        assertThat(RecordCheck.problem(pue)).get().asString().contains("pue 0.5");
    }

    @Test
    void totalsThatDisagreeWithTheirPartsAreNot() {
        EmissionRecord total = EmissionRecord.newBuilder(Emissions.twoDeviceOk()).setTotalGco2(1.0).build();
        assertThat(RecordCheck.problem(total)).get().asString()
                .contains("totalGco2 1.0 differs from operational + transfer + embodied");
        EmissionRecord energy = EmissionRecord.newBuilder(Emissions.twoDeviceOk()).setEnergyJoules(5.4).build();
        assertThat(RecordCheck.problem(energy)).get().asString().contains("energyJoules 5.4 differs from");
        EmissionRecord orphanEmbodied = EmissionRecord.newBuilder(Emissions.rejected()).setEmbodiedGco2(0.1)
                .setTotalGco2(0.1).build();
        assertThat(RecordCheck.problem(orphanEmbodied)).get().asString().contains("without any stage");
    }

    @Test
    void aDeferrableRecordNeedsAFiniteRunNowFigureAndAHeldTimeThatIsNotNegative() {
        assertThat(RecordCheck.problem(Emissions.deferred(Emissions.twoDeviceOk(), "d", 0.9, 3_600_000))).isEmpty();
        assertThat(RecordCheck.problem(Emissions.deferred(Emissions.twoDeviceOk(), "d", Double.NaN, 0)))
                .hasValue("emission record d: runNowGco2 NaN is not a finite number >= 0");
        assertThat(RecordCheck.problem(Emissions.deferred(Emissions.twoDeviceOk(), "d", Double.POSITIVE_INFINITY, 0)))
                .hasValue("emission record d: runNowGco2 Infinity is not a finite number >= 0");
        assertThat(RecordCheck.problem(Emissions.deferred(Emissions.twoDeviceOk(), "d", -0.1, 0)))
                .hasValue("emission record d: runNowGco2 -0.1 is not a finite number >= 0");
        assertThat(RecordCheck.problem(Emissions.deferred(Emissions.twoDeviceOk(), "d", 0.9, -1)))
                .hasValue("emission record d: heldMillis -1 is negative");
    }

    @Test
    void anAccuracyMustBeAShareAndAFamilyAKeyValue() {
        EmissionRecord ok = Emissions.twoDeviceOk();
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", "mobilenetv2", "mobilenetv2-w075", 0.698))).isEmpty();
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", "mobilenetv2", "mobilenetv2-w075", 0.0))).isEmpty();
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", "mobilenetv2", "mobilenetv2-w075", 1.0))).isEmpty();
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", "mobilenetv2", "mobilenetv2-w075", null))).isEmpty();
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", "mobilenetv2", "mobilenetv2-w075", Double.NaN)))
                .hasValue("emission record v: accuracy NaN is not a share in [0, 1]");
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", "mobilenetv2", "mobilenetv2-w075",
                Double.POSITIVE_INFINITY))).hasValue("emission record v: accuracy Infinity is not a share in [0, 1]");
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", "mobilenetv2", "mobilenetv2-w075", 69.8)))
                .hasValue("emission record v: accuracy 69.8 is not a share in [0, 1]");
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", "mobilenetv2", "mobilenetv2-w075", -0.01)))
                .hasValue("emission record v: accuracy -0.01 is not a share in [0, 1]");
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", " ", "mobilenetv2-w075", 0.7)))
                .hasValue("emission record v: family ' ' is blank or contains '|'");
        assertThat(RecordCheck.problem(Emissions.variant(ok, "v", "a|b", "mobilenetv2-w075", 0.7)))
                .hasValue("emission record v: family 'a|b' is blank or contains '|'");
    }
}
