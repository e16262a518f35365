package org.carbonedge.core.forecast;

/**
 * Errors of forecast values against actuals. MAPE is the mean of {@code |forecast - actual| / actual} over the
 * points with an actual &gt; 0, in percent. Points whose actual is 0 are skipped and counted ({@link #zeroActuals()}):
 * their percentage error is undefined, and near-zero actuals (CA-QC, NO hours at 0.5 g/kWh) dominate any MAPE,
 * so WAPE ({@code sum |error| / sum actual}) is reported next to it as the scale-free figure that does not blow up.
 */
public final class ErrorStats {
    private long points;
    private long zeroActuals;
    private double sumRelative;
    private double sumAbsolute;
    private double sumActual;

    /** Adds one forecast value and the actual it forecast; NaN actuals (no measurement) are ignored. */
    public void add(double forecast, double actual) {
        if (Double.isNaN(actual)) {
            return;
        }
        if (!(actual > 0)) {
            zeroActuals++;
            return;
        }
        double error = Math.abs(forecast - actual);
        points++;
        sumRelative += error / actual;
        sumAbsolute += error;
        sumActual += actual;
    }

    /** Adds everything {@code other} holds. */
    public void addAll(ErrorStats other) {
        points += other.points;
        zeroActuals += other.zeroActuals;
        sumRelative += other.sumRelative;
        sumAbsolute += other.sumAbsolute;
        sumActual += other.sumActual;
    }

    /** Points in the figures (actual &gt; 0). */
    public long points() {
        return points;
    }

    /** Points skipped because the actual was 0. */
    public long zeroActuals() {
        return zeroActuals;
    }

    /** Mean absolute percentage error in percent, NaN without points. */
    public double mapePct() {
        return points == 0 ? Double.NaN : 100 * sumRelative / points;
    }

    /** Weighted absolute percentage error (sum of errors over sum of actuals) in percent, NaN without points. */
    public double wapePct() {
        return points == 0 ? Double.NaN : 100 * sumAbsolute / sumActual;
    }

    /** Mean absolute error in g/kWh, NaN without points. */
    public double maeGco2PerKwh() {
        return points == 0 ? Double.NaN : sumAbsolute / points;
    }
}
