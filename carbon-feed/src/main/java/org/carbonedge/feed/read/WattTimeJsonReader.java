package org.carbonedge.feed.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.text.InvalidValueException;

/**
 * Reads WattTime API v3 JSON ({@code /v3/historical}, {@code /v3/forecast}, {@code /v3/forecast/historical}):
 * {@code {"data":[{"point_time","value"}], "meta":{"region","signal_type","units","data_point_period_seconds",
 * "generated_at"}}}.
 *
 * <ul>
 *   <li>zone: {@code meta.region} (e.g. {@code CAISO_NORTH}) unless a zone is given;</li>
 *   <li>signal: {@code co2_moer} → MARGINAL, {@code co2_aoer} → AVERAGE; other signal types (health damage,
 *       percentiles) are not intensities and are refused;</li>
 *   <li>units: {@code lbs_co2_per_mwh} (the v3 default, assumed when absent) converted to g/kWh with the exact
 *       factor {@value Units#G_PER_KWH_PER_LB_PER_MWH} (1 lb = 0.45359237 kg); {@code kg_co2_per_mwh} is 1:1;</li>
 *   <li>validity: {@code point_time} plus {@code meta.data_point_period_seconds} (v3 data is 5-minutely: 300 s
 *       when absent);</li>
 *   <li>kind: FORECAST with {@code publishedAt = generated_at} for forecasts, MEASURED for historical data.</li>
 * </ul>
 */
public final class WattTimeJsonReader implements IntensityReader {
    /** WattTime v3 data points are five-minutely. */
    public static final long DEFAULT_PERIOD_SECONDS = 300;

    private final String zoneOverride;

    public WattTimeJsonReader() {
        this(null);
    }

    /** @param zoneOverride zone to publish under instead of {@code meta.region}, or null */
    public WattTimeJsonReader(String zoneOverride) {
        this.zoneOverride = zoneOverride;
    }

    @Override
    public IntensityFormat format() {
        return IntensityFormat.WATTTIME_JSON;
    }

    @Override
    public ReadResult read(Reader reader, String sourceName) {
        JsonDocument doc = JsonDocument.parse(reader, sourceName, Set.of("data"));
        JsonNode meta = doc.field("meta");
        List<JsonDocument.Located> data = doc.array("data");
        if (data == null) {
            JsonNode error = doc.field("error");
            JsonNode message = doc.field("message");
            if (error != null || message != null) {
                throw new FeedException(sourceName + ": WattTime error: "
                        + JsonFields.text(error != null ? error : message));
            }
            throw new FeedException(sourceName + ": not a WattTime v3 response (no 'data' array)");
        }
        if (meta == null || !meta.isObject()) {
            throw new FeedException(sourceName + ": not a WattTime v3 response (no 'meta' object)");
        }
        String zone = zoneOverride != null ? zoneOverride : JsonFields.text(JsonFields.get(meta, "region"));
        if (zone == null) {
            throw new FeedException(sourceName + ": WattTime response has no meta.region; give the zone explicitly");
        }
        SignalType signal = signal(JsonFields.text(JsonFields.get(meta, "signal_type")), sourceName);
        String unitsText = JsonFields.text(JsonFields.get(meta, "units"));
        Units units;
        try {
            units = unitsText == null ? Units.LBS_PER_MWH : Units.parse(unitsText);
        } catch (FeedException e) {
            throw new FeedException(sourceName + ": unsupported WattTime units '" + unitsText + "'");
        }
        Double period = JsonFields.number(JsonFields.get(meta, "data_point_period_seconds"), "period");
        long periodMillis = (period == null || period <= 0 ? DEFAULT_PERIOD_SECONDS : period.longValue()) * 1000L;
        String generatedAt = JsonFields.text(JsonFields.get(meta, "generated_at"));
        Instant metaPublishedAt = generatedAt == null ? null : Instant.ofEpochMilli(
                JsonFields.time(JsonFields.get(meta, "generated_at"), "generated_at", false));
        RowCollector out = new RowCollector(sourceName, format());
        String source = "watttime-json:" + SourceFiles.fileName(sourceName);
        for (JsonDocument.Located element : data) {
            JsonNode forecastBatch = JsonFields.get(element.node(), "forecast");
            if (forecastBatch != null && forecastBatch.isArray()) {
                // /v3/forecast/historical: data[] = {generated_at, forecast:[points]}
                Instant publishedAt;
                try {
                    publishedAt = Instant.ofEpochMilli(JsonFields.time(
                            JsonFields.get(element.node(), "generated_at"), "generated_at", false));
                } catch (InvalidValueException e) {
                    out.countRow();
                    out.reject(element.line(), zone, e.getMessage());
                    continue;
                }
                for (JsonNode point : forecastBatch) {
                    out.countRow();
                    readPoint(out, element.line(), point, zone, signal, units, periodMillis,
                            IntensityKind.FORECAST, publishedAt, source);
                }
            } else {
                out.countRow();
                readPoint(out, element.line(), element.node(), zone, signal, units, periodMillis,
                        metaPublishedAt != null ? IntensityKind.FORECAST : IntensityKind.MEASURED, metaPublishedAt,
                        source);
            }
        }
        return out.result();
    }

    private static void readPoint(RowCollector out, long line, JsonNode point, String zone, SignalType signal,
                                  Units units, long periodMillis, IntensityKind kind, Instant publishedAt,
                                  String source) {
        try {
            long from = JsonFields.time(JsonFields.get(point, "point_time"), "point_time", false);
            Double raw = JsonFields.number(JsonFields.get(point, "value"), "value");
            if (raw == null) {
                throw new InvalidValueException("missing value");
            }
            double gco2PerKwh = units.toGramsPerKwh(raw);
            String problem = IntensityValues.problem(gco2PerKwh);
            if (problem != null) {
                throw new InvalidValueException("value " + raw + " " + units.label() + ": " + problem);
            }
            out.add(zone, from, from + periodMillis, gco2PerKwh, signal, kind, source, publishedAt);
        } catch (InvalidValueException e) {
            out.reject(line, zone, e.getMessage());
        }
    }

    /** Maps a WattTime {@code signal_type} to the signal of the records. */
    static SignalType signal(String signalType, String sourceName) {
        if (signalType == null) {
            throw new FeedException(sourceName + ": WattTime response has no meta.signal_type");
        }
        switch (signalType) {
            case "co2_moer":
                return SignalType.MARGINAL;
            case "co2_aoer":
                return SignalType.AVERAGE;
            default:
                throw new FeedException(sourceName + ": WattTime signal_type '" + signalType
                        + "' is not a CO2 intensity (use co2_moer or co2_aoer)");
        }
    }
}
