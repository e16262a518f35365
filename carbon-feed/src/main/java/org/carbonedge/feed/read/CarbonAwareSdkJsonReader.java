package org.carbonedge.feed.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.text.InvalidValueException;

/**
 * Reads Green Software Foundation Carbon Aware SDK JSON:
 * <ul>
 *   <li>emissions data, an array of {@code {location, time, rating, duration}} (the {@code /emissions/bylocations}
 *       answer), or the SDK's JSON data-source file {@code {"Emissions":[...]}}; field names in any case;
 *       {@code duration} a .NET TimeSpan ({@code 01:00:00}, {@code 01:00}, {@code 1.00:00:00}) or ISO-8601
 *       ({@code PT1H}) → kind MEASURED;</li>
 *   <li>forecasts, {@code [{location, generatedAt, forecastData:[{location, timestamp, duration, value}]}]} with
 *       {@code duration} in minutes → kind FORECAST, {@code publishedAt = generatedAt}.</li>
 * </ul>
 * Ratings are g/kWh. The SDK does not say whether a rating is marginal or average (it depends on its data source:
 * WattTime marginal, Electricity Maps average), so the signal is a setting, MARGINAL by default as in the SDK's
 * specification. When a point has no duration it lasts until the next point of the same location (the last one
 * repeats the previous step; a lone point lasts one hour). Offset-less times are refused unless the caller
 * declares them UTC (the SDK's own sample files omit the offset).
 */
public final class CarbonAwareSdkJsonReader implements IntensityReader {
    private static final long DEFAULT_DURATION_MILLIS = Duration.ofHours(1).toMillis();

    private final SignalType signal;
    private final boolean assumeUtc;

    public CarbonAwareSdkJsonReader() {
        this(SignalType.MARGINAL, false);
    }

    /**
     * @param signal    signal of the ratings (depends on the SDK's configured data source)
     * @param assumeUtc take offset-less times as UTC
     */
    public CarbonAwareSdkJsonReader(SignalType signal, boolean assumeUtc) {
        this.signal = Objects.requireNonNull(signal, "signal");
        this.assumeUtc = assumeUtc;
    }

    @Override
    public IntensityFormat format() {
        return IntensityFormat.CARBON_AWARE_SDK_JSON;
    }

    /** A data point before its duration is known. */
    private static final class Point {
        final long line;
        final String zone;
        final long fromMillis;
        long durationMillis;
        final double value;
        final IntensityKind kind;
        final Instant publishedAt;

        Point(long line, String zone, long fromMillis, long durationMillis, double value, IntensityKind kind,
              Instant publishedAt) {
            this.line = line;
            this.zone = zone;
            this.fromMillis = fromMillis;
            this.durationMillis = durationMillis;
            this.value = value;
            this.kind = kind;
            this.publishedAt = publishedAt;
        }
    }

    @Override
    public ReadResult read(Reader reader, String sourceName) {
        JsonDocument doc = JsonDocument.parse(reader, sourceName, Set.of("emissions", "forecastdata"));
        RowCollector out = new RowCollector(sourceName, format());
        List<Point> points = new ArrayList<>();
        if (doc.rootIsArray()) {
            for (JsonDocument.Located element : doc.rootElements()) {
                JsonNode forecastData = JsonFields.get(element.node(), "forecastData");
                if (forecastData != null && forecastData.isArray()) {
                    readForecast(out, points, element.line(), element.node(), forecastData);
                } else {
                    readEmission(out, points, element.line(), element.node());
                }
            }
        } else if (doc.array("emissions") != null) {
            for (JsonDocument.Located element : doc.array("emissions")) {
                readEmission(out, points, element.line(), element.node());
            }
        } else if (doc.array("forecastData") != null) {
            JsonNode dto = JsonDocument.MAPPER.createObjectNode()
                    .put("location", JsonFields.text(doc.field("location")))
                    .put("generatedAt", JsonFields.text(doc.field("generatedAt")));
            for (JsonDocument.Located element : doc.array("forecastData")) {
                readForecastPoint(out, points, element.line(), element.node(), dto);
            }
        } else {
            throw new FeedException(sourceName + ": not Carbon Aware SDK JSON (expected an array of "
                    + "{location, time, rating, duration}, an 'Emissions' array or 'forecastData')");
        }
        inferMissingDurations(points);
        String source = "carbon-aware-json:" + SourceFiles.fileName(sourceName);
        for (Point p : points) {
            out.add(p.zone, p.fromMillis, p.fromMillis + p.durationMillis, p.value, signal, p.kind, source,
                    p.publishedAt);
        }
        return out.result();
    }

    private void readEmission(RowCollector out, List<Point> points, long line, JsonNode node) {
        out.countRow();
        String zone = JsonFields.text(JsonFields.get(node, "location"));
        try {
            if (zone == null) {
                throw new InvalidValueException("missing location");
            }
            long from = JsonFields.time(JsonFields.get(node, "time"), "time", assumeUtc);
            double value = value(JsonFields.get(node, "rating"), "rating");
            long duration = duration(JsonFields.get(node, "duration"), false);
            points.add(new Point(line, zone, from, duration, value, IntensityKind.MEASURED, null));
        } catch (InvalidValueException e) {
            out.reject(line, zone, e.getMessage());
        }
    }

    private void readForecast(RowCollector out, List<Point> points, long line, JsonNode dto, JsonNode forecastData) {
        for (JsonNode point : forecastData) {
            readForecastPoint(out, points, line, point, dto);
        }
    }

    private void readForecastPoint(RowCollector out, List<Point> points, long line, JsonNode point, JsonNode dto) {
        out.countRow();
        String zone = JsonFields.text(JsonFields.get(point, "location"));
        if (zone == null) {
            zone = JsonFields.text(JsonFields.get(dto, "location"));
        }
        try {
            if (zone == null) {
                throw new InvalidValueException("missing location");
            }
            JsonNode generatedAt = JsonFields.get(dto, "generatedAt");
            Instant publishedAt = JsonFields.isMissing(generatedAt) ? null
                    : Instant.ofEpochMilli(JsonFields.time(generatedAt, "generatedAt", assumeUtc));
            long from = JsonFields.time(JsonFields.get(point, "timestamp"), "timestamp", assumeUtc);
            double value = value(JsonFields.get(point, "value"), "value");
            long duration = duration(JsonFields.get(point, "duration"), true);
            points.add(new Point(line, zone, from, duration, value, IntensityKind.FORECAST, publishedAt));
        } catch (InvalidValueException e) {
            out.reject(line, zone, e.getMessage());
        }
    }

    private static double value(JsonNode node, String label) {
        Double value = JsonFields.number(node, label);
        if (value == null) {
            throw new InvalidValueException("missing " + label);
        }
        String problem = IntensityValues.problem(value);
        if (problem != null) {
            throw new InvalidValueException(label + ": " + problem);
        }
        return value;
    }

    /** Duration in millis, or -1 when absent. Numbers are minutes (forecast points); strings TimeSpan or ISO. */
    static long duration(JsonNode node, boolean numbersAreMinutes) {
        if (JsonFields.isMissing(node)) {
            return -1;
        }
        long millis;
        if (node.isNumber()) {
            millis = Math.round(node.doubleValue() * (numbersAreMinutes ? 60_000 : 1_000));
        } else {
            millis = parseTimeSpan(node.asText().strip());
        }
        if (millis <= 0) {
            throw new InvalidValueException("duration '" + node.asText() + "' is not positive");
        }
        return millis;
    }

    /** Parses .NET TimeSpan text ({@code [d.]hh:mm[:ss[.fffffff]]}) or ISO-8601 ({@code PT1H}) to millis. */
    static long parseTimeSpan(String text) {
        try {
            if (text.startsWith("P") || text.startsWith("p") || text.startsWith("-P")) {
                return Duration.parse(text).toMillis();
            }
            String[] parts = text.split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new InvalidValueException("duration '" + text + "' is not hh:mm[:ss] or ISO-8601");
            }
            long days = 0;
            String hoursPart = parts[0];
            int dot = hoursPart.indexOf('.');
            if (dot >= 0) {
                days = Long.parseLong(hoursPart.substring(0, dot));
                hoursPart = hoursPart.substring(dot + 1);
            }
            long hours = Long.parseLong(hoursPart);
            long minutes = Long.parseLong(parts[1]);
            double seconds = parts.length == 3 ? Double.parseDouble(parts[2]) : 0;
            return ((days * 24 + hours) * 60 + minutes) * 60_000 + Math.round(seconds * 1000);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidValueException("duration '" + text + "' is not hh:mm[:ss] or ISO-8601");
        }
    }

    private static void inferMissingDurations(List<Point> points) {
        Map<String, List<Point>> byZone = new HashMap<>();
        for (Point p : points) {
            byZone.computeIfAbsent(p.zone, z -> new ArrayList<>()).add(p);
        }
        for (List<Point> series : byZone.values()) {
            series.sort(Comparator.comparingLong(p -> p.fromMillis));
            long lastStep = -1;
            for (int i = 0; i < series.size(); i++) {
                Point p = series.get(i);
                if (p.durationMillis > 0) {
                    lastStep = p.durationMillis;
                    continue;
                }
                long step = -1;
                for (int j = i + 1; j < series.size() && step <= 0; j++) {
                    step = series.get(j).fromMillis - p.fromMillis;
                }
                if (step <= 0) {
                    step = lastStep > 0 ? lastStep : DEFAULT_DURATION_MILLIS;
                }
                p.durationMillis = step;
                lastStep = step;
            }
        }
    }
}
