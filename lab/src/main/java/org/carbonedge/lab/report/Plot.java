package org.carbonedge.lab.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The frame every chart shares: an SVG of fixed size with the title and a legend row on top, the plot area inside
 * margins, linear scales, grid lines at the ticks, tick labels and axis titles. The x axis holds numbers or UTC
 * times (epoch milliseconds); the y axis numbers.
 */
final class Plot {

    static final double WIDTH = 720;
    static final double HEIGHT = 400;
    static final double LEFT = 84;
    static final double RIGHT = 28;
    static final double TOP = 64;
    static final double BOTTOM = 60;
    /** Okabe–Ito colours: told apart by colour-blind readers too. */
    static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9",
            "#000000", "#F0E442");
    /** Approximate width of a character of the 12 px sans-serif labels. */
    static final double CHAR_WIDTH = 7;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final double[] xTicks;
    private final double[] yTicks;
    private final boolean time;

    private Plot(double xMin, double xMax, double[] xTicks, double[] yTicks, boolean time) {
        this.xMin = xMin;
        this.xMax = xMax;
        this.xTicks = xTicks;
        this.yTicks = yTicks;
        this.yMin = yTicks[0];
        this.yMax = yTicks[yTicks.length - 1];
        this.time = time;
    }

    /** Numeric x and y axes covering the given data ranges, widened to whole ticks. */
    static Plot numeric(double xLow, double xHigh, double yLow, double yHigh) {
        double[] xt = Ticks.covering(xLow, xHigh, 8);
        return new Plot(xt[0], xt[xt.length - 1], xt, Ticks.covering(yLow, yHigh, 5), false);
    }

    /** A UTC time x axis over exactly [fromMillis, toMillis] with ticks at whole hours; a numeric y axis. */
    static Plot time(double fromMillis, double toMillis, double yLow, double yHigh) {
        List<Instant> hours = Ticks.hours(Instant.ofEpochMilli((long) fromMillis), Instant.ofEpochMilli((long) toMillis), 10);
        double[] xt = hours.stream().mapToDouble(Instant::toEpochMilli).toArray();
        return new Plot(fromMillis, toMillis, xt, Ticks.covering(yLow, yHigh, 5), true);
    }

    double x(double value) {
        double span = xMax - xMin;
        return LEFT + (span == 0 ? 0.5 : (value - xMin) / span) * (WIDTH - LEFT - RIGHT);
    }

    double y(double value) {
        return HEIGHT - BOTTOM - (value - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
    }

    double left() {
        return LEFT;
    }

    double right() {
        return WIDTH - RIGHT;
    }

    double top() {
        return TOP;
    }

    double bottom() {
        return HEIGHT - BOTTOM;
    }

    /** Opens the {@code <svg>} element and writes its accessible title, background and visible title. */
    void begin(Markup m, String title) {
        m.open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", WIDTH, "height", HEIGHT,
                "viewBox", "0 0 " + Markup.number(WIDTH) + " " + Markup.number(HEIGHT), "role", "img",
                "aria-label", title, "font-family", "sans-serif", "font-size", 12).newline();
        m.element("title", title).newline();
        m.empty("rect", "x", 0, "y", 0, "width", WIDTH, "height", HEIGHT, "fill", "#ffffff").newline();
        m.element("text", title, "x", LEFT, "y", 22, "font-size", 15, "font-weight", "bold").newline();
    }

    /** A row of coloured keys under the title, one per series. */
    void legend(Markup m, List<String> names) {
        double x = LEFT;
        for (int i = 0; i < names.size(); i++) {
            m.empty("rect", "x", x, "y", 34, "width", 14, "height", 4, "fill", colour(i));
            m.element("text", names.get(i), "x", x + 19, "y", 40);
            x += 19 + names.get(i).length() * CHAR_WIDTH + 18;
        }
        m.newline();
    }

    /** Grid lines, tick labels, the axis lines and the axis titles. */
    void axes(Markup m, String xLabel, String yLabel) {
        double yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
        for (double t : yTicks) {
            m.empty("line", "x1", left(), "x2", right(), "y1", y(t), "y2", y(t), "stroke", "#e3e3e3");
            m.element("text", Ticks.label(t, yStep), "x", left() - 6, "y", y(t) + 4, "text-anchor", "end");
        }
        m.newline();
        double xStep = xTicks.length > 1 ? xTicks[1] - xTicks[0] : 1;
        for (int i = 0; i < xTicks.length; i++) {
            double t = xTicks[i];
            m.empty("line", "x1", x(t), "x2", x(t), "y1", top(), "y2", bottom(), "stroke", "#eeeeee");
            if (time) {
                Instant at = Instant.ofEpochMilli((long) t);
                m.element("text", HOUR.format(at), "x", x(t), "y", bottom() + 16, "text-anchor", "middle");
                if (i == 0 || HOUR.format(at).equals("00:00")) {
                    m.element("text", DAY.format(at), "x", x(t), "y", bottom() + 30, "text-anchor", "middle",
                            "fill", "#555555");
                }
            } else {
                m.element("text", Ticks.label(t, xStep), "x", x(t), "y", bottom() + 16, "text-anchor", "middle");
            }
        }
        m.newline();
        m.empty("line", "x1", left(), "x2", right(), "y1", bottom(), "y2", bottom(), "stroke", "#333333");
        m.empty("line", "x1", left(), "x2", left(), "y1", top(), "y2", bottom(), "stroke", "#333333");
        m.element("text", xLabel, "x", (left() + right()) / 2, "y", HEIGHT - 10, "text-anchor", "middle");
        double midY = (top() + bottom()) / 2;
        m.element("text", yLabel, "x", 18, "y", midY, "text-anchor", "middle",
                "transform", "rotate(-90 18 " + Markup.number(midY) + ")").newline();
    }

    void end(Markup m) {
        m.close().newline();
    }

    static String colour(int i) {
        return COLOURS.get(i % COLOURS.size());
    }
}
