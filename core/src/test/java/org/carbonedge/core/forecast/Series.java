package org.carbonedge.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** Synthetic intensity series for the forecast tests. */
final class Series {
    static final Instant START = Instant.parse("2023-03-06T00:00:00Z"); // a Monday
    static final Duration HOUR = Duration.ofHours(1);

    private Series() {
    }

    /** {@code n} points of {@code step} from {@link #START}, value {@code f(i)}. */
    static List<IntensityPoint> points(int n, Duration step, IntToDoubleFunction f) {
        List<IntensityPoint> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new IntensityPoint(START.plus(step.multipliedBy(i)), f.applyAsDouble(i)));
        }
        return out;
    }

    static RegularSeries hourly(int n, IntToDoubleFunction f) {
        return RegularSeries.of(points(n, HOUR, f), HOUR);
    }

    /** The same daily shape every day: 200 + 80 sin(2 pi hour / 24), a solar-like swing. */
    static double daily(int hour) {
        return 200 + 80 * Math.sin(2 * Math.PI * (hour % 24) / 24.0);
    }

    static Instant hour(int i) {
        return START.plus(HOUR.multipliedBy(i));
    }
}
