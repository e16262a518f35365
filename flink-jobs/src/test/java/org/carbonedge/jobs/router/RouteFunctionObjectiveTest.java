package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.core.planning.AccuracyObjective;
import org.carbonedge.core.routing.RoutingFixtures;
import org.junit.jupiter.api.Test;

/**
 * A label held to a mean accuracy objective in the router job's function: the mean of the variants served holds at
 * every request, and the tally survives a snapshot and restore (the restored job goes on counting, it does not start
 * the window afresh).
 */
class RouteFunctionObjectiveTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final long NOW = T0.toEpochMilli();
    private final RouterConfig config = RouteFunctionHoldTest.staleAfterForTests(RouterConfig.defaults(),
            Duration.ofDays(1)).withObjectives(Map.of("tenant=acme", new AccuracyObjective(0.70, Duration.ofHours(1))));

    private static ModelManifest variant(String id, double share, Double accuracy) {
        return RoutingFixtures.variant(id, share, accuracy);
    }

    private KeyedBroadcastOperatorTestHarness<String, PositionedRequest, RouterUpdate, PartitionTask> harness(
            RouteFunction function, OperatorSubtaskState restore) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(function,
                List.of(RouteFunction.DEVICES, RouteFunction.MODELS, RouteFunction.INTENSITY)),
                new RouterJob.ByRequestId(), Types.STRING, 1, 1, 0);
        h.setup();
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        h.setProcessingTime(NOW);
        for (ModelManifest m : List.of(variant("big", 1.0, 0.72), variant("mid", 0.7, 0.698), variant("small", 0.3, 0.654))) {
            h.processBroadcastElement(RouterUpdate.of(m), NOW);
        }
        h.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge", "DE", 1.0, T0)), NOW);
        return h;
    }

    private static PositionedRequest acme(String id) {
        InferenceRequest r = RoutingFixtures.request(id, "green", RoutingFixtures.floats("x", 1, 4), T0);
        r.setModelId("big");
        r.setAttributes(Map.of("tenant", "acme"));
        return PositionedRequest.of(r);
    }

    @Test
    void theMeanHoldsAtEveryRequestAndTheTallySurvivesARestore() throws Exception {
        RouteFunction first = new RouteFunction(config);
        var h = harness(first, null);
        for (int i = 0; i < 7; i++) {
            h.processElement(acme("a" + i), NOW + i);
        }
        AccuracyObjective.Tally before = first.tallies().get("tenant=acme");
        assertThat(before.served()).isEqualTo(7);
        OperatorSubtaskState snapshot = h.snapshot(1, NOW + 10);
        List<PartitionTask> tasks = new ArrayList<>(h.extractOutputValues());
        h.close();

        RouteFunction second = new RouteFunction(config);
        h = harness(second, snapshot);
        assertThat(second.tallies().get("tenant=acme")).as("restored, not started afresh").isEqualTo(before);
        for (int i = 0; i < 7; i++) {
            h.processElement(acme("b" + i), NOW + 20 + i);
        }
        tasks.addAll(h.extractOutputValues());
        h.close();

        assertThat(tasks).hasSize(14);
        double sum = 0;
        for (int i = 0; i < tasks.size(); i++) {
            sum += tasks.get(i).getPlan().getAccuracy();
            assertThat(sum / (i + 1)).as("mean after %s", i + 1).isGreaterThanOrEqualTo(0.70 - 1e-12);
        }
        assertThat(second.tallies().get("tenant=acme").served()).isEqualTo(14);
    }
}
