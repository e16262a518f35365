package org.carbonedge.core.carbon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.SignalType;

/**
 * Every zone's intensity histories (one per signal), answering "what was the intensity of zone Z at time T".
 * When no interval covers T, the latest interval that ended at most {@link IntensityLimits#maxCarryForward()}
 * before T is carried forward as ESTIMATED (a feed that is a little late should not make a known zone fall back to
 * the global default). Not thread-safe.
 */
public final class IntensityTable implements IntensityLookup {

    private final IntensityLimits limits;
    private final Map<String, Map<SignalType, IntensityHistory>> zones = new HashMap<>();

    public IntensityTable(IntensityLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A table holding {@code records} (e.g. restored from checkpointed state). */
    public static IntensityTable of(IntensityLimits limits, Iterable<GridIntensity> records) {
        IntensityTable table = new IntensityTable(limits);
        records.forEach(table::add);
        return table;
    }

    /**
     * Adds one interval to its zone's history.
     *
     * @throws IllegalArgumentException when the record is not a valid interval ({@link IntensityHistory#problem})
     */
    public void add(GridIntensity record) {
        String problem = IntensityHistory.problem(record);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        zones.computeIfAbsent(record.getZone(), z -> new EnumMap<>(SignalType.class))
                .computeIfAbsent(record.getSignal(), s -> new IntensityHistory(record.getZone(), s, limits))
                .add(record);
    }

    @Override
    public Optional<Intensity> at(String zone, SignalType signal, Instant time) {
        IntensityHistory history = history(zone, signal);
        if (history == null) {
            return Optional.empty();
        }
        Optional<Intensity> exact = history.at(time);
        if (exact.isPresent() || limits.maxCarryForward().isZero()) {
            return exact;
        }
        Instant oldestAccepted = time.minus(limits.maxCarryForward());
        return history.latestEndedBy(time)
                .filter(g -> !g.getValidTo().isBefore(oldestAccepted))
                .map(g -> Intensity.of(g).estimated("carried-forward-from-" + g.getValidFrom()));
    }

    /** Every interval kept for {@code zone}, all signals, in time order per signal. */
    public List<GridIntensity> intervals(String zone) {
        List<GridIntensity> all = new ArrayList<>();
        Map<SignalType, IntensityHistory> bySignal = zones.get(zone);
        if (bySignal != null) {
            bySignal.values().forEach(h -> all.addAll(h.intervals()));
        }
        return all;
    }

    /** Zones with at least one interval. */
    public Set<String> zones() {
        return Set.copyOf(zones.keySet());
    }

    /** The history of one zone and signal, or null when none was received. */
    public IntensityHistory history(String zone, SignalType signal) {
        Map<SignalType, IntensityHistory> bySignal = zones.get(zone);
        return bySignal == null ? null : bySignal.get(signal);
    }
}
