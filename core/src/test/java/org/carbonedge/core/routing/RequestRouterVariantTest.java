package org.carbonedge.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.PlannerConfig;
import org.carbonedge.schemas.validation.RequestValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router with a family of variants: a request with an accuracy floor runs the variant its policy prefers among
 * those at or above the floor, and its plan says so; a floor no variant reaches is REJECTED with the reason; a
 * request without a floor runs exactly its model; variants that cannot stand in for the model named are left out.
 */
class RequestRouterVariantTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private RoutingTables tables;
    private RequestRouter router;

    private static ModelManifest variant(String id, double share, Double accuracy) {
        return RoutingFixtures.variant(id, share, accuracy);
    }

    @BeforeEach
    void setUp() {
        tables = new RoutingTables(0.04, Duration.ofSeconds(5));
        tables.put(variant("big", 1.0, 0.72));
        tables.put(variant("mid", 0.7, 0.698));
        tables.put(variant("small", 0.3, 0.654));
        tables.put(RoutingFixtures.device("edge", "DE", 1.0, NOW));
        router = new RequestRouter(tables, (zone, signal, t) -> Optional.of(new Intensity(400, IntensityKind.MEASURED,
                SignalType.AVERAGE, "test")), new Planner(PlannerConfig.defaults()), new RequestValidator(1 << 20), 475);
    }

    private static InferenceRequest request(String model, String policy, Double floor) {
        InferenceRequest r = RoutingFixtures.request("r", policy, RoutingFixtures.floats("x", 1, 4), NOW);
        r.setModelId(model);
        r.setAccuracyFloor(floor);
        return r;
    }

    private RoutingDecision.Routed routed(String model, String policy, Double floor) {
        return (RoutingDecision.Routed) router.route(request(model, policy, floor), NOW);
    }

    @Test
    void aFloorLetsThePolicyPickAVariantAndThePlanSaysWhich() {
        RoutingDecision.Routed green = routed("big", "green", 0.69);
        assertThat(green.task().getModelId()).as("the greenest at or above 69%").isEqualTo("mid");
        ExecutionPlan p = green.task().getPlan();
        assertThat(p.getFamily()).isEqualTo("fam");
        assertThat(p.getAccuracy()).isEqualTo(0.698);
        assertThat(p.getRequestedModelId()).isEqualTo("big");
        assertThat(routed("big", "green", 0.60).task().getModelId()).isEqualTo("small");
        assertThat(routed("small", "performance", 0.60).task().getModelId()).as("named small, may get better")
                .isEqualTo("big");
    }

    @Test
    void withoutAFloorExactlyTheModelNamedRuns() {
        RoutingDecision.Routed plain = routed("big", "green", null);
        assertThat(plain.task().getModelId()).isEqualTo("big");
        assertThat(plain.task().getPlan().getFamily()).isNull();
        assertThat(plain.task().getPlan().getAccuracy()).isNull();
    }

    @Test
    void aFloorNoVariantReachesOrAModelWithoutAccuracyIsRejectedWithTheReason() {
        assertThat(router.route(request("big", "green", 0.80), NOW))
                .isEqualTo(new RoutingDecision.Rejected("no variant reaches the accuracy floor 0.8000 (best 0.7200)"));
        tables.put(variant("unknown", 0.5, null));
        assertThat(router.route(request("unknown", "green", 0.5), NOW)).isInstanceOfSatisfying(
                RoutingDecision.Rejected.class, r -> assertThat(r.reason()).contains("has no usable registered accuracy"));
    }

    @Test
    void aVariantThatCannotStandInForTheModelNamedIsLeftOut() {
        // written to the topic around registration's checks: same family, other output shape, greenest of all
        ModelManifest odd = variant("odd", 0.1, 0.70);
        odd.setOutputs(List.of(RoutingFixtures.spec("y", 1, 3)));
        tables.put(odd);
        assertThat(routed("big", "green", 0.69).task().getModelId()).isEqualTo("mid");
        tables.put(ModelManifest.newBuilder(variant("other-metric", 0.1, 0.70))
                .setAccuracy(new ModelAccuracy("top5", 0.9, "test")).build());
        assertThat(routed("big", "green", 0.69).task().getModelId()).as("another metric is not comparable")
                .isEqualTo("mid");
    }

    @Test
    void aLabelHeldToAMeanObjectiveKeepsItsMeanAtEveryRequestAndOthersRunTheirModel() {
        router.hold("tenant=acme", new org.carbonedge.core.planning.AccuracyObjective(0.70, Duration.ofHours(1)));
        double sum = 0;
        java.util.Set<String> served = new java.util.TreeSet<>();
        for (int i = 0; i < 20; i++) {
            InferenceRequest r = request("big", "green", null);
            r.setAttributes(java.util.Map.of("tenant", "acme"));
            var routed = (RoutingDecision.Routed) router.route(r, NOW.plusMillis(100L * i));
            sum += routed.task().getPlan().getAccuracy();
            served.add(routed.task().getModelId());
            assertThat(sum / (i + 1)).as("mean after %s requests", i + 1).isGreaterThanOrEqualTo(0.70 - 1e-12);
        }
        assertThat(served).as("both sides of the target are used").contains("big", "mid");
        assertThat(router.tallies().get("tenant=acme").served()).isEqualTo(20);
        InferenceRequest other = request("big", "green", null);
        other.setAttributes(java.util.Map.of("tenant", "other"));
        var plain = (RoutingDecision.Routed) router.route(other, NOW);
        assertThat(plain.task().getModelId()).isEqualTo("big");
        assertThat(plain.task().getPlan().getAccuracy()).isNull();

        // restored state of two parallel routers for the same window adds up
        RequestRouter restored = new RequestRouter(tables, (zone, signal, t) -> Optional.empty(),
                new Planner(PlannerConfig.defaults()), new RequestValidator(1 << 20), 475);
        long window = NOW.toEpochMilli() / 3_600_000 * 3_600_000;
        restored.restoreTally("tenant=acme", new org.carbonedge.core.planning.AccuracyObjective.Tally(window, 3, 2.1));
        restored.restoreTally("tenant=acme", new org.carbonedge.core.planning.AccuracyObjective.Tally(window, 2, 1.5));
        assertThat(restored.tallies().get("tenant=acme").served()).isEqualTo(5);
        assertThat(restored.tallies().get("tenant=acme").accuracySum()).isCloseTo(3.6, org.assertj.core.api.Assertions.within(1e-12));
    }
}
