package org.carbonedge.feed.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.text.InvalidValueException;

/**
 * Reads UK Carbon Intensity API (NESO) JSON responses, as saved to a file or received by the live client:
 * <ul>
 *   <li>national {@code {"data":[{"from","to","intensity":{"forecast","actual","index"}}]}};</li>
 *   <li>regional {@code {"data":[{"from","to","regions":[{"regionid","shortname","intensity":{...}}]}]}};</li>
 *   <li>one region {@code {"data":[{"regionid","shortname","data":[{"from","to","intensity":{...}}]}]}} (the API
 *       also answers this with {@code data} as an object);</li>
 *   <li>an API error {@code {"error":{"code","message"}}}, which becomes a one-line {@link FeedException}.</li>
 * </ul>
 * Times such as {@code 2018-01-20T12:00Z} are UTC by the API's documentation. National rows go to the configured
 * zone (default {@code GB}); regional rows to {@code regionZonePrefix + regionid} (default {@code GB-REGION-13}),
 * which users map to their own zone names with zone aliases. Regional data has forecasts only (kind FORECAST).
 */
public final class NesoJsonReader implements IntensityReader {
    private final String nationalZone;
    private final String regionZonePrefix;
    private final NesoRecordMode mode;

    public NesoJsonReader() {
        this("GB", "GB-REGION-", NesoRecordMode.ACTUAL_ELSE_FORECAST);
    }

    public NesoJsonReader(String nationalZone, String regionZonePrefix, NesoRecordMode mode) {
        this.nationalZone = Objects.requireNonNull(nationalZone, "nationalZone");
        this.regionZonePrefix = Objects.requireNonNull(regionZonePrefix, "regionZonePrefix");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public IntensityFormat format() {
        return IntensityFormat.NESO_JSON;
    }

    @Override
    public ReadResult read(Reader reader, String sourceName) {
        JsonDocument doc = JsonDocument.parse(reader, sourceName, Set.of("data"));
        JsonNode error = doc.field("error");
        if (error != null && !error.isNull()) {
            String message = JsonFields.text(JsonFields.get(error, "message"));
            String code = JsonFields.text(JsonFields.get(error, "code"));
            throw new FeedException(sourceName + ": Carbon Intensity API error"
                    + (code != null ? " " + code : "") + (message != null ? ": " + message : ""));
        }
        RowCollector out = new RowCollector(sourceName, format());
        String source = "neso-json:" + SourceFiles.fileName(sourceName);
        NesoRowEmitter emitter = new NesoRowEmitter(mode);
        List<JsonDocument.Located> data = doc.array("data");
        if (data == null) {
            JsonNode single = doc.field("data");
            if (single == null || !single.isObject()) {
                throw new FeedException(sourceName + ": not a Carbon Intensity API response (no 'data' array)");
            }
            data = List.of(new JsonDocument.Located(0, single));
        }
        for (JsonDocument.Located element : data) {
            JsonNode node = element.node();
            if (JsonFields.get(node, "regions") != null) {
                readRegionsAtInterval(out, element, source, emitter);
            } else if (JsonFields.get(node, "regionid") != null && JsonFields.get(node, "data") != null) {
                readOneRegion(out, element, source, emitter);
            } else {
                out.countRow();
                readInterval(out, element.line(), node, nationalZone, source, emitter, true);
            }
        }
        emitter.addNotes(out);
        return out.result();
    }

    private void readRegionsAtInterval(RowCollector out, JsonDocument.Located element, String source,
                                       NesoRowEmitter emitter) {
        JsonNode from = JsonFields.get(element.node(), "from");
        JsonNode to = JsonFields.get(element.node(), "to");
        for (JsonNode region : JsonFields.get(element.node(), "regions")) {
            out.countRow();
            String zone = regionZone(region);
            if (zone == null) {
                out.reject(element.line(), null, "region without regionid");
                continue;
            }
            com.fasterxml.jackson.databind.node.ObjectNode interval = JsonDocument.MAPPER.createObjectNode();
            interval.set("from", from);
            interval.set("to", to);
            interval.set("intensity", JsonFields.get(region, "intensity"));
            readInterval(out, element.line(), interval, zone, source, emitter, false);
        }
    }

    private void readOneRegion(RowCollector out, JsonDocument.Located element, String source, NesoRowEmitter emitter) {
        String zone = regionZone(element.node());
        JsonNode intervals = JsonFields.get(element.node(), "data");
        if (zone == null || intervals == null || !intervals.isArray()) {
            out.countRow();
            out.reject(element.line(), null, "region entry without regionid or data array");
            return;
        }
        for (JsonNode interval : intervals) {
            out.countRow();
            readInterval(out, element.line(), interval, zone, source, emitter, false);
        }
    }

    private String regionZone(JsonNode region) {
        JsonNode id = JsonFields.get(region, "regionid");
        return JsonFields.isMissing(id) ? null : regionZonePrefix + id.asText();
    }

    private void readInterval(RowCollector out, long line, JsonNode node, String zone, String source,
                              NesoRowEmitter emitter, boolean national) {
        try {
            long from = JsonFields.time(JsonFields.get(node, "from"), "from", true);
            long to = JsonFields.time(JsonFields.get(node, "to"), "to", true);
            if (to <= from) {
                throw new InvalidValueException("'to' is not after 'from'");
            }
            JsonNode intensity = JsonFields.get(node, "intensity");
            if (intensity == null || !intensity.isObject()) {
                throw new InvalidValueException("missing intensity object");
            }
            Double forecast = checked(JsonFields.number(JsonFields.get(intensity, "forecast"), "forecast"), "forecast");
            Double actual = national
                    ? checked(JsonFields.number(JsonFields.get(intensity, "actual"), "actual"), "actual") : null;
            if (forecast == null && actual == null) {
                throw new InvalidValueException("both forecast and actual are empty");
            }
            emitter.emit(out, zone, from, to, forecast, actual, source);
        } catch (InvalidValueException e) {
            out.reject(line, zone, e.getMessage());
        }
    }

    private static Double checked(Double value, String label) {
        if (value == null) {
            return null;
        }
        String problem = IntensityValues.problem(value);
        if (problem != null) {
            throw new InvalidValueException(label + ": " + problem);
        }
        return value;
    }
}
