package org.carbonedge.docker;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to check a dashboard: the metric names an expression selects, with the label names it
 * filters or groups them by. Functions ({@code rate(}), aggregation keywords, strings, ranges and numbers are not
 * metric names.
 */
final class PromQl {

    /** Names and the labels used with them: {@code metric -> labels} ("by"/"without" labels go to every metric). */
    record Selection(Map<String, Set<String>> labelsByMetric) {
        Set<String> metrics() {
            return labelsByMetric.keySet();
        }
    }

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{([^}]*)\\})?(\\s*\\()?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private PromQl() {
    }

    static Selection parse(String expr) {
        String e = STRING.matcher(expr).replaceAll("\"\"");
        Set<String> grouping = new LinkedHashSet<>();
        Matcher g = GROUPING.matcher(e);
        while (g.find()) {
            for (String label : g.group(2).split(",")) {
                if (!label.isBlank()) {
                    grouping.add(label.strip());
                }
            }
        }
        e = GROUPING.matcher(e).replaceAll(" ");
        e = RANGE.matcher(e).replaceAll(" ");
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher m = SELECTOR.matcher(e);
        while (m.find()) {
            String name = m.group(1);
            boolean call = m.group(4) != null && m.group(2) == null;
            boolean number = Character.isDigit(name.charAt(0)) || m.start() > 0 && (Character.isDigit(e.charAt(m.start() - 1)) || e.charAt(m.start() - 1) == '.');
            if (call || number || KEYWORDS.contains(name.toLowerCase())) {
                continue;
            }
            Set<String> labels = out.computeIfAbsent(name, k -> new LinkedHashSet<>());
            labels.addAll(grouping);
            if (m.group(3) != null) {
                Matcher lm = MATCHER.matcher(m.group(3));
                while (lm.find()) {
                    labels.add(lm.group(1));
                }
            }
        }
        return new Selection(out);
    }
}
