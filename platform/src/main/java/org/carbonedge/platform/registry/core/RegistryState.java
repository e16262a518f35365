package org.carbonedge.platform.registry.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.carbonedge.platform.registry.compat.CompatibilityLevel;
import org.carbonedge.platform.registry.store.StoreEntry;

/**
 * The registry's whole state in memory, rebuilt by applying store records in order: subjects and their
 * versions, the global id of every schema text, and the compatibility configs. It only answers questions and
 * applies records; deciding what to write is {@link RegistryService}'s job. Not thread-safe: the service
 * serialises access.
 */
final class RegistryState {

    private final Map<String, TreeMap<Integer, SchemaVersion>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<Integer, Integer> versionsUsingId = new HashMap<>();
    private final Map<Integer, Schema> parsedById = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final Map<String, RegistryMode> subjectModes = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private RegistryMode globalMode;
    private int maxId;

    void apply(StoreEntry entry) {
        RecordCodec.Decoded d = RecordCodec.decode(entry);
        if (d instanceof RecordCodec.SchemaKey k) {
            remove(k.subject(), k.version());
            if (k.value() != null) {
                put(k.value());
            }
        } else if (d instanceof RecordCodec.ConfigKey c) {
            if (c.subject() == null) {
                globalLevel = c.level();
            } else if (c.level() == null) {
                subjectLevels.remove(c.subject());
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        } else if (d instanceof RecordCodec.ModeKey m) {
            if (m.subject() == null) {
                globalMode = m.mode();
            } else if (m.mode() == null) {
                subjectModes.remove(m.subject());
            } else {
                subjectModes.put(m.subject(), m.mode());
            }
        } else if (d instanceof RecordCodec.IdBound b) {
            maxId = Math.max(maxId, b.maxId());
        }
    }

    private void put(SchemaVersion v) {
        subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
        schemaById.put(v.id(), v.schema());
        idBySchema.put(v.schema(), v.id());
        versionsUsingId.merge(v.id(), 1, Integer::sum);
        maxId = Math.max(maxId, v.id());
    }

    private void remove(String subject, int version) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        SchemaVersion old = versions == null ? null : versions.remove(version);
        if (old == null) {
            return;
        }
        if (versions.isEmpty()) {
            subjects.remove(subject);
        }
        if (versionsUsingId.merge(old.id(), -1, Integer::sum) == 0) {
            versionsUsingId.remove(old.id());
            schemaById.remove(old.id());
            idBySchema.remove(old.schema());
            parsedById.remove(old.id());
        }
    }

    /** Versions of a subject, oldest first; soft-deleted ones only when asked. */
    List<SchemaVersion> versions(String subject, boolean includeDeleted) {
        List<SchemaVersion> out = new ArrayList<>();
        for (SchemaVersion v : subjects.getOrDefault(subject, new TreeMap<>()).values()) {
            if (includeDeleted || !v.deleted()) {
                out.add(v);
            }
        }
        return out;
    }

    /** Versions of a subject the filter lists, oldest first. */
    List<SchemaVersion> versions(String subject, LookupFilter filter) {
        return versions(subject, true).stream().filter(v -> filter.includes(v.deleted())).toList();
    }

    boolean hasSubject(String subject, boolean includeDeleted) {
        return !versions(subject, includeDeleted).isEmpty();
    }

    Optional<SchemaVersion> version(String subject, int version, boolean includeDeleted) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        SchemaVersion v = versions == null ? null : versions.get(version);
        return v == null || (v.deleted() && !includeDeleted) ? Optional.empty() : Optional.of(v);
    }

    Optional<SchemaVersion> latest(String subject, boolean includeDeleted) {
        List<SchemaVersion> all = versions(subject, includeDeleted);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Highest version number ever kept for the subject, soft-deleted included; 0 if none. */
    int highestVersion(String subject) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    /** Subjects in name order; a subject whose versions are all soft deleted only when asked. */
    List<String> subjects(boolean includeDeleted) {
        List<String> out = new ArrayList<>();
        for (String s : subjects.keySet()) {
            if (hasSubject(s, includeDeleted)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Subjects in name order that the filter lists; a subject is soft deleted when all its versions are. */
    List<String> subjects(LookupFilter filter) {
        List<String> out = new ArrayList<>();
        for (String s : subjects.keySet()) {
            if (filter.includes(!hasSubject(s, false))) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every version, in any subject, that uses the id. */
    List<SchemaVersion> versionsWithId(int id, boolean includeDeleted) {
        List<SchemaVersion> out = new ArrayList<>();
        for (TreeMap<Integer, SchemaVersion> versions : subjects.values()) {
            for (SchemaVersion v : versions.values()) {
                if (v.id() == id && (includeDeleted || !v.deleted())) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    Optional<Integer> idOf(String canonicalSchema) {
        return Optional.ofNullable(idBySchema.get(canonicalSchema));
    }

    /** Parsed form of a stored schema, cached because compatibility checks reuse it. */
    Schema parsed(SchemaVersion v) {
        return parsedById.computeIfAbsent(v.id(), id -> AvroSchemas.parseStored(v.schema()));
    }

    int maxId() {
        return maxId;
    }

    Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The level that applies to the subject: its own, else the global one, else {@link CompatibilityLevel#DEFAULT}. */
    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).or(this::globalLevel).orElse(CompatibilityLevel.DEFAULT);
    }

    Optional<RegistryMode> globalMode() {
        return Optional.ofNullable(globalMode);
    }

    Optional<RegistryMode> subjectMode(String subject) {
        return Optional.ofNullable(subjectModes.get(subject));
    }
}
