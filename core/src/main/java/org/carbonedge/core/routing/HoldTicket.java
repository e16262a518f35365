package org.carbonedge.core.routing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.carbonedge.core.planning.PlannedStage;

/**
 * What the router keeps about a deferrable request it holds: enough to re-plan it and to price its counterfactual,
 * never its tensors (the request itself is read back from its Kafka position at release). Arrays rather than maps
 * and lists, so a stream processor can keep it as a plain POJO: a few hundred bytes per held request.
 *
 * @param modelId            the request's model
 * @param policy             the request's policy, as written
 * @param latencySloMillis   the request's latency objective, or null
 * @param submittedAtMillis  when the request was submitted, epoch ms (for its record if it never runs)
 * @param deadlineMillis     the request's hard completion deadline, epoch ms
 * @param heldAtMillis       when the router first decided on it, epoch ms
 * @param decidedAtMillis    when the current release time was decided, epoch ms
 * @param releaseAtMillis    planned release, epoch ms
 * @param slotStartMillis    start of the calendar slot its device time is promised in, epoch ms
 * @param expectedGco2       expected emissions when released then
 * @param runNowGco2         expected emissions had it run at {@code heldAtMillis}
 * @param reason             why it waits
 * @param zones              zones the router planned with at hold time
 * @param gco2PerKwhAtHold   their intensities then, in the order of {@code zones}
 * @param stageDeviceIds     devices of the planned stages (the promised device time)
 * @param stageMillis        expected compute time of each stage, ms
 */
public record HoldTicket(String modelId, String policy, Double latencySloMillis, long submittedAtMillis,
                         long deadlineMillis,
                         long heldAtMillis, long decidedAtMillis, long releaseAtMillis, long slotStartMillis,
                         double expectedGco2, double runNowGco2, String reason, String[] zones,
                         double[] gco2PerKwhAtHold, String[] stageDeviceIds, double[] stageMillis) {

    public HoldTicket {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(policy, "policy");
        if (zones.length != gco2PerKwhAtHold.length || stageDeviceIds.length != stageMillis.length) {
            throw new IllegalArgumentException("zones/intensities and devices/times must pair up");
        }
    }

    /** The zones' intensities at hold time, as the plan's deferral carries them. */
    public Map<String, Double> gco2PerKwhAtHoldByZone() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < zones.length; i++) {
            m.put(zones[i], gco2PerKwhAtHold[i]);
        }
        return m;
    }

    /** The promised device time as calendar entries. */
    List<PlannedStage> promisedStages() {
        PlannedStage[] stages = new PlannedStage[stageDeviceIds.length];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = new PlannedStage(stageDeviceIds[i], "", 0, 0, stageMillis[i], 0, 0, 0);
        }
        return List.of(stages);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HoldTicket t && Objects.equals(modelId, t.modelId) && Objects.equals(policy, t.policy)
                && Objects.equals(latencySloMillis, t.latencySloMillis) && submittedAtMillis == t.submittedAtMillis
                && deadlineMillis == t.deadlineMillis
                && heldAtMillis == t.heldAtMillis && decidedAtMillis == t.decidedAtMillis
                && releaseAtMillis == t.releaseAtMillis && slotStartMillis == t.slotStartMillis
                && Double.compare(expectedGco2, t.expectedGco2) == 0 && Double.compare(runNowGco2, t.runNowGco2) == 0
                && Objects.equals(reason, t.reason) && Arrays.equals(zones, t.zones)
                && Arrays.equals(gco2PerKwhAtHold, t.gco2PerKwhAtHold) && Arrays.equals(stageDeviceIds, t.stageDeviceIds)
                && Arrays.equals(stageMillis, t.stageMillis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelId, policy, deadlineMillis, heldAtMillis, releaseAtMillis);
    }

    @Override
    public String toString() {
        return "HoldTicket{" + modelId + ", " + policy + ", held " + heldAtMillis + ", release " + releaseAtMillis
                + ", deadline " + deadlineMillis + ", " + expectedGco2 + " g vs " + runNowGco2 + " g now}";
    }
}
