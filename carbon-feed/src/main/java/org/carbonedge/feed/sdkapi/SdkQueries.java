package org.carbonedge.feed.sdkapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonedge.feed.sdkapi.IntensityStore.ForecastRun;
import org.carbonedge.feed.sdkapi.IntensityStore.Point;

/**
 * The read questions of the GSF Carbon Aware SDK Web API, answered from an {@link IntensityStore}, with the SDK's
 * validation and arithmetic: the same defaults (no {@code time}: now; no {@code toTime}: the point at {@code time}),
 * the same refusals (a missing location, {@code toTime} without {@code time}, a start not before its end, an unknown
 * location, a forecast window outside the forecast), the same rolling average (windows of {@code windowSize}
 * minutes stepping by one forecast interval, each the time-weighted mean of the points it covers; a window the data
 * do not cover is left out) and the same optimum (every window with the lowest value). Failures are
 * {@link SdkProblem}s.
 *
 * <p>Where we differ on purpose: an average over a period with no data at all is refused (the SDK answers 0), a
 * negative {@code windowSize} is refused, and no window reaches past {@code dataEndAt}.
 */
public final class SdkQueries {

    /** Longest location name echoed back in an error. */
    private static final int ECHO = 100;

    /** One EmissionsData: a location's intensity over {@code duration} from {@code time}. */
    public record Emissions(String location, Instant time, double rating, Duration duration) {
    }

    /** One EmissionsForecastDTO. */
    public record Forecast(Instant generatedAt, Instant requestedAt, String location, Instant dataStartAt,
                           Instant dataEndAt, int windowSize, List<Emissions> optimalDataPoints,
                           List<Emissions> forecastData) {
    }

    /** One CarbonIntensityDTO. */
    public record Average(String location, Instant startTime, Instant endTime, double carbonIntensity) {
    }

    private final IntensityStore store;
    private final Clock clock;

    public SdkQueries(IntensityStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** {@code GET /emissions/bylocations} and {@code /emissions/bylocation}: measured (and estimated) points. */
    public List<Emissions> emissions(List<String> locations, Instant time, Instant toTime) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (locations == null || locations.isEmpty()) {
            errors.put("location", List.of("location is not set"));
            throw SdkProblem.invalidParameters(errors);
        }
        if (toTime != null && time == null) {
            errors.put("time", List.of("time must be defined if toTime is defined"));
        } else if (toTime != null && !time.isBefore(toTime)) {
            errors.put("time", List.of("time must be before toTime"));
        }
        if (!errors.isEmpty()) {
            throw SdkProblem.invalidParameters(errors);
        }
        requireKnown(locations);
        Instant start = time == null ? clock.instant() : time;
        Instant end = toTime == null ? start : toTime;
        List<Emissions> out = new ArrayList<>();
        for (String location : locations) {
            for (Point p : store.actual(location, start, end)) {
                out.add(emissions(p));
            }
        }
        return out;
    }

    /** {@code GET /emissions/bylocations/best}: of {@link #emissions}, every point with the lowest rating. */
    public List<Emissions> best(List<String> locations, Instant time, Instant toTime) {
        List<Emissions> all = emissions(locations, time, toTime);
        double min = Double.POSITIVE_INFINITY;
        for (Emissions e : all) {
            min = Math.min(min, e.rating());
        }
        List<Emissions> out = new ArrayList<>();
        for (Emissions e : all) {
            if (e.rating() == min) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * {@code GET /emissions/forecasts/current}: per location, its most recent forecast within
     * {@code dataStartAt..dataEndAt} (default: the whole forecast), as rolling averages over {@code windowSize}
     * minutes (null or 0: the forecast's own points), with the optimal windows.
     */
    public List<Forecast> currentForecasts(List<String> locations, Instant dataStartAt, Instant dataEndAt,
                                           Integer windowSize) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (locations == null || locations.isEmpty()) {
            errors.put("location", List.of("location is not set"));
            throw SdkProblem.invalidParameters(errors);
        }
        if (windowSize != null && windowSize < 0) {
            errors.put("windowSize", List.of("windowSize must not be negative"));
        }
        if (dataStartAt != null && dataEndAt != null && !dataStartAt.isBefore(dataEndAt)) {
            errors.put("dataStartAt", List.of("dataStartAt must be before dataEndAt"));
        }
        if (!errors.isEmpty()) {
            throw SdkProblem.invalidParameters(errors);
        }
        requireKnown(locations);
        Instant requestedAt = clock.instant();
        List<Forecast> out = new ArrayList<>();
        for (String location : locations) {
            Optional<ForecastRun> run = store.currentForecast(location);
            if (run.isEmpty() || run.get().points().isEmpty()) {
                throw SdkProblem.argument("No forecast known for location '" + echo(location) + "'");
            }
            out.add(forecast(run.get(), requestedAt, dataStartAt, dataEndAt, windowSize == null ? 0 : windowSize));
        }
        return out;
    }

    private static Forecast forecast(ForecastRun run, Instant requestedAt, Instant startParam, Instant endParam,
                                     int windowMinutes) {
        List<Point> points = run.points();
        Instant min = points.get(0).from();
        Instant max = points.get(points.size() - 1).to();
        Instant start = startParam == null ? min : startParam;
        Instant end = endParam == null ? max : endParam;
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (!start.isBefore(end)) {
            errors.computeIfAbsent("dataStartAt", k -> new ArrayList<>()).add("dataStartAt must be earlier than dataEndAt");
        }
        if (start.isBefore(min) || start.isAfter(max)) {
            errors.computeIfAbsent("dataStartAt", k -> new ArrayList<>()).add(
                    "dataStartAt must be within time range of the forecasted data, '" + min + "' through '" + max + "'");
        }
        if (end.isBefore(min) || end.isAfter(max)) {
            errors.computeIfAbsent("dataEndAt", k -> new ArrayList<>()).add(
                    "dataEndAt must be within time range of the forecasted data, '" + min + "' through '" + max + "'");
        }
        if (!errors.isEmpty()) {
            throw new SdkProblem(400, null, "ArgumentException", "Invalid EmissionsForecast", errors);
        }
        List<Point> scoped = new ArrayList<>();
        for (Point p : points) {
            if (p.to().isAfter(start) && !p.from().isAfter(end)) {
                scoped.add(p);
            }
        }
        List<Emissions> data = windowMinutes == 0 ? asIs(scoped) : rolling(scoped, Duration.ofMinutes(windowMinutes), start, end);
        double best = Double.POSITIVE_INFINITY;
        for (Emissions e : data) {
            best = Math.min(best, e.rating());
        }
        List<Emissions> optimal = new ArrayList<>();
        for (Emissions e : data) {
            if (e.rating() == best) {
                optimal.add(e);
            }
        }
        Instant shownStart = startParam != null ? startParam : data.isEmpty() ? start : data.get(0).time();
        Instant shownEnd = endParam != null ? endParam : data.isEmpty() ? end : data.get(data.size() - 1).time();
        return new Forecast(run.issuedAt(), requestedAt, run.zone(), shownStart, shownEnd, windowMinutes, optimal, data);
    }

    private static List<Emissions> asIs(List<Point> points) {
        List<Emissions> out = new ArrayList<>(points.size());
        points.forEach(p -> out.add(emissions(p)));
        return out;
    }

    /**
     * Windows of {@code size} starting at {@code start} (or the first point, if later) and stepping by the first
     * point's duration, up to {@code end}; each the time-weighted mean of the points under it, left out when the
     * points do not cover it whole.
     */
    static List<Emissions> rolling(List<Point> points, Duration size, Instant start, Instant end) {
        List<Emissions> out = new ArrayList<>();
        if (points.isEmpty()) {
            return out;
        }
        Point first = points.get(0);
        Duration tick = Duration.between(first.from(), first.to());
        Instant windowStart = first.from().isAfter(start) ? first.from() : start;
        int from = 0;
        while (true) {
            Instant windowEnd = windowStart.plus(size);
            if (windowEnd.isAfter(end)) {
                break;
            }
            while (from < points.size() && !points.get(from).to().isAfter(windowStart)) {
                from++;
            }
            if (from == points.size()) {
                break;
            }
            Double mean = mean(points, from, windowStart, windowEnd);
            if (mean != null) {
                out.add(new Emissions(first.zone(), windowStart, mean, size));
            }
            windowStart = windowStart.plus(tick);
        }
        return out;
    }

    /** Time-weighted mean over {@code [start, end)} from points[from..]; null when they leave part of it uncovered. */
    private static Double mean(List<Point> points, int from, Instant start, Instant end) {
        double total = 0;
        long covered = 0;
        Instant reached = start;
        for (int i = from; i < points.size(); i++) {
            Point p = points.get(i);
            if (!p.from().isBefore(end)) {
                break;
            }
            Instant lo = p.from().isAfter(start) ? p.from() : start;
            Instant hi = p.to().isBefore(end) ? p.to() : end;
            if (lo.isAfter(reached)) {
                return null; // a gap
            }
            long millis = Duration.between(lo, hi).toMillis();
            total += p.gco2PerKwh() * millis;
            covered += millis;
            if (hi.isAfter(reached)) {
                reached = hi;
            }
        }
        long length = Duration.between(start, end).toMillis();
        return reached.isBefore(end) || covered <= 0 ? null : total / length;
    }

    /** {@code GET /emissions/average-carbon-intensity}: the time-weighted mean of measured points over the period. */
    public Average average(String location, Instant startTime, Instant endTime) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (location == null || location.isEmpty()) {
            errors.put("location", List.of("location is not set"));
        }
        if (startTime == null) {
            errors.put("startTime", List.of("startTime is not set"));
        }
        if (endTime == null) {
            errors.put("endTime", List.of("endTime is not set"));
        }
        if (!errors.isEmpty()) {
            throw SdkProblem.invalidParameters(errors);
        }
        if (!startTime.isBefore(endTime)) {
            throw SdkProblem.invalidParameters(Map.of("startTime", List.of("startTime must be before endTime")));
        }
        requireKnown(List.of(location));
        List<Point> points = store.actual(location, startTime, endTime);
        if (points.isEmpty() || points.get(0).from().isAfter(startTime)
                || points.get(points.size() - 1).to().isBefore(endTime)) {
            throw SdkProblem.argument("Period out of range. Data points did not cover the requested average period: "
                    + startTime + " through " + endTime);
        }
        Double mean = mean(points, 0, startTime, endTime);
        if (mean == null) {
            throw SdkProblem.invalidOperation("The data points between " + startTime + " and " + endTime
                    + " are not continuous: there is a gap, so no average is given");
        }
        return new Average(location, startTime, endTime, mean);
    }

    private void requireKnown(List<String> locations) {
        for (String location : locations) {
            if (!store.knows(location)) {
                throw SdkProblem.argument("Unknown Location: '" + echo(location) + "' not found");
            }
        }
    }

    private static Emissions emissions(Point p) {
        return new Emissions(p.zone(), p.from(), p.gco2PerKwh(), Duration.between(p.from(), p.to()));
    }

    /** A location as echoed in an error: at most {@value #ECHO} characters, control characters replaced. */
    static String echo(String location) {
        String s = location.length() > ECHO ? location.substring(0, ECHO) + "..." : location;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
