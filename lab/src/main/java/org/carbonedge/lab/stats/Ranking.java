package org.carbonedge.lab.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Policies ordered by one figure, with those whose difference is inside their 95% intervals printed as tied:
 * {@code green < balanced = paper-green < performance}. Each group is led by its best member; a policy joins the
 * group when it is tied with that leader, so a chain of small steps does not tie the best with the worst.
 */
public final class Ranking {

    private Ranking() {
    }

    /** Groups of tied labels, best (lowest) first. */
    public static <T> List<List<T>> groups(List<T> items, Function<T, Interval> figure) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingDouble(i -> figure.apply(i).estimate()));
        List<List<T>> groups = new ArrayList<>();
        for (T item : sorted) {
            List<T> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && figure.apply(last.get(0)).tiedWith(figure.apply(item))) {
                last.add(item);
            } else {
                List<T> group = new ArrayList<>();
                group.add(item);
                groups.add(group);
            }
        }
        return groups;
    }

    /** e.g. {@code green < balanced = paper-green < performance}. */
    public static <T> String text(List<T> items, Function<T, Interval> figure, Function<T, String> label) {
        StringBuilder s = new StringBuilder();
        for (List<T> group : groups(items, figure)) {
            if (s.length() > 0) {
                s.append(" < ");
            }
            for (int i = 0; i < group.size(); i++) {
                s.append(i == 0 ? "" : " = ").append(label.apply(group.get(i)));
            }
        }
        return s.toString();
    }

    /**
     * Whether {@code middle} is strictly between {@code low} and {@code high} at 95%: told apart from both, and on
     * the right side of each. "tied" when it cannot be told apart from one of them, "no" when it is outside.
     */
    public static String between(Interval low, Interval middle, Interval high) {
        if (middle.tiedWith(low) || middle.tiedWith(high)) {
            return "tied";
        }
        boolean inside = Math.min(low.estimate(), high.estimate()) < middle.estimate()
                && middle.estimate() < Math.max(low.estimate(), high.estimate());
        return inside ? "yes" : "no";
    }
}
