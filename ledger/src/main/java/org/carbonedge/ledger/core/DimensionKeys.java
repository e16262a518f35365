package org.carbonedge.ledger.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The ledger's key grammar, in one place so the aggregation, the HTTP API and the exports agree on it.
 *
 * <p>A key is {@code all}, or segments {@code name:value} joined by {@code |}, e.g. {@code zone:DE},
 * {@code device:edge-green}, {@code model:mnist-cnn|policy:green}, {@code hour:2026-11-26T23:00Z|zone:DE}. Its
 * dimension is the segment names joined by {@code |} ({@code zone}, {@code model|policy}, {@code hour|zone}).
 * A value is everything after the first {@code :} of its segment, so policies such as
 * {@code custom:0.2,0.2,0.2,0.2,0.2} stay intact. Request labels the ledger is asked to total by are keys
 * {@code label:name=value} (dimension {@code label}), e.g. {@code label:tenant=acme}, with a {@code |} in the value
 * written {@code %7C} (and {@code %} as {@code %25}).
 *
 * <p>Model families (issue #17): {@code family:mobilenetv2} totals the records of requests with an accuracy floor
 * whose variant was chosen from that family, and {@code family:mobilenetv2|model:mobilenetv2-w075} each variant that
 * ran for it, so a family's variants sort side by side. Records without a family are in neither.
 */
public final class DimensionKeys {

    public static final String ALL = "all";
    public static final String ZONE = "zone";
    public static final String DEVICE = "device";
    public static final String MODEL = "model";
    public static final String POLICY = "policy";
    public static final String HOUR = "hour";
    public static final String LABEL = "label";
    public static final String FAMILY = "family";
    public static final String MODEL_POLICY = MODEL + "|" + POLICY;
    public static final String HOUR_POLICY = HOUR + "|" + POLICY;
    public static final String HOUR_ZONE = HOUR + "|" + ZONE;
    public static final String FAMILY_MODEL = FAMILY + "|" + MODEL;

    /** Every dimension the ledger keeps, in the order reports list them. */
    public static final List<String> DIMENSIONS =
            List.of(ALL, ZONE, DEVICE, MODEL, POLICY, MODEL_POLICY, HOUR, HOUR_POLICY, HOUR_ZONE, LABEL, FAMILY,
                    FAMILY_MODEL);

    private static final DateTimeFormatter HOUR_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SEGMENT_SPLIT = Pattern.compile("\\|");

    private DimensionKeys() {
    }

    /** {@code name:value}. */
    public static String of(String name, String value) {
        return name + ":" + value;
    }

    /** {@code name1:value1|name2:value2}. */
    public static String of(String name1, String value1, String name2, String value2) {
        return of(name1, value1) + "|" + of(name2, value2);
    }

    /** {@code label:name=value}, the key of a request label (see the class comment for the escaping). */
    public static String label(String name, String value) {
        return of(LABEL, name + "=" + value.replace("%", "%25").replace("|", "%7C"));
    }

    /** The UTC hour an instant falls in, as keys write it: {@code 2026-11-26T23:00Z}. */
    public static String hour(Instant at) {
        return HOUR_FORMAT.format(at.truncatedTo(ChronoUnit.HOURS));
    }

    /**
     * The dimension of a key.
     *
     * @throws IllegalArgumentException when the key does not follow the grammar or names an unknown dimension
     */
    public static String dimensionOf(String key) {
        if (ALL.equals(key)) {
            return ALL;
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty ledger key: use 'all' or name:value, e.g. zone:DE");
        }
        List<String> names = new ArrayList<>();
        for (String segment : SEGMENT_SPLIT.split(key, -1)) {
            int colon = segment.indexOf(':');
            if (colon <= 0 || colon == segment.length() - 1) {
                throw new IllegalArgumentException("malformed ledger key '" + key + "': segment '" + segment
                        + "' is not name:value");
            }
            names.add(segment.substring(0, colon));
        }
        String dimension = String.join("|", names);
        if (!DIMENSIONS.contains(dimension)) {
            throw new IllegalArgumentException("unknown dimension '" + dimension + "' in ledger key '" + key
                    + "': known dimensions are " + String.join(", ", DIMENSIONS));
        }
        return dimension;
    }

    /** The entries of {@code totals} whose key is in {@code dimension} (all of them when it is null), by key. */
    public static <T> SortedMap<String, T> only(Map<String, T> totals, String dimension) {
        SortedMap<String, T> out = new TreeMap<>();
        totals.forEach((key, value) -> {
            if (dimension == null || dimensionOf(key).equals(dimension)) {
                out.put(key, value);
            }
        });
        return out;
    }

    /** The value of segment {@code name} in {@code key}, or null when the key has no such segment. */
    public static String valueOf(String key, String name) {
        for (String segment : SEGMENT_SPLIT.split(key, -1)) {
            if (segment.startsWith(name + ":")) {
                return segment.substring(name.length() + 1);
            }
        }
        return null;
    }
}
