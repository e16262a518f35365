package org.carbonedge.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.PlanDeferral;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.PlannerConfig;
import org.carbonedge.core.scheduling.DeferralConfig;
import org.carbonedge.schemas.validation.RequestValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router with deferrable requests, in one zone: held for a cleaner forecast hour, re-planned when the grid
 * turns out cleaner now, released with the hold and the counterfactual on the plan; requests that cannot wait are
 * untouched.
 */
class RequestRouterDeferralTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private RoutingTables tables;
    private RequestRouter router;
    private double gridNow;

    @BeforeEach
    void setUp() {
        gridNow = 400;
        tables = new RoutingTables(0.04, Duration.ofSeconds(5));
        tables.put(heavy());
        tables.put(RoutingFixtures.device("edge", "GB", 1.0, NOW));
        router = new RequestRouter(tables, (zone, signal, t) -> Optional.of(new Intensity(gridNow,
                IntensityKind.MEASURED, SignalType.AVERAGE, "test")), new Planner(PlannerConfig.defaults()),
                new RequestValidator(1 << 20), 475, DeferralConfig.defaults(), 1);
        router.outlook().measured("GB", NOW, 400);
        // forecast: 300 for the next 3 hours, then 100 from 15:00 to 16:00, then 350
        router.outlook().forecast("GB", NOW, NOW.plus(HOUR.multipliedBy(3)), 300, NOW);
        router.outlook().forecast("GB", NOW.plus(HOUR.multipliedBy(3)), NOW.plus(HOUR.multipliedBy(4)), 100, NOW);
        router.outlook().forecast("GB", NOW.plus(HOUR.multipliedBy(4)), NOW.plus(HOUR.multipliedBy(24)), 350, NOW);
    }

    /** The fixture model with 2 × 5 G multiply-adds: about 0.4 s of device time, so a slot's capacity is countable. */
    private static org.carbonedge.avro.ModelManifest heavy() {
        var m = RoutingFixtures.manifest();
        var parts = new java.util.ArrayList<org.carbonedge.avro.PartitionSpec>();
        for (var p : m.getPartitions()) {
            parts.add(org.carbonedge.avro.PartitionSpec.newBuilder(p).setMacs(5_000_000_000L).build());
        }
        return org.carbonedge.avro.ModelManifest.newBuilder(m).setTotalMacs(10_000_000_000L).setPartitions(parts).build();
    }

    /** The device reports again (a device not heard of for 5 s is not planned on). */
    private void heartbeat(Instant at) {
        tables.put(RoutingFixtures.device("edge", "GB", 1.0, at));
    }

    private InferenceRequest deferrable(String id, Duration within) {
        return InferenceRequest.newBuilder(RoutingFixtures.request(id, "green", RoutingFixtures.floats("x", 1, 4), NOW))
                .setDeferrable(true).setDeadlineAt(NOW.plus(within)).build();
    }

    @Test
    void aDeferrableRequestIsHeldForTheCleanestForecastHourAndPromisesItsDeviceTime() {
        var held = (RoutingDecision.Held) router.route(deferrable("d1", Duration.ofHours(8)), NOW);
        HoldTicket t = held.ticket();
        assertThat(Instant.ofEpochMilli(t.releaseAtMillis())).isEqualTo(NOW.plus(HOUR.multipliedBy(3)));
        assertThat(t.expectedGco2()).isLessThan(t.runNowGco2());
        assertThat(t.heldAtMillis()).isEqualTo(NOW.toEpochMilli());
        assertThat(t.gco2PerKwhAtHoldByZone()).containsExactly(Map.entry("GB", 400.0));
        assertThat(router.calendar().promised("edge", t.slotStartMillis())).isGreaterThan(0);
    }

    @Test
    void aDeadlineBeforeTheCleanHourHoldsOnlyAsFarAsItCanAndARequestThatCannotWaitRunsAtOnce() {
        var shortWindow = (RoutingDecision.Held) router.route(deferrable("d2", Duration.ofHours(2)), NOW);
        assertThat(shortWindow.ticket().releaseAtMillis()).as("300 g/kWh within the window beats 400 now")
                .isGreaterThan(NOW.toEpochMilli()).isLessThan(NOW.plus(HOUR.multipliedBy(2)).toEpochMilli());
        var tooClose = (RoutingDecision.Routed) router.route(deferrable("d3", Duration.ofMinutes(10)), NOW);
        PlanDeferral d = tooClose.task().getPlan().getDeferral();
        assertThat(d.getHeldAt()).isEqualTo(NOW).isEqualTo(d.getReleasedAt());
        assertThat(d.getRunNowGco2()).isCloseTo(tooClose.task().getPlan().getExpectedGco2(), within(1e-12));
        assertThat(d.getReason()).contains("too close");
        var plain = (RoutingDecision.Routed) router.route(RoutingFixtures.request("p", "green",
                RoutingFixtures.floats("x", 1, 4), NOW), NOW);
        assertThat(plain.task().getPlan().getDeferral()).as("a request that did not say it may wait").isNull();
    }

    @Test
    void reconsideringRunsNowOnceTheGridIsCleanerNowThanAnythingAheadAndKeepsTheFirstCounterfactual() {
        InferenceRequest r = deferrable("d4", Duration.ofHours(8));
        HoldTicket t = ((RoutingDecision.Held) router.route(r, NOW)).ticket();
        Instant later = NOW.plus(Duration.ofMinutes(20));
        heartbeat(later);
        HoldTicket same = router.reconsider(t, later);
        assertThat(same).as("nothing changed: still the 15:00 slot").isNotNull();
        assertThat(same.releaseAtMillis()).isEqualTo(t.releaseAtMillis());
        assertThat(same.runNowGco2()).isEqualTo(t.runNowGco2());
        assertThat(same.heldAtMillis()).isEqualTo(t.heldAtMillis());
        assertThat(same.decidedAtMillis()).isEqualTo(later.toEpochMilli());
        assertThat(router.calendar().promised("edge", t.slotStartMillis()))
                .as("promised once, not twice").isCloseTo(t.stageMillis()[0], within(1e-9));

        gridNow = 50;
        heartbeat(later.plusSeconds(60));
        router.outlook().measured("GB", later.plusSeconds(60), 50);
        assertThat(router.reconsider(same, later.plusSeconds(60))).as("50 now beats 100 at 15:00").isNull();
        assertThat(router.calendar().promised("edge", t.slotStartMillis())).as("until it is released")
                .isCloseTo(t.stageMillis()[0], within(1e-9));
        var released = (RoutingDecision.Routed) router.release(r, same, later.plusSeconds(60));
        assertThat(released.task().getPlan().getDeferral().getRunNowGco2()).isEqualTo(t.runNowGco2());
        assertThat(router.calendar().promised("edge", t.slotStartMillis())).isZero();
    }

    @Test
    void releaseRoutesAtOnceWithTheHoldOnThePlanAndGivesTheDeviceTimeBack() {
        InferenceRequest r = deferrable("d5", Duration.ofHours(8));
        HoldTicket t = ((RoutingDecision.Held) router.route(r, NOW)).ticket();
        Instant at = Instant.ofEpochMilli(t.releaseAtMillis());
        heartbeat(at);
        gridNow = 100;
        var routed = (RoutingDecision.Routed) router.release(r, t, at);
        PlanDeferral d = routed.task().getPlan().getDeferral();
        assertThat(d.getHeldAt()).isEqualTo(NOW);
        assertThat(d.getReleasedAt()).isEqualTo(at);
        assertThat(d.getRunNowGco2()).isEqualTo(t.runNowGco2());
        assertThat(d.getGco2PerKwhAtHold()).containsExactly(Map.entry("GB", 400.0));
        assertThat(routed.task().getPlan().getExpectedGco2()).isLessThan(t.runNowGco2());
        assertThat(routed.task().getInputs()).isEqualTo(r.getInputs());
        assertThat(router.calendar().promised("edge", t.slotStartMillis())).isZero();
    }

    @Test
    void aCrowdForTheSameCleanHourIsSpreadOnceItsDeviceTimeIsPromised() {
        var first = ((RoutingDecision.Held) router.route(deferrable("c0", Duration.ofHours(8)), NOW)).ticket();
        double perRequest = first.stageMillis()[0];
        int fit = (int) Math.floor(Duration.ofMinutes(15).toMillis() * 0.7 / perRequest);
        long others = 0;
        for (int i = 1; i < fit + 5; i++) {
            var d = router.route(deferrable("c" + i, Duration.ofHours(8)), NOW);
            if (d instanceof RoutingDecision.Held h && h.ticket().releaseAtMillis() != first.releaseAtMillis()) {
                others++;
            }
        }
        assertThat(others).as("requests beyond the slot's capacity go elsewhere in the window").isGreaterThanOrEqualTo(4);
    }

    @Test
    void aRestartedRouterPromisesTheKeptTicketsAgain() {
        HoldTicket t = ((RoutingDecision.Held) router.route(deferrable("d6", Duration.ofHours(8)), NOW)).ticket();
        RequestRouter fresh = new RequestRouter(tables, (zone, signal, at) -> Optional.empty(),
                new Planner(PlannerConfig.defaults()), new RequestValidator(1 << 20), 475, DeferralConfig.defaults(), 1);
        assertThat(fresh.calendar().promised("edge", t.slotStartMillis())).isZero();
        fresh.restoreHold(t);
        assertThat(fresh.calendar().promised("edge", t.slotStartMillis()))
                .isEqualTo(router.calendar().promised("edge", t.slotStartMillis()));
    }
}
