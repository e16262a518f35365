package org.carbonedge.feed.quality;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.carbonedge.avro.GridIntensity;

/**
 * Per-zone series ready to replay: sorted by start time, duplicates dropped, gaps handled by the chosen policy,
 * with the quality figures of each zone. Zones iterate in name order so output is reproducible.
 */
public final class NormalizedFeed {
    private final SortedMap<String, List<GridIntensity>> series;
    private final SortedMap<String, ZoneQuality> quality;
    private final GapPolicy gapPolicy;

    NormalizedFeed(Map<String, List<GridIntensity>> series, Map<String, ZoneQuality> quality, GapPolicy gapPolicy) {
        this.series = Collections.unmodifiableSortedMap(new TreeMap<>(series));
        this.quality = Collections.unmodifiableSortedMap(new TreeMap<>(quality));
        this.gapPolicy = gapPolicy;
    }

    /** Zone → records sorted by {@code validFrom} (each list unmodifiable). */
    public SortedMap<String, List<GridIntensity>> series() {
        return series;
    }

    /** Zone → quality figures, including zones that only had rejected rows. */
    public SortedMap<String, ZoneQuality> quality() {
        return quality;
    }

    public GapPolicy gapPolicy() {
        return gapPolicy;
    }

    /** Total records across zones, gap fills included. */
    public long recordCount() {
        long n = 0;
        for (List<GridIntensity> s : series.values()) {
            n += s.size();
        }
        return n;
    }
}
