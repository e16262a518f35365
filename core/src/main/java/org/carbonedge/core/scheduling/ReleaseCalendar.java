package org.carbonedge.core.scheduling;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.carbonedge.core.planning.PlannedStage;

/**
 * Device time already promised to held requests, per device and release slot. When many requests want the same
 * green hour, a device's throughput limits that hour: a slot is full once its promised busy time reaches
 * {@link DeferralConfig#maxBusyShare()} of its length, and the planner spreads the rest over the window instead of
 * queueing past deadlines. It is derived state — the sum of the held requests' plans — so a restart rebuilds it from
 * them. Bounded: slots that ended are dropped by {@link #forgetBefore}.
 */
public final class ReleaseCalendar {

    private final long slotMillis;
    private final double capacityMillis;
    private final Map<String, NavigableMap<Long, double[]>> busy = new HashMap<>();

    public ReleaseCalendar(DeferralConfig config) {
        this.slotMillis = config.slot().toMillis();
        this.capacityMillis = slotMillis * config.maxBusyShare();
    }

    /** The slot {@code at} falls in (its start, epoch millis). */
    public long slotOf(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), slotMillis) * slotMillis;
    }

    /** Whether every stage's device still has room in the slot starting at {@code slotStartMillis}. */
    public boolean fits(Iterable<PlannedStage> stages, long slotStartMillis) {
        for (PlannedStage s : stages) {
            if (promised(s.deviceId(), slotStartMillis) + s.expectedMillis() > capacityMillis) {
                return false;
            }
        }
        return true;
    }

    /** Promises the stages' device time in the slot starting at {@code slotStartMillis}. */
    public void reserve(Iterable<PlannedStage> stages, long slotStartMillis) {
        for (PlannedStage s : stages) {
            busy.computeIfAbsent(s.deviceId(), d -> new TreeMap<>())
                    .computeIfAbsent(slotStartMillis, t -> new double[1])[0] += s.expectedMillis();
        }
    }

    /** Takes a promise back (a held request released early, re-planned or given up). */
    public void cancel(Iterable<PlannedStage> stages, long slotStartMillis) {
        for (PlannedStage s : stages) {
            NavigableMap<Long, double[]> slots = busy.get(s.deviceId());
            double[] b = slots == null ? null : slots.get(slotStartMillis);
            if (b != null) {
                b[0] = Math.max(0, b[0] - s.expectedMillis());
                if (b[0] == 0) {
                    slots.remove(slotStartMillis);
                }
            }
        }
    }

    /** Device time promised on {@code deviceId} in the slot starting at {@code slotStartMillis}, ms. */
    public double promised(String deviceId, long slotStartMillis) {
        NavigableMap<Long, double[]> slots = busy.get(deviceId);
        double[] b = slots == null ? null : slots.get(slotStartMillis);
        return b == null ? 0 : b[0];
    }

    /** Drops the slots that ended before {@code now}. */
    public void forgetBefore(Instant now) {
        long current = slotOf(now);
        busy.values().forEach(slots -> slots.headMap(current, false).clear());
        busy.values().removeIf(Map::isEmpty);
    }
}
