package org.carbonedge.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.carbonedge.core.planning.DeviceView;
import org.carbonedge.core.planning.ModelView;
import org.carbonedge.core.planning.PaperDevices;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.PlannerConfig;
import org.carbonedge.core.planning.Policy;
import org.junit.jupiter.api.Test;

/**
 * When a request that may wait runs: at the cheapest slot it can still finish from with a margin, never past the
 * forecasts, now when now is cleanest or the deadline too close, and spread out when devices are promised.
 */
class DeferralPlannerTest {

    private static final Instant NOW = Instant.parse("2023-03-01T06:00:00Z");
    private static final ModelView MODEL = PaperDevices.mobilenetLike();
    /** A one-zone site: the three paper devices all in GB. */
    private static final List<DeviceView> SITE = List.of(
            PaperDevices.device("high", "GB", 1.0, 1L << 30, 0.5, 3.83, 0, 0),
            PaperDevices.device("medium", "GB", 0.6, 512L << 20, 0.30, 2.30, 0, 0),
            PaperDevices.device("green", "GB", 0.4, 512L << 20, 0.20, 1.53, 0, 0));

    private final DeferralConfig config = DeferralConfig.defaults();
    private final DeferralPlanner planner = new DeferralPlanner(new Planner(PlannerConfig.defaults()), config);

    @Test
    void waitsForTheCleanestHourItCanStillFinishFrom() {
        ZoneOutlook outlook = hourly("GB", 300, 280, 260, 240, 200, 150, 90, 95, 180, 250, 300, 320);
        Deferral d = decide(outlook, new ReleaseCalendar(config), NOW.plus(Duration.ofHours(12)));

        assertThat(d.releaseAt()).isEqualTo(NOW.plus(Duration.ofHours(6)));
        assertThat(d.expectedGco2()).isLessThan(d.runNowGco2());
        assertThat(d.expectedSavingGco2()).isPositive();
        assertThat(d.reason()).startsWith("waits 360 min");
    }

    @Test
    void runsNowWhenNowIsCleanerThanTheRestOfTheWindow() {
        ZoneOutlook outlook = hourly("GB", 100, 200, 250, 300);
        Deferral d = decide(outlook, new ReleaseCalendar(config), NOW.plus(Duration.ofHours(4)));

        assertThat(d.runsNow(NOW)).isTrue();
        assertThat(d.expectedGco2()).isEqualTo(d.runNowGco2());
        assertThat(d.reason()).contains("cleanest now");
    }

    @Test
    void aDeadlineTooCloseOrPastRunsNowAndSaysWhy() {
        ZoneOutlook outlook = hourly("GB", 300, 10, 10);
        assertThat(decide(outlook, new ReleaseCalendar(config), NOW.plus(Duration.ofMinutes(10))).reason())
                .contains("too close");
        Deferral past = decide(outlook, new ReleaseCalendar(config), NOW.minusSeconds(1));
        assertThat(past.runsNow(NOW)).isTrue();
        assertThat(past.reason()).contains("already past");
    }

    @Test
    void withoutAForecastItRunsNowAndNeverWaitsBeyondOne() {
        ZoneOutlook none = new ZoneOutlook();
        none.measured("GB", NOW, 300);
        assertThat(decide(none, new ReleaseCalendar(config), NOW.plus(Duration.ofHours(24))).reason())
                .contains("no forecast");

        // forecasts reach 3 h ahead, the window 24 h: it waits at most until the forecast's end
        ZoneOutlook shortForecast = hourly("GB", 300, 250, 200);
        Deferral d = decide(shortForecast, new ReleaseCalendar(config), NOW.plus(Duration.ofHours(24)));
        assertThat(d.releaseAt()).isBefore(NOW.plus(Duration.ofHours(3)));
        assertThat(d.releaseAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void aCrowdIsSpreadOverTheWindowOnceTheGreenSlotIsPromised() {
        ZoneOutlook outlook = hourly("GB", 300, 300, 100, 300, 300);
        Instant deadline = NOW.plus(Duration.ofHours(5));
        double stageMillis = planner.decide(Policy.GREEN, MODEL, SITE, new double[]{300, 300, 300}, null, null, 0.5,
                outlook, new ReleaseCalendar(config), NOW, deadline).plan().stages().stream()
                .mapToDouble(s -> s.expectedMillis()).max().orElseThrow();
        // room for one request's work per slot and device: the clean hour's four slots take one request each
        DeferralConfig tight = new DeferralConfig(Duration.ofMinutes(15), Duration.ofMinutes(5), 0.1,
                1.5 * stageMillis / Duration.ofMinutes(15).toMillis());
        DeferralPlanner p = new DeferralPlanner(new Planner(PlannerConfig.defaults()), tight);
        ReleaseCalendar calendar = new ReleaseCalendar(tight);
        List<Instant> releases = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Deferral d = p.decide(Policy.GREEN, MODEL, SITE, new double[]{300, 300, 300}, null, null, 0.5, outlook,
                    calendar, NOW, deadline);
            releases.add(d.releaseAt());
            if (!d.runsNow(NOW)) {
                calendar.reserve(d.plan().stages(), calendar.slotOf(d.releaseAt()));
            }
        }
        assertThat(releases.subList(0, 4)).as("%s", releases).doesNotHaveDuplicates()
                .allSatisfy(r -> assertThat(r).isBetween(NOW.plus(Duration.ofHours(2)), NOW.plus(Duration.ofMinutes(165))));
        assertThat(releases.subList(4, 6)).as("the green hour is full: %s", releases)
                .allSatisfy(r -> assertThat(r).isEqualTo(NOW));
    }

    @Test
    void neverPlansToFinishAfterTheDeadlineMinusTheMargin() {
        Random random = new Random(7);
        for (int run = 0; run < 300; run++) {
            double[] hours = new double[1 + random.nextInt(30)];
            for (int h = 0; h < hours.length; h++) {
                hours[h] = 20 + random.nextInt(600);
            }
            ZoneOutlook outlook = hourly("GB", hours);
            Instant deadline = NOW.plus(Duration.ofMinutes(random.nextInt(36 * 60)));
            Deferral d = decide(outlook, new ReleaseCalendar(config), deadline);
            assertThat(d.expectedGco2()).isLessThanOrEqualTo(d.runNowGco2());
            if (!d.runsNow(NOW)) {
                long window = deadline.toEpochMilli() - NOW.toEpochMilli();
                long margin = Math.max(config.minMargin().toMillis(), (long) (window * config.marginShare()));
                assertThat(d.releaseAt().toEpochMilli() + d.plan().expectedLatencyMillis() + margin)
                        .isLessThanOrEqualTo((double) deadline.toEpochMilli());
                assertThat(d.releaseAt()).isBefore(NOW.plus(Duration.ofHours(hours.length)));
            }
        }
    }

    private Deferral decide(ZoneOutlook outlook, ReleaseCalendar calendar, Instant deadline) {
        double now = outlook.gco2PerKwh("GB", NOW, NOW);
        return planner.decide(Policy.GREEN, MODEL, SITE, new double[]{now, now, now}, null, null, 0.5, outlook, calendar,
                NOW, deadline);
    }

    /** Hourly forecast for {@code zone} from now, issued now, with the first value measured now. */
    private static ZoneOutlook hourly(String zone, double... gco2PerKwh) {
        ZoneOutlook o = new ZoneOutlook();
        o.measured(zone, NOW, gco2PerKwh[0]);
        for (int h = 0; h < gco2PerKwh.length; h++) {
            o.forecast(zone, NOW.plus(Duration.ofHours(h)), NOW.plus(Duration.ofHours(h + 1)), gco2PerKwh[h], NOW);
        }
        return o;
    }
}
