package org.carbonedge.feed.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.text.InvalidValueException;

/**
 * Reads Electricity Maps API v3 carbon-intensity JSON, as saved to a file or received by the live client:
 * {@code /carbon-intensity/latest} (one object with {@code zone, carbonIntensity, datetime, updatedAt,
 * isEstimated, emissionFactorType}), {@code /history} ({@code {"zone","history":[...]}}), {@code /past-range}
 * ({@code {"zone","data":[...]}}) and {@code /forecast} ({@code {"zone","forecast":[{carbonIntensity, datetime}],
 * "updatedAt"}}).
 *
 * <p>Forecast points become kind FORECAST with {@code publishedAt = updatedAt}; other points ESTIMATED when
 * {@code isEstimated} is true, else MEASURED; signal AVERAGE. Validity follows {@code temporalGranularity}
 * ({@code 5_minutes}, {@code 15_minutes}, {@code hourly} — the default — or {@code daily}). A null
 * {@code carbonIntensity} (the API's "no data") is rejected like any missing value.
 */
public final class ElectricityMapsJsonReader implements IntensityReader {
    private final String zoneOverride;

    public ElectricityMapsJsonReader() {
        this(null);
    }

    /** @param zoneOverride zone to publish under instead of the response's {@code zone}, or null */
    public ElectricityMapsJsonReader(String zoneOverride) {
        this.zoneOverride = zoneOverride;
    }

    @Override
    public IntensityFormat format() {
        return IntensityFormat.ELECTRICITY_MAPS_JSON;
    }

    @Override
    public ReadResult read(Reader reader, String sourceName) {
        JsonDocument doc = JsonDocument.parse(reader, sourceName, Set.of("history", "data", "forecast"));
        if (doc.rootIsArray()) {
            throw new FeedException(sourceName + ": not an Electricity Maps API response (expected an object)");
        }
        String error = JsonFields.text(doc.field("error"));
        if (error != null || (doc.field("carbonIntensity") == null && doc.field("message") != null)) {
            throw new FeedException(sourceName + ": Electricity Maps API error: "
                    + (error != null ? error : JsonFields.text(doc.field("message"))));
        }
        RowCollector out = new RowCollector(sourceName, format());
        String source = "electricitymaps-json:" + SourceFiles.fileName(sourceName);
        String topZone = JsonFields.text(doc.field("zone"));
        String topGranularity = JsonFields.text(doc.field("temporalGranularity"));
        List<JsonDocument.Located> forecast = doc.array("forecast");
        List<JsonDocument.Located> history = doc.array("history") != null ? doc.array("history") : doc.array("data");
        if (forecast != null) {
            Instant publishedAt = null;
            JsonNode updatedAt = doc.field("updatedAt");
            if (!JsonFields.isMissing(updatedAt)) {
                publishedAt = Instant.ofEpochMilli(JsonFields.time(updatedAt, "updatedAt", false));
            }
            for (JsonDocument.Located element : forecast) {
                readPoint(out, element.line(), element.node(), topZone, topGranularity, true, publishedAt, source);
            }
        } else if (history != null) {
            for (JsonDocument.Located element : history) {
                readPoint(out, element.line(), element.node(), topZone, topGranularity, false, null, source);
            }
        } else if (doc.field("carbonIntensity") != null) {
            ObjectNode latest = JsonDocument.MAPPER.createObjectNode();
            latest.set("carbonIntensity", doc.field("carbonIntensity"));
            latest.set("datetime", doc.field("datetime"));
            latest.set("isEstimated", doc.field("isEstimated"));
            readPoint(out, 1, latest, topZone, topGranularity, false, null, source);
        } else {
            throw new FeedException(sourceName + ": not an Electricity Maps carbon-intensity response "
                    + "(no carbonIntensity, history, data or forecast)");
        }
        return out.result();
    }

    private void readPoint(RowCollector out, long line, JsonNode point, String topZone, String topGranularity,
                           boolean isForecast, Instant publishedAt, String source) {
        out.countRow();
        String zone = zoneOverride;
        if (zone == null) {
            zone = JsonFields.text(JsonFields.get(point, "zone"));
        }
        if (zone == null) {
            zone = topZone;
        }
        try {
            if (zone == null) {
                throw new InvalidValueException("missing zone");
            }
            long from = JsonFields.time(JsonFields.get(point, "datetime"), "datetime", false);
            Double value = JsonFields.number(JsonFields.get(point, "carbonIntensity"), "carbonIntensity");
            if (value == null) {
                throw new InvalidValueException("carbonIntensity is null (no data for this hour)");
            }
            String problem = IntensityValues.problem(value);
            if (problem != null) {
                throw new InvalidValueException("carbonIntensity: " + problem);
            }
            String granularity = JsonFields.text(JsonFields.get(point, "temporalGranularity"));
            long stepMillis = stepMillis(granularity != null ? granularity : topGranularity);
            IntensityKind kind = isForecast ? IntensityKind.FORECAST
                    : JsonFields.get(point, "isEstimated") != null && JsonFields.get(point, "isEstimated").asBoolean()
                    ? IntensityKind.ESTIMATED : IntensityKind.MEASURED;
            out.add(zone, from, from + stepMillis, value, SignalType.AVERAGE, kind, source, publishedAt);
        } catch (InvalidValueException e) {
            out.reject(line, zone, e.getMessage());
        }
    }

    static long stepMillis(String granularity) {
        if (granularity == null) {
            return Duration.ofHours(1).toMillis();
        }
        switch (granularity.toLowerCase(Locale.ROOT)) {
            case "5_minutes":
                return Duration.ofMinutes(5).toMillis();
            case "15_minutes":
                return Duration.ofMinutes(15).toMillis();
            case "hourly":
                return Duration.ofHours(1).toMillis();
            case "daily":
                return Duration.ofDays(1).toMillis();
            default:
                throw new InvalidValueException("unsupported temporalGranularity '" + granularity + "'");
        }
    }
}
