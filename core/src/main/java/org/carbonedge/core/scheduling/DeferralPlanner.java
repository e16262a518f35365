package org.carbonedge.core.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.carbonedge.core.carbon.Carbon;
import org.carbonedge.core.planning.DeviceView;
import org.carbonedge.core.planning.ModelView;
import org.carbonedge.core.planning.Plan;
import org.carbonedge.core.planning.PlannedStage;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.Policy;

/**
 * Chooses release time and placement together for a request that may wait until {@code deadline}: the lowest
 * expected carbon such that it still completes by then with a margin ({@link DeferralConfig}).
 *
 * <p>It plans at once with the intensities of now (the counterfactual, and the plan when nothing better is
 * expected), then prices that plan at every release slot up to the latest safe start and the end of the forecasts:
 * only the stages' operational emissions move with the grid (energy × intensity of the stage's zone at that time ×
 * PUE); embodied and transfer emissions are taken as they were planned. A slot whose devices are already promised
 * to other held requests ({@link ReleaseCalendar}) is skipped, which spreads a crowd over the window. When the
 * devices span several zones the best slot can favour another placement, so the planner plans once more with that
 * slot's intensities and the cheaper of the two wins: two planner calls and one pass over the slots, whatever the
 * window. Now is slot 0 and wins ties: if the intensity now is already below what is forecast for the rest of the
 * window, it runs now.
 *
 * <p>Outcomes that are not a wait: a deadline already past, or too close to gain anything, runs now (the router's
 * own deadline handling applies as to any request); a window beyond the forecasts is cut at their horizon (it waits at
 * most as far as forecasts reach, and is decided again when newer ones arrive); no eligible device is no plan, with
 * the planner's reason.
 */
public final class DeferralPlanner {

    private final Planner planner;
    private final DeferralConfig config;
    private final double pue;

    public DeferralPlanner(Planner planner, DeferralConfig config) {
        this.planner = planner;
        this.config = config;
        this.pue = planner.config().pue();
    }

    public DeferralConfig config() {
        return config;
    }

    /**
     * Decides for one request.
     *
     * @param gco2NowPerKwh intensity of each device's zone now, in the order of {@code devices} (as for the planner)
     * @param outlook       expected intensities ahead, per zone
     * @param calendar      device time promised to other held requests; not changed here (the caller reserves
     *                      the decision's slot when it holds the request)
     */
    public Deferral decide(Policy policy, ModelView model, List<DeviceView> devices, double[] gco2NowPerKwh,
                           double[] reportAgeMillis, Double latencySloMillis, double hopLatencyMillis,
                           ZoneOutlook outlook, ReleaseCalendar calendar, Instant now, Instant deadline) {
        Plan atOnce = planner.plan(policy, model, devices, gco2NowPerKwh, reportAgeMillis, latencySloMillis,
                hopLatencyMillis);
        if (atOnce == null) {
            return new Deferral(null, now, 0, 0, planner.noPlanReason());
        }
        double runNow = atOnce.expectedGco2();
        long slotMillis = config.slot().toMillis();
        long windowMillis = deadline.toEpochMilli() - now.toEpochMilli();
        long marginMillis = Math.max(config.minMargin().toMillis(), (long) (windowMillis * config.marginShare()));
        long latestStart = Math.min(deadline.toEpochMilli() - (long) Math.ceil(atOnce.expectedLatencyMillis())
                - marginMillis, now.toEpochMilli() + config.maxHold().toMillis());
        if (latestStart < now.toEpochMilli() + slotMillis) {
            return new Deferral(atOnce, now, runNow, runNow, windowMillis <= 0 ? "deadline already past: runs now"
                    : "deadline too close to gain anything by waiting: runs now");
        }
        Choice best = bestSlot(atOnce, gco2NowPerKwh, devices, outlook, calendar, now, latestStart);
        if (best.releaseMillis > now.toEpochMilli() && spansZones(devices)) {
            double[] then = new double[devices.size()];
            for (int i = 0; i < then.length; i++) {
                double v = outlook.gco2PerKwh(devices.get(i).zone(), now, Instant.ofEpochMilli(best.releaseMillis));
                then[i] = Double.isNaN(v) ? gco2NowPerKwh[i] : v;
            }
            Plan alternative = planner.plan(policy, model, devices, then, reportAgeMillis, latencySloMillis,
                    hopLatencyMillis);
            if (alternative != null) {
                Choice other = bestSlot(alternative, then, devices, outlook, calendar, now, latestStart);
                if (other.gco2 < best.gco2) {
                    best = other;
                }
            }
        }
        if (best.releaseMillis <= now.toEpochMilli()) {
            return new Deferral(atOnce, now, runNow, runNow, best.reason);
        }
        return new Deferral(best.plan, Instant.ofEpochMilli(best.releaseMillis), best.gco2, runNow,
                "waits " + Duration.ofMillis(best.releaseMillis - now.toEpochMilli()).toMinutes()
                        + " min for a cleaner grid (expected " + percent(best.gco2, runNow) + " of running now)");
    }

    private record Choice(Plan plan, long releaseMillis, double gco2, String reason) {
    }

    /** The cheapest release slot for {@code plan}, priced at the intensities {@code plan} was planned with. */
    private Choice bestSlot(Plan plan, double[] plannedWith, List<DeviceView> devices, ZoneOutlook outlook,
                            ReleaseCalendar calendar, Instant now, long latestStart) {
        List<PlannedStage> stages = plan.stages();
        double fixed = plan.expectedGco2();
        for (PlannedStage s : stages) {
            fixed -= Carbon.grams(s.energyJoules(), intensityOf(s.zone(), devices, plannedWith), pue);
        }
        long slotMillis = config.slot().toMillis();
        long horizon = latestStart;
        for (PlannedStage s : stages) {
            Instant h = outlook.horizon(s.zone());
            horizon = h == null ? now.toEpochMilli() : Math.min(horizon, h.toEpochMilli() - 1);
        }
        Choice best = new Choice(plan, now.toEpochMilli(), plan.expectedGco2(), horizon <= now.toEpochMilli()
                ? "no forecast ahead for the plan's zones: runs now" : "the grid is cleanest now within the window: runs now");
        long first = calendar.slotOf(now) + slotMillis;
        if (horizon < first) {
            return best;
        }
        int slots = (int) ((horizon - first) / slotMillis) + 1;
        double[][] byStage = new double[stages.size()][];
        double[] grams = new double[stages.size()];
        for (int j = 0; j < stages.size(); j++) {
            byStage[j] = outlook.forecastSeries(stages.get(j).zone(), first, slotMillis, slots);
            grams[j] = Carbon.grams(stages.get(j).energyJoules(), 1, pue); // per g/kWh
        }
        for (int k = 0; k < slots; k++) {
            double gco2 = fixed;
            for (int j = 0; j < byStage.length; j++) {
                gco2 += grams[j] * byStage[j][k]; // NaN where a zone has no forecast: never chosen
            }
            long t = first + k * slotMillis;
            if (gco2 < best.gco2 && calendar.fits(stages, t)) {
                best = new Choice(plan, t, gco2, "");
            }
        }
        return best;
    }

    private static double intensityOf(String zone, List<DeviceView> devices, double[] gco2PerKwh) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).zone().equals(zone)) {
                return gco2PerKwh[i];
            }
        }
        return 0;
    }

    private static boolean spansZones(List<DeviceView> devices) {
        String first = devices.isEmpty() ? null : devices.get(0).zone();
        return devices.stream().anyMatch(d -> !d.zone().equals(first));
    }

    private static String percent(double part, double whole) {
        return whole > 0 ? Math.round(100 * part / whole) + "%" : "n/a";
    }
}
