package org.carbonedge.feed.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carbonedge.feed.FeedException;

/**
 * Publishes a source zone's data under other zone names: {@code --zone-alias edge-berlin=DE} sends every DE record
 * again with zone {@code edge-berlin}, so devices placed in invented zones get real grid data. One source zone may
 * have several aliases; an alias names exactly one source zone.
 */
public final class ZoneAliases {
    private static final ZoneAliases NONE = new ZoneAliases(Map.of());

    /** alias → source zone, in the order given. */
    private final Map<String, String> sourceByAlias;

    private ZoneAliases(Map<String, String> sourceByAlias) {
        this.sourceByAlias = Collections.unmodifiableMap(new LinkedHashMap<>(sourceByAlias));
    }

    public static ZoneAliases none() {
        return NONE;
    }

    /** Parses specs of the form {@code alias=ZONE}. */
    public static ZoneAliases parse(List<String> specs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String alias = eq < 0 ? "" : spec.substring(0, eq).strip();
            String zone = eq < 0 ? "" : spec.substring(eq + 1).strip();
            if (alias.isEmpty() || zone.isEmpty() || zone.contains("=")) {
                throw new FeedException("bad --zone-alias '" + spec + "': expected alias=ZONE, e.g. edge-berlin=DE");
            }
            String previous = map.put(alias, zone);
            if (previous != null && !previous.equals(zone)) {
                throw new FeedException("--zone-alias " + alias + " is given twice (" + previous + " and " + zone + ")");
            }
        }
        return new ZoneAliases(map);
    }

    public static ZoneAliases of(Map<String, String> sourceByAlias) {
        return new ZoneAliases(sourceByAlias);
    }

    public boolean isEmpty() {
        return sourceByAlias.isEmpty();
    }

    /** alias → source zone. */
    public Map<String, String> sourceByAlias() {
        return sourceByAlias;
    }

    /** The aliases of {@code sourceZone}, in the order given (empty when none). */
    public List<String> aliasesOf(String sourceZone) {
        List<String> out = new ArrayList<>(1);
        for (Map.Entry<String, String> e : sourceByAlias.entrySet()) {
            if (e.getValue().equals(sourceZone)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** source zone → aliases, sorted by source zone. */
    public Map<String, List<String>> aliasesBySource() {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, String> e : sourceByAlias.entrySet()) {
            out.computeIfAbsent(e.getValue(), z -> new ArrayList<>()).add(e.getKey());
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : sourceByAlias.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
