package org.carbonedge.core.planning;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mean accuracy objectives written as {@code LABEL=VALUE:MEAN/WINDOW} ({@code tenant=acme:0.70/PT1H}): the one
 * syntax of {@code up --accuracy-objective}, the cluster's and Docker's {@code CARBONEDGE_ACCURACY_OBJECTIVES} and
 * the router job's arguments, parsed in one place so a spec means the same on every front end.
 */
public final class AccuracyObjectiveSpecs {

    /** The environment variable the router job's main reads: specs separated by commas or white space. */
    public static final String ENV = "CARBONEDGE_ACCURACY_OBJECTIVES";
    private static final Pattern SPEC = Pattern.compile("([^=:,\\s]+=[^:,\\s]+):([0-9]*\\.?[0-9]+)/(\\S+)");
    private static final int MAX_SPECS = 1_000;

    private AccuracyObjectiveSpecs() {
    }

    /**
     * The objectives of {@code specs} by label ({@code name=value}), in order.
     *
     * @throws IllegalArgumentException naming the first bad spec and why, or a label given twice
     */
    public static Map<String, AccuracyObjective> parse(List<String> specs) {
        if (specs.size() > MAX_SPECS) {
            throw new IllegalArgumentException("at most " + MAX_SPECS + " accuracy objectives, were " + specs.size());
        }
        Map<String, AccuracyObjective> out = new LinkedHashMap<>();
        for (String spec : specs) {
            Matcher m = SPEC.matcher(spec == null ? "" : spec.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid accuracy objective '" + spec
                        + "': use LABEL=VALUE:MEAN/WINDOW, e.g. tenant=acme:0.70/PT1H");
            }
            AccuracyObjective objective;
            try {
                objective = new AccuracyObjective(Double.parseDouble(m.group(2)), Duration.parse(m.group(3)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invalid accuracy objective '" + spec + "': window '" + m.group(3)
                        + "' is not an ISO-8601 duration (PT1H, PT30M)");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid accuracy objective '" + spec + "': " + e.getMessage());
            }
            if (out.put(m.group(1), objective) != null) {
                throw new IllegalArgumentException("accuracy objective for '" + m.group(1) + "' given twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The objectives of {@code joined}: specs separated by commas or white space; null or blank: none. */
    public static Map<String, AccuracyObjective> parse(String joined) {
        if (joined == null || joined.isBlank()) {
            return Map.of();
        }
        return parse(List.of(joined.strip().split("[,\\s]+")));
    }
}
