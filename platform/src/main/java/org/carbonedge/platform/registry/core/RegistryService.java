package org.carbonedge.platform.registry.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.carbonedge.platform.registry.compat.CompatibilityChecker;
import org.carbonedge.platform.registry.compat.CompatibilityLevel;
import org.carbonedge.platform.registry.compat.ExistingSchema;
import org.carbonedge.platform.registry.store.SchemaStore;
import org.carbonedge.platform.registry.store.StoreEntry;
import org.carbonedge.platform.registry.store.StoreException;

/**
 * The registry's rules, independent of HTTP: registration with global ids and per-subject versions,
 * compatibility enforcement, soft and permanent deletes, and compatibility configuration, all with Confluent's
 * semantics. Every change is written to the {@link SchemaStore} synchronously and applied to memory only once
 * the store has accepted it, so an answer the client sees is always durable.
 *
 * <p>All methods are serialised (one writer); the registry's load is a handful of calls per service start.
 */
public final class RegistryService {

    private final SchemaStore store;
    private final WritePolicy policy;
    private final RegistryState state = new RegistryState();

    /** Replays the store to rebuild the state; READWRITE by default, no subject protected. */
    public RegistryService(SchemaStore store) {
        this(store, WritePolicy.OPEN);
    }

    /** Replays the store to rebuild the state; {@code policy} sets the default mode and the protected subjects. */
    public RegistryService(SchemaStore store, WritePolicy policy) {
        this.store = store;
        this.policy = policy;
        store.replay(state::apply);
    }

    // ---- schemas and subjects ------------------------------------------------------------------------------

    /** Registers the schema under the subject as it is sent (Avro's canonical rendering); see below. */
    public int register(String subject, SchemaSubmission submission) {
        return register(subject, submission, false);
    }

    /**
     * Registers the schema under the subject; returns its global id (the existing one if already registered).
     *
     * @param normalize store the normalised text ({@link AvroNormalizer}) and match existing versions by theirs
     */
    public synchronized int register(String subject, SchemaSubmission submission, boolean normalize) {
        SubjectNames.check(subject);
        requireWritable(subject);
        AvroSchemas.Parsed parsed = AvroSchemas.parse(submission);
        String text = parsed.text(normalize);
        List<SchemaVersion> live = state.versions(subject, false);
        Optional<SchemaVersion> same = newestMatching(live, text, normalize);
        if (same.isPresent()) {
            return same.get().id();
        }
        List<String> problems = CompatibilityChecker.check(state.effectiveLevel(subject), parsed.schema(),
                existing(live));
        if (!problems.isEmpty()) {
            throw Errors.incompatible(subject, problems);
        }
        int id = state.idOf(text).orElse(state.maxId() + 1);
        SchemaVersion v = new SchemaVersion(subject, state.highestVersion(subject) + 1, id, text, false);
        write("Register schema operation", List.of(RecordCodec.schema(v)));
        return id;
    }

    /** Finds the version of the subject holding this schema (POST /subjects/{s}), normalised if asked. */
    public synchronized SchemaVersion lookup(String subject, SchemaSubmission submission, boolean includeDeleted,
                                             boolean normalize) {
        AvroSchemas.Parsed parsed = AvroSchemas.parse(submission);
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        return newestMatching(versions, parsed.text(normalize), normalize).orElseThrow(() ->
                versions.isEmpty() ? Errors.subjectNotFound(subject) : Errors.schemaNotFound());
    }

    /** The newest version whose text (normalised when asked, stored versions included) is {@code text}. */
    private static Optional<SchemaVersion> newestMatching(List<SchemaVersion> versions, String text, boolean normalize) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            String stored = versions.get(i).schema();
            if (stored.equals(text) || (normalize && AvroNormalizer.normalize(stored).equals(text))) {
                return Optional.of(versions.get(i));
            }
        }
        return Optional.empty();
    }

    /** The schema text with this global id; soft-deleted versions keep their id readable, as in Confluent. */
    public synchronized String schemaById(int id) {
        return state.schemaById(id).orElseThrow(() -> Errors.schemaNotFound(id));
    }

    /** Subject/version pairs that use the id. */
    public synchronized List<SchemaVersion> versionsUsingId(int id, boolean includeDeleted) {
        schemaById(id);
        return state.versionsWithId(id, includeDeleted);
    }

    /** Subject names in order, those starting with {@code prefix} (null or empty: all) that the filter lists. */
    public synchronized List<String> subjects(String prefix, LookupFilter filter) {
        List<String> all = state.subjects(filter);
        return prefix == null || prefix.isEmpty() ? all : all.stream().filter(s -> s.startsWith(prefix)).toList();
    }

    /** The subject's version numbers the filter lists; 40401 when it has none of the kind asked for at all. */
    public synchronized List<Integer> versionNumbers(String subject, LookupFilter filter) {
        if (!state.hasSubject(subject, filter != LookupFilter.LIVE)) {
            throw Errors.subjectNotFound(subject);
        }
        return state.versions(subject, filter).stream().map(SchemaVersion::version).toList();
    }

    /**
     * Versions of every subject starting with {@code prefix} (null or empty: all), by subject then version,
     * soft-deleted ones when asked; with {@code latestOnly} only each subject's newest of those.
     */
    public synchronized List<SchemaVersion> schemas(String prefix, boolean includeDeleted, boolean latestOnly) {
        List<SchemaVersion> out = new ArrayList<>();
        for (String subject : subjects(prefix, includeDeleted ? LookupFilter.INCLUDE_DELETED : LookupFilter.LIVE)) {
            List<SchemaVersion> versions = state.versions(subject, includeDeleted);
            out.addAll(latestOnly ? versions.subList(versions.size() - 1, versions.size()) : versions);
        }
        return out;
    }

    public synchronized SchemaVersion version(String subject, String versionText, boolean includeDeleted) {
        VersionId id = VersionId.parse(versionText);
        Optional<SchemaVersion> v = id.latest() ? state.latest(subject, includeDeleted)
                : state.version(subject, id.number(), includeDeleted);
        return v.orElseThrow(() -> state.hasSubject(subject, includeDeleted)
                ? Errors.versionNotFound(id.number()) : Errors.subjectNotFound(subject));
    }

    /** Soft deletes every live version (and the subject's config), or permanently deletes a soft-deleted subject. */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        requireDeletable(subject);
        if (!state.hasSubject(subject, true)) {
            throw Errors.subjectNotFound(subject);
        }
        boolean live = state.hasSubject(subject, false);
        if (!permanent && !live) {
            throw Errors.subjectSoftDeleted(subject);
        }
        if (permanent && live) {
            throw Errors.subjectNotSoftDeleted(subject);
        }
        List<StoreEntry> entries = new ArrayList<>();
        List<Integer> deleted = new ArrayList<>();
        if (permanent) {
            entries.add(RecordCodec.idBound(state.maxId()));
        }
        for (SchemaVersion v : state.versions(subject, permanent)) {
            entries.add(permanent ? RecordCodec.schemaTombstone(subject, v.version()) : RecordCodec.schema(v.softDeleted()));
            deleted.add(v.version());
        }
        if (state.subjectLevel(subject).isPresent()) {
            entries.add(RecordCodec.configTombstone(subject));
        }
        write("Delete subject operation", entries);
        return deleted;
    }

    /** Soft deletes one version, or permanently deletes a soft-deleted one; returns the version number. */
    public synchronized int deleteVersion(String subject, String versionText, boolean permanent) {
        requireDeletable(subject);
        VersionId id = VersionId.parse(versionText);
        Optional<SchemaVersion> found = id.latest() ? state.latest(subject, permanent)
                : state.version(subject, id.number(), true);
        if (found.isEmpty()) {
            throw state.hasSubject(subject, true) ? Errors.versionNotFound(id.number()) : Errors.subjectNotFound(subject);
        }
        SchemaVersion v = found.get();
        if (!permanent && v.deleted()) {
            throw Errors.versionSoftDeleted(subject, versionText);
        }
        if (permanent && !v.deleted()) {
            throw Errors.versionNotSoftDeleted(subject, versionText);
        }
        List<StoreEntry> entries = permanent
                ? List.of(RecordCodec.idBound(state.maxId()), RecordCodec.schemaTombstone(subject, v.version()))
                : List.of(RecordCodec.schema(v.softDeleted()));
        write("Delete schema version operation", entries);
        return v.version();
    }

    // ---- compatibility -------------------------------------------------------------------------------------

    /**
     * Tests a schema against one version ("latest" included) or, when {@code versionText} is null, against the
     * versions the subject's level selects (what registration would check).
     *
     * @param verbose when true an invalid schema yields a message instead of a 42201 error
     * @return incompatibility messages; empty means compatible
     */
    public synchronized List<String> testCompatibility(String subject, String versionText, SchemaSubmission submission,
                                                       boolean verbose) {
        List<SchemaVersion> targets;
        if (versionText == null) {
            targets = state.versions(subject, false);
        } else {
            VersionId id = VersionId.parse(versionText);
            Optional<SchemaVersion> v = id.latest() ? state.latest(subject, false)
                    : state.version(subject, id.number(), false);
            if (v.isEmpty() && !id.latest()) {
                throw state.hasSubject(subject, false) ? Errors.versionNotFound(id.number())
                        : Errors.subjectNotFound(subject);
            }
            targets = v.map(List::of).orElse(List.of());
        }
        AvroSchemas.Parsed parsed;
        try {
            parsed = AvroSchemas.parse(submission);
        } catch (RegistryException e) {
            if (verbose) {
                return List.of(e.getMessage());
            }
            throw e;
        }
        return CompatibilityChecker.check(state.effectiveLevel(subject), parsed.schema(), existing(targets));
    }

    // ---- configuration -------------------------------------------------------------------------------------

    public synchronized CompatibilityLevel globalLevel() {
        return state.globalLevel().orElse(CompatibilityLevel.DEFAULT);
    }

    public synchronized CompatibilityLevel setGlobalLevel(String levelName) {
        requireWritable(null);
        CompatibilityLevel level = CompatibilityLevel.parse(levelName).orElseThrow(Errors::invalidCompatibilityLevel);
        write("Update compatibility level operation", List.of(RecordCodec.config(null, level)));
        return level;
    }

    /** Resets the global level to the default; returns the level in force before. */
    public synchronized CompatibilityLevel deleteGlobalLevel() {
        requireWritable(null);
        CompatibilityLevel before = globalLevel();
        write("Delete compatibility level operation", List.of(RecordCodec.configTombstone(null)));
        return before;
    }

    /** The subject's own level; with {@code defaultToGlobal} the level that applies to it. */
    public synchronized CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        if (defaultToGlobal) {
            return state.effectiveLevel(subject);
        }
        return state.subjectLevel(subject).orElseThrow(() -> Errors.subjectCompatibilityNotConfigured(subject));
    }

    /** Sets a subject's level; allowed before the subject has any schema, as in Confluent. */
    public synchronized CompatibilityLevel setSubjectLevel(String subject, String levelName) {
        requireWritable(subject);
        CompatibilityLevel level = CompatibilityLevel.parse(levelName).orElseThrow(Errors::invalidCompatibilityLevel);
        write("Update compatibility level operation", List.of(RecordCodec.config(subject, level)));
        return level;
    }

    /** Removes a subject's own level (it falls back to the global one); returns the removed level. */
    public synchronized CompatibilityLevel deleteSubjectLevel(String subject) {
        requireWritable(subject);
        CompatibilityLevel before = state.subjectLevel(subject).orElseThrow(() -> Errors.subjectNotFound(subject));
        write("Delete compatibility level operation", List.of(RecordCodec.configTombstone(subject)));
        return before;
    }

    // ---- mode ----------------------------------------------------------------------------------------------

    /** The global mode: the one stored by {@code PUT /mode}, else the policy's default. */
    public synchronized RegistryMode globalMode() {
        return state.globalMode().orElse(policy.defaultMode());
    }

    /** Sets the global mode; always allowed, also in READONLY (that is how a registry leaves it). */
    public synchronized RegistryMode setGlobalMode(String modeName) {
        RegistryMode mode = RegistryMode.parse(modeName).orElseThrow(Errors::invalidMode);
        write("Update mode operation", List.of(RecordCodec.mode(null, mode)));
        return mode;
    }

    /** The subject's own mode; with {@code defaultToGlobal} the mode that applies to it. */
    public synchronized RegistryMode subjectMode(String subject, boolean defaultToGlobal) {
        if (defaultToGlobal) {
            return effectiveMode(subject);
        }
        return state.subjectMode(subject).orElseThrow(() -> Errors.subjectModeNotConfigured(subject));
    }

    public synchronized RegistryMode setSubjectMode(String subject, String modeName) {
        SubjectNames.check(subject);
        RegistryMode mode = RegistryMode.parse(modeName).orElseThrow(Errors::invalidMode);
        write("Update mode operation", List.of(RecordCodec.mode(subject, mode)));
        return mode;
    }

    /** Removes a subject's own mode (the global one applies again); returns the removed mode. */
    public synchronized RegistryMode deleteSubjectMode(String subject) {
        RegistryMode before = state.subjectMode(subject).orElseThrow(() -> Errors.subjectModeNotConfigured(subject));
        write("Delete mode operation", List.of(RecordCodec.modeTombstone(subject)));
        return before;
    }

    // ---- metadata -------------------------------------------------------------------------------------------

    /**
     * This registry's cluster id: a name-based UUID of its store's identity, so it stays the same across restarts
     * over the same store without storing anything, and two registries over different stores differ. (Confluent
     * answers its {@code schema.registry.group.id} here.)
     */
    public String registryId() {
        return UUID.nameUUIDFromBytes(store.identity().getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ---- internals -----------------------------------------------------------------------------------------

    private RegistryMode effectiveMode(String subject) {
        return state.subjectMode(subject).orElseGet(this::globalMode);
    }

    /** Refuses a write to the subject (null: a global setting) in READONLY mode, as Confluent does (42205). */
    private void requireWritable(String subject) {
        RegistryMode mode = subject == null ? globalMode() : effectiveMode(subject);
        if (!mode.writable()) {
            throw Errors.readOnly(subject);
        }
    }

    private void requireDeletable(String subject) {
        if (policy.isProtected(subject)) {
            throw Errors.protectedSubject(subject);
        }
        requireWritable(subject);
    }

    private List<ExistingSchema> existing(List<SchemaVersion> versions) {
        return versions.stream().map(v -> new ExistingSchema(v.version(), state.parsed(v))).toList();
    }

    private void write(String operation, List<StoreEntry> entries) {
        try {
            store.write(entries);
        } catch (StoreException e) {
            throw Errors.storeError(operation, e);
        }
        entries.forEach(state::apply);
    }
}
