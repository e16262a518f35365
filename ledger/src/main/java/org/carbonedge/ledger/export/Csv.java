package org.carbonedge.ledger.export;

import java.util.List;
import java.util.stream.Collectors;

/**
 * RFC 4180 lines: the exports' keys can hold commas (custom policies), so fields are quoted when they need it. Also
 * used by the demo's CSV report.
 */
public final class Csv {

    private Csv() {
    }

    public static String line(List<String> fields) {
        return fields.stream().map(Csv::field).collect(Collectors.joining(",")) + "\r\n";
    }

    public static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A number as Java writes doubles (round-trips exactly; Python and pandas read it); empty for NaN. */
    public static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "" : Double.toString(value);
    }
}
