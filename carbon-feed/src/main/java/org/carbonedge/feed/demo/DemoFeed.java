package org.carbonedge.feed.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;

/**
 * The built-in feed for the one-machine default: hourly {@code GridIntensity} records for any time range from the
 * typical-day {@link DemoProfiles}, kind ESTIMATED (they are typical values, not measurements), signal AVERAGE,
 * source {@code demo-profile}. Its output has the same shape as a loaded file, so it goes through the same replay
 * engine (e.g. rebased to now at speed 3600).
 */
public final class DemoFeed {
    public static final String SOURCE = "demo-profile";

    private DemoFeed() {
    }

    /**
     * Zone → hourly records covering {@code [from, to)}: from the start of {@code from}'s UTC hour to the last hour
     * starting before {@code to}.
     */
    public static Map<String, List<GridIntensity>> series(Collection<String> zones, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new FeedException("demo feed: from " + from + " must be before to " + to);
        }
        Map<String, List<GridIntensity>> out = new TreeMap<>();
        Instant first = from.truncatedTo(ChronoUnit.HOURS);
        for (String zone : zones) {
            double[] profile = DemoProfiles.profile(zone);
            List<GridIntensity> records = new ArrayList<>();
            for (Instant t = first; t.isBefore(to); t = t.plus(1, ChronoUnit.HOURS)) {
                int hour = t.atOffset(ZoneOffset.UTC).getHour();
                records.add(new GridIntensity(zone, t, t.plus(1, ChronoUnit.HOURS), profile[hour],
                        SignalType.AVERAGE, IntensityKind.ESTIMATED, SOURCE, null));
            }
            out.put(zone, records);
        }
        return out;
    }

    /** Every demo zone over {@code [from, to)}. */
    public static Map<String, List<GridIntensity>> series(Instant from, Instant to) {
        return series(DemoProfiles.zones(), from, to);
    }

    /** The records of {@link #series} merged in time order (ties by zone). */
    public static List<GridIntensity> records(Collection<String> zones, Instant from, Instant to) {
        List<GridIntensity> all = new ArrayList<>();
        series(zones, from, to).values().forEach(all::addAll);
        all.sort((a, b) -> {
            int c = a.getValidFrom().compareTo(b.getValidFrom());
            return c != 0 ? c : a.getZone().compareTo(b.getZone());
        });
        return all;
    }

    /** Zone → its 24-value profile, for display. */
    public static Map<String, double[]> profiles() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String zone : DemoProfiles.zones()) {
            out.put(zone, DemoProfiles.profile(zone));
        }
        return out;
    }
}
