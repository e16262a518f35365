package org.carbonedge.feed.read;

import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;

/**
 * Applies a {@link NesoRecordMode} to one interval's forecast and actual values; shared by the NESO CSV and JSON
 * readers so both treat empty actuals the same way.
 */
final class NesoRowEmitter {
    private final NesoRecordMode mode;
    private long emptyActualFallbacks;
    private long emptyActualSkipped;

    NesoRowEmitter(NesoRecordMode mode) {
        this.mode = mode;
    }

    /**
     * Emits the records for one interval. {@code forecast} or {@code actual} may be NaN-free nulls (absent).
     * Values must already be checked.
     */
    void emit(RowCollector out, String zone, long fromMillis, long toMillis, Double forecast, Double actual,
              String source) {
        boolean useActual = mode != NesoRecordMode.FORECAST_ONLY && actual != null;
        boolean useForecast = forecast != null && (mode == NesoRecordMode.FORECAST_ONLY
                || mode == NesoRecordMode.ACTUAL_AND_FORECAST
                || (mode == NesoRecordMode.ACTUAL_ELSE_FORECAST && actual == null));
        if (actual == null && mode == NesoRecordMode.ACTUAL_ELSE_FORECAST && forecast != null) {
            emptyActualFallbacks++;
        }
        if (actual == null && mode == NesoRecordMode.ACTUAL_ONLY) {
            emptyActualSkipped++;
        }
        if (useActual) {
            out.add(zone, fromMillis, toMillis, actual, SignalType.AVERAGE, IntensityKind.MEASURED, source, null);
        }
        if (useForecast) {
            out.add(zone, fromMillis, toMillis, forecast, SignalType.AVERAGE, IntensityKind.FORECAST, source, null);
        }
    }

    /** Adds a note to the result describing how empty actual values were handled. */
    void addNotes(RowCollector out) {
        if (emptyActualFallbacks > 0) {
            out.note(out.sourceName() + ": " + emptyActualFallbacks
                    + " intervals without an actual value were published with their forecast (kind FORECAST)");
        }
        if (emptyActualSkipped > 0) {
            out.note(out.sourceName() + ": " + emptyActualSkipped
                    + " intervals without an actual value were skipped (actual-only mode)");
        }
    }

    long emptyActualFallbacks() {
        return emptyActualFallbacks;
    }
}
