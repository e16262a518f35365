package org.carbonedge.lab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart: one coloured line per series with a legend, optionally as steps (each value holds until the next
 * x, as an hourly intensity does) over a UTC time axis, and optionally a shaded band marking a span of x (e.g. when
 * a run happened). A NaN value breaks its line. The y axis starts at zero unless a value is negative.
 */
public final class LineChart extends Chart {

    private record Series(String name, double[] x, double[] y) {
    }

    /** A band narrower than this is widened so it stays visible. */
    private static final double MIN_BAND_PX = 3;

    private final List<Series> series = new ArrayList<>();
    private boolean time;
    private boolean steps;
    private boolean markers;
    private double bandFrom = Double.NaN;
    private double bandTo = Double.NaN;
    private String bandLabel;

    public LineChart(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
    }

    /** x values are epoch milliseconds, shown as UTC hours and dates. */
    public LineChart utcTimeAxis() {
        this.time = true;
        return this;
    }

    /** Draw each series as steps: a value holds until the next point's x. */
    public LineChart steps() {
        this.steps = true;
        return this;
    }

    /** Draw a dot at every point. */
    public LineChart markers() {
        this.markers = true;
        return this;
    }

    public LineChart series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    /** Shades [from, to] of the x axis and labels it. */
    public LineChart band(double from, double to, String label) {
        this.bandFrom = from;
        this.bandTo = to;
        this.bandLabel = label;
        return this;
    }

    @Override
    public void render(Markup m) {
        Plot plot = plot();
        plot.begin(m, title);
        plot.legend(m, series.stream().map(Series::name).toList());
        plot.axes(m, xLabel, yLabel);
        if (!Double.isNaN(bandFrom)) {
            double x0 = plot.x(bandFrom);
            double width = Math.max(MIN_BAND_PX, plot.x(bandTo) - x0);
            m.empty("rect", "x", x0, "y", plot.top(), "width", width, "height", plot.bottom() - plot.top(),
                    "fill", "#999999", "fill-opacity", 0.35);
            boolean leftOfBand = x0 > (plot.left() + plot.right()) / 2;
            m.element("text", bandLabel, "x", leftOfBand ? x0 - 4 : x0 + width + 4, "y", plot.top() + 14,
                    "text-anchor", leftOfBand ? "end" : "start", "fill", "#444444").newline();
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            for (String points : segments(plot, s)) {
                m.empty("polyline", "points", points, "fill", "none", "stroke", Plot.colour(i), "stroke-width", 2);
            }
            if (markers) {
                for (int k = 0; k < s.x().length; k++) {
                    if (Double.isFinite(s.y()[k])) {
                        m.empty("circle", "cx", plot.x(s.x()[k]), "cy", plot.y(s.y()[k]), "r", 3.5, "fill", Plot.colour(i));
                    }
                }
            }
            m.newline();
        }
        plot.end(m);
    }

    private Plot plot() {
        double xLow = Double.POSITIVE_INFINITY;
        double xHigh = Double.NEGATIVE_INFINITY;
        double yLow = 0;
        double yHigh = 0;
        for (Series s : series) {
            for (int k = 0; k < s.x().length; k++) {
                xLow = Math.min(xLow, s.x()[k]);
                xHigh = Math.max(xHigh, s.x()[k]);
                if (Double.isFinite(s.y()[k])) {
                    yLow = Math.min(yLow, s.y()[k]);
                    yHigh = Math.max(yHigh, s.y()[k]);
                }
            }
        }
        if (!Double.isNaN(bandFrom)) {
            xLow = Math.min(xLow, bandFrom);
            xHigh = Math.max(xHigh, bandTo);
        }
        if (xLow > xHigh) {
            xLow = 0;
            xHigh = 1;
        }
        return time ? Plot.time(xLow, xHigh, yLow, yHigh) : Plot.numeric(xLow, xHigh, yLow, yHigh);
    }

    /** The series' point lists ("x,y x,y ..."), one per run of finite values. */
    private List<String> segments(Plot plot, Series s) {
        List<String> out = new ArrayList<>();
        StringBuilder points = new StringBuilder();
        for (int k = 0; k < s.x().length; k++) {
            double v = s.y()[k];
            if (!Double.isFinite(v)) {
                flush(points, out);
                continue;
            }
            if (steps && points.length() > 0) {
                append(points, plot.x(s.x()[k]), plot.y(s.y()[k - 1]));
            }
            append(points, plot.x(s.x()[k]), plot.y(v));
        }
        flush(points, out);
        return out;
    }

    private static void append(StringBuilder points, double x, double y) {
        points.append(points.length() == 0 ? "" : " ").append(Markup.number(x)).append(',').append(Markup.number(y));
    }

    private static void flush(StringBuilder points, List<String> out) {
        if (points.length() > 0) {
            out.add(points.toString());
            points.setLength(0);
        }
    }
}
