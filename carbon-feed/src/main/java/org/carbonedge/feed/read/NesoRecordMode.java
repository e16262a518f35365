package org.carbonedge.feed.read;

/**
 * Which values of a UK Carbon Intensity API (NESO) row become records. Each half hour carries a forecast and,
 * once known, an actual value; publishing both for the same interval would give consumers two answers, so the
 * default publishes one record per interval.
 */
public enum NesoRecordMode {
    /** The actual value as MEASURED; where it is empty, the forecast as FORECAST (default: no holes). */
    ACTUAL_ELSE_FORECAST,
    /** Both: actual as MEASURED and forecast as FORECAST, two records per interval where both exist. */
    ACTUAL_AND_FORECAST,
    /** Only actual values (MEASURED); rows with an empty actual produce nothing and leave a gap. */
    ACTUAL_ONLY,
    /** Only forecasts (FORECAST). */
    FORECAST_ONLY
}
