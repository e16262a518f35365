package org.carbonedge.platform.registry.core;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonedge.platform.registry.compat.CompatibilityLevel;
import org.carbonedge.platform.registry.store.StoreEntry;
import org.carbonedge.platform.registry.store.StoreException;

/**
 * Translates registry facts to and from store records. Keys are small JSON objects written with a fixed field
 * order (compaction compares key bytes), modelled on Confluent's {@code _schemas} keys:
 * <ul>
 *   <li>{@code {"keytype":"SCHEMA","subject":s,"version":v}} → the version (with its id, schema and deleted flag)</li>
 *   <li>{@code {"keytype":"CONFIG","subject":s|null}} → {@code {"compatibilityLevel":...}} (null subject: global)</li>
 *   <li>{@code {"keytype":"MODE","subject":s|null}} → {@code {"mode":"READONLY"}} (null subject: global)</li>
 *   <li>{@code {"keytype":"ID_BOUND"}} → {@code {"maxId":n}}, written before permanent deletes so that a
 *       hard-deleted id is never handed out again after a restart</li>
 * </ul>
 */
public final class RecordCodec {

    /** A decoded record, one type per key type. */
    public sealed interface Decoded permits SchemaKey, ConfigKey, ModeKey, IdBound {
    }

    /** A subject version record; {@code value} is null for a tombstone (permanent delete). */
    public record SchemaKey(String subject, int version, SchemaVersion value) implements Decoded {
    }

    /** A compatibility config record; {@code level} is null for a tombstone (config deleted). */
    public record ConfigKey(String subject, CompatibilityLevel level) implements Decoded {
    }

    /** A mode record; {@code mode} is null for a tombstone (subject mode deleted). */
    public record ModeKey(String subject, RegistryMode mode) implements Decoded {
    }

    /** The highest id ever assigned. */
    public record IdBound(int maxId) implements Decoded {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordCodec() {
    }

    public static StoreEntry schema(SchemaVersion v) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("subject", v.subject());
        value.put("version", v.version());
        value.put("id", v.id());
        value.put("schemaType", AvroSchemas.AVRO);
        value.put("schema", v.schema());
        value.put("deleted", v.deleted());
        return new StoreEntry(schemaKey(v.subject(), v.version()), json(value));
    }

    public static StoreEntry schemaTombstone(String subject, int version) {
        return StoreEntry.tombstone(schemaKey(subject, version));
    }

    public static StoreEntry config(String subject, CompatibilityLevel level) {
        return new StoreEntry(configKey(subject), json(Map.of("compatibilityLevel", level.name())));
    }

    public static StoreEntry configTombstone(String subject) {
        return StoreEntry.tombstone(configKey(subject));
    }

    public static StoreEntry mode(String subject, RegistryMode mode) {
        return new StoreEntry(modeKey(subject), json(Map.of("mode", mode.name())));
    }

    public static StoreEntry modeTombstone(String subject) {
        return StoreEntry.tombstone(modeKey(subject));
    }

    public static StoreEntry idBound(int maxId) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("keytype", "ID_BOUND");
        key.put("magic", 0);
        return new StoreEntry(json(key), json(Map.of("maxId", maxId)));
    }

    /**
     * @return the decoded record, or {@code null} for a key type this version does not know (skipped)
     * @throws StoreException if the record is not valid JSON of the expected shape
     */
    public static Decoded decode(StoreEntry entry) {
        try {
            JsonNode key = MAPPER.readTree(entry.key());
            JsonNode value = entry.value() == null ? null : MAPPER.readTree(entry.value());
            String type = key.path("keytype").asText();
            switch (type) {
                case "SCHEMA" -> {
                    String subject = key.get("subject").asText();
                    int version = key.get("version").asInt();
                    SchemaVersion v = value == null ? null : new SchemaVersion(subject, version,
                            value.get("id").asInt(), value.get("schema").asText(), value.path("deleted").asBoolean());
                    return new SchemaKey(subject, version, v);
                }
                case "CONFIG" -> {
                    JsonNode s = key.get("subject");
                    String subject = s == null || s.isNull() ? null : s.asText();
                    CompatibilityLevel level = value == null ? null
                            : CompatibilityLevel.parse(value.get("compatibilityLevel").asText()).orElseThrow(
                                    () -> new IllegalArgumentException("unknown compatibility level"));
                    return new ConfigKey(subject, level);
                }
                case "MODE" -> {
                    JsonNode s = key.get("subject");
                    String subject = s == null || s.isNull() ? null : s.asText();
                    RegistryMode mode = value == null ? null : RegistryMode.parse(value.get("mode").asText())
                            .orElseThrow(() -> new IllegalArgumentException("unknown mode"));
                    return new ModeKey(subject, mode);
                }
                case "ID_BOUND" -> {
                    return new IdBound(value == null ? 0 : value.get("maxId").asInt());
                }
                default -> {
                    return null;
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("unreadable schema registry record key=" + entry.key()
                    + " value=" + entry.value() + ": " + e.getMessage(), e);
        }
    }

    private static String schemaKey(String subject, int version) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("keytype", "SCHEMA");
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
        return json(key);
    }

    private static String configKey(String subject) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("keytype", "CONFIG");
        key.put("subject", subject);
        key.put("magic", 0);
        return json(key);
    }

    private static String modeKey(String subject) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("keytype", "MODE");
        key.put("subject", subject);
        key.put("magic", 0);
        return json(key);
    }

    private static String json(Map<String, Object> map) {
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render registry record " + map, e);
        }
    }
}
