package org.carbonedge.executor.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.model.partition.ModelSplitter;

/**
 * The directory of partitioned models an executor serves: {@code <root>/<modelId>/manifest.json} (the
 * ModelManifest in Avro JSON) and the part files it names. Model ids are checked against a strict pattern and every
 * resolved path must stay under the root, so no request can make an executor read outside its store.
 */
public final class ModelStore {

    /** Allowed model ids: no separators, no dot-only names. */
    public static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String MANIFEST_FILE = ManifestJson.FILE_NAME;

    private final Path root;
    private final Map<String, StoredModel> models = new ConcurrentHashMap<>();

    /** A model as read from the store: its manifest and its resolved, checked files (looked up once per model). */
    private record StoredModel(ModelManifest manifest, List<Path> parts, Optional<Path> whole) {
    }

    public ModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Throws a {@link BadTaskException} unless {@code modelId} is a valid id. */
    public static void checkModelId(String modelId) {
        if (modelId == null || !MODEL_ID.matcher(modelId).matches() || modelId.contains("..")) {
            throw new BadTaskException("invalid model id '" + modelId + "': use 1-64 of [A-Za-z0-9._-], starting"
                    + " with a letter or digit");
        }
    }

    /** Directory of a model inside the store. */
    public Path modelDir(String modelId) {
        checkModelId(modelId);
        return inside(root.resolve(modelId));
    }

    /** The manifest of {@code modelId}, read once and cached. */
    public ModelManifest manifest(String modelId) {
        return model(modelId).manifest();
    }

    /** Forgets a cached manifest (after the model was re-added). */
    public void invalidate(String modelId) {
        models.remove(modelId);
    }

    /** The file of partition {@code index} of {@code modelId}. */
    public Path partFile(String modelId, int index) {
        List<Path> parts = model(modelId).parts();
        if (index < 0 || index >= parts.size()) {
            throw new BadTaskException("model " + modelId + " has partitions 0.." + (parts.size() - 1) + ", not " + index);
        }
        return parts.get(index);
    }

    /**
     * The whole model of {@code modelId} ({@link ModelSplitter#WHOLE_FILE} next to its parts), if the store has it:
     * a stage covering every partition runs it as one session.
     */
    public Optional<Path> wholeFile(String modelId) {
        return model(modelId).whole();
    }

    private StoredModel model(String modelId) {
        StoredModel known = models.get(modelId);
        return known != null ? known : models.computeIfAbsent(modelId, this::load);
    }

    private StoredModel load(String modelId) {
        ModelManifest m = readManifest(modelId);
        Path dir = modelDir(modelId);
        List<Path> parts = new ArrayList<>();
        for (PartitionSpec spec : m.getPartitions()) {
            Path file = inside(dir.resolve(spec.getFile()));
            if (!file.startsWith(dir)) {
                throw new BadTaskException("manifest of " + modelId + " names a part outside its directory: " + spec.getFile());
            }
            parts.add(file);
        }
        Path whole = dir.resolve(ModelSplitter.WHOLE_FILE);
        return new StoredModel(m, List.copyOf(parts), Files.isRegularFile(whole) ? Optional.of(whole) : Optional.empty());
    }

    private ModelManifest readManifest(String modelId) {
        checkModelId(modelId);
        Path file = modelDir(modelId).resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadTaskException("unknown model '" + modelId + "': no " + MANIFEST_FILE + " in the model store");
        }
        try {
            return ManifestJson.read(file);
        } catch (RuntimeException e) {
            throw new BadTaskException("unreadable manifest of model '" + modelId + "': " + e.getMessage());
        }
    }

    private Path inside(Path p) {
        Path n = p.toAbsolutePath().normalize();
        if (!n.startsWith(root)) {
            throw new BadTaskException("path escapes the model store: " + p);
        }
        return n;
    }
}
