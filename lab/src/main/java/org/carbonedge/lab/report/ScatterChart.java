package org.carbonedge.lab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A scatter chart of labelled points (e.g. one per policy: latency against carbon). Both axes start at zero, so
 * distances read as proportions; labels are moved aside where they would cover one another, so points that
 * coincide stay readable. Points with a NaN coordinate are left out.
 */
public final class ScatterChart extends Chart {

    private record Point(String label, double x, double y) {
    }

    private record Box(double x0, double y0, double x1, double y1) {
        boolean overlaps(Box o) {
            return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
        }
    }

    private static final double LINE = 15;

    private final List<Point> points = new ArrayList<>();

    public ScatterChart(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
    }

    public ScatterChart point(String label, double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            points.add(new Point(label, x, y));
        }
        return this;
    }

    @Override
    public void render(Markup m) {
        double xHigh = points.stream().mapToDouble(Point::x).max().orElse(1);
        double yHigh = points.stream().mapToDouble(Point::y).max().orElse(1);
        double xLow = Math.min(0, points.stream().mapToDouble(Point::x).min().orElse(0));
        double yLow = Math.min(0, points.stream().mapToDouble(Point::y).min().orElse(0));
        Plot plot = Plot.numeric(xLow, xHigh, yLow, yHigh);
        plot.begin(m, title);
        plot.axes(m, xLabel, yLabel);
        List<Box> placed = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double px = plot.x(p.x());
            double py = plot.y(p.y());
            placed.add(new Box(px - 5, py - 5, px + 5, py + 5));
        }
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double px = plot.x(p.x());
            double py = plot.y(p.y());
            m.empty("circle", "cx", px, "cy", py, "r", 5, "fill", Plot.colour(i), "stroke", "#ffffff");
            Box label = place(plot, px, py, p.label().length() * Plot.CHAR_WIDTH, placed);
            placed.add(label);
            boolean leftward = label.x1() <= px;
            m.element("text", p.label(), "x", leftward ? label.x1() : label.x0(), "y", label.y1() - 3,
                    "text-anchor", leftward ? "end" : "start", "fill", Plot.colour(i)).newline();
        }
        plot.end(m);
    }

    /** The first spot beside the point, right then left, moving outwards, where the label covers nothing placed. */
    private static Box place(Plot plot, double px, double py, double width, List<Box> placed) {
        Box fallback = null;
        for (int k = 0; k < 12; k++) {
            double dy = (k % 2 == 0 ? 1 : -1) * ((k + 1) / 2) * LINE;
            for (boolean right : new boolean[] {true, false}) {
                double x0 = right ? px + 8 : px - 8 - width;
                Box b = new Box(x0, py - LINE / 2 + 2 + dy, x0 + width, py + LINE / 2 + 2 + dy);
                boolean inside = b.x0() >= plot.left() && b.x1() <= Plot.WIDTH && b.y0() >= plot.top() - LINE
                        && b.y1() <= Plot.HEIGHT;
                if (fallback == null && inside) {
                    fallback = b;
                }
                if (inside && placed.stream().noneMatch(b::overlaps)) {
                    return b;
                }
            }
        }
        return fallback != null ? fallback : new Box(px + 8, py - 5, px + 8 + width, py + 10);
    }
}
