package org.carbonedge.feed.quality;

import java.time.Instant;
import java.util.List;

/**
 * Data-quality figures of one zone after normalisation: what was kept, dropped, reordered and filled, and the
 * statistics of the source values (fills excluded). The basis of {@link ZoneSummary}.
 *
 * @param zone            the zone
 * @param rows            source records kept (after dropping duplicates; gap fills not included)
 * @param filled          records added by the gap policy
 * @param duplicates      records dropped because an earlier one had the same start (and kind family)
 * @param outOfOrder      records that arrived with a start earlier than a record read before them
 * @param rejected        rows refused by the readers (bad values, timestamps, columns)
 * @param estimatedRows   kept source records of kind ESTIMATED
 * @param forecastRows    kept source records of kind FORECAST
 * @param meanGco2PerKwh  mean of the kept source values, NaN when there are none
 * @param minGco2PerKwh   minimum of the kept source values, NaN when there are none
 * @param maxGco2PerKwh   maximum of the kept source values, NaN when there are none
 * @param firstValidFrom  start of the first record, or null
 * @param lastValidTo     end of the last record, or null
 * @param gaps            holes found, in time order
 */
public record ZoneQuality(String zone, long rows, long filled, long duplicates, long outOfOrder, long rejected,
                          long estimatedRows, long forecastRows, double meanGco2PerKwh, double minGco2PerKwh,
                          double maxGco2PerKwh, Instant firstValidFrom, Instant lastValidTo, List<Gap> gaps) {
    public ZoneQuality {
        gaps = List.copyOf(gaps);
    }

    /** The one-line summary printed by {@code --dry-run --summary}. */
    public ZoneSummary summary() {
        return new ZoneSummary(zone, rows, meanGco2PerKwh, minGco2PerKwh, maxGco2PerKwh, gaps.size(), rejected);
    }
}
