package org.carbonedge.lab.report;

/** A chart with a title and two axis titles that draws itself as one inline {@code <svg>} element. */
public abstract class Chart {

    protected final String title;
    protected final String xLabel;
    protected final String yLabel;

    protected Chart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** The chart's title, also its accessible name. */
    public final String title() {
        return title;
    }

    /** Writes the chart's {@code <svg>} element. */
    public abstract void render(Markup m);
}
