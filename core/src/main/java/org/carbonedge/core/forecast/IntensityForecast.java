package org.carbonedge.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A forecast issued at {@code issuedAt}: consecutive intervals of {@code step}, the first starting at
 * {@code firstValidFrom} (the interval running at the issue time), each with a finite value &ge; 0. A forecaster
 * that has nothing to go on returns an empty forecast with the reason in {@code basis} instead of throwing, so a
 * service issuing forecasts every hour can log it and carry on.
 *
 * @param source         who forecast, e.g. {@code carbonedge-seasonal} (the {@code source} of published records)
 * @param issuedAt       the issue time, UTC: only intervals that had ended by then were used
 * @param firstValidFrom start of the first forecast interval
 * @param step           length of each interval
 * @param basis          what the values rest on, e.g. {@code seasonal+anomaly}, {@code persistence (less than 2 days
 *                       of history)}, or why there are none
 */
public record IntensityForecast(String source, Instant issuedAt, Instant firstValidFrom, Duration step,
                                double[] gco2PerKwh, String basis) {

    public IntensityForecast {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(firstValidFrom, "firstValidFrom");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(basis, "basis");
        gco2PerKwh = gco2PerKwh.clone();
        for (double v : gco2PerKwh) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("forecast value " + v + " is not finite and >= 0");
            }
        }
    }

    /** No values, with the reason. */
    public static IntensityForecast empty(String source, Instant issuedAt, Instant firstValidFrom, Duration step,
                                          String reason) {
        return new IntensityForecast(source, issuedAt, firstValidFrom, step, new double[0], reason);
    }

    public boolean isEmpty() {
        return gco2PerKwh.length == 0;
    }

    public int size() {
        return gco2PerKwh.length;
    }

    @Override
    public double[] gco2PerKwh() {
        return gco2PerKwh.clone();
    }

    /** Value of the {@code i}-th interval (0-based). */
    public double gco2PerKwh(int i) {
        return gco2PerKwh[i];
    }

    /** Start of the {@code i}-th interval. */
    public Instant validFrom(int i) {
        return firstValidFrom.plus(step.multipliedBy(i));
    }

    /** How far ahead the {@code i}-th interval ends: from the issue time to its end. */
    public Duration lead(int i) {
        return Duration.between(issuedAt, validFrom(i + 1));
    }

    public List<IntensityPoint> points() {
        List<IntensityPoint> out = new ArrayList<>(gco2PerKwh.length);
        for (int i = 0; i < gco2PerKwh.length; i++) {
            out.add(new IntensityPoint(validFrom(i), gco2PerKwh[i]));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntensityForecast f && source.equals(f.source) && issuedAt.equals(f.issuedAt)
                && firstValidFrom.equals(f.firstValidFrom) && step.equals(f.step)
                && java.util.Arrays.equals(gco2PerKwh, f.gco2PerKwh) && basis.equals(f.basis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, issuedAt, firstValidFrom, step, java.util.Arrays.hashCode(gco2PerKwh), basis);
    }

    @Override
    public String toString() {
        return "IntensityForecast[" + source + " issuedAt=" + issuedAt + " from=" + firstValidFrom + " step=" + step
                + " n=" + gco2PerKwh.length + " basis=" + basis + "]";
    }
}
