package org.carbonedge.executor.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.executor.model.partition.ManifestJson;

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
    private final Map<String, ModelManifest> manifests = new ConcurrentHashMap<>();

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
        checkModelId(modelId);
        return manifests.computeIfAbsent(modelId, this::readManifest);
    }

    /** Forgets a cached manifest (after the model was re-added). */
    public void invalidate(String modelId) {
        manifests.remove(modelId);
    }

    /** The file of partition {@code index} of {@code modelId}. */
    public Path partFile(String modelId, int index) {
        ModelManifest m = manifest(modelId);
        if (index < 0 || index >= m.getPartitions().size()) {
            throw new BadTaskException("model " + modelId + " has partitions 0.." + (m.getPartitions().size() - 1)
                    + ", not " + index);
        }
        PartitionSpec spec = m.getPartitions().get(index);
        Path dir = modelDir(modelId);
        Path file = inside(dir.resolve(spec.getFile()));
        if (!file.startsWith(dir)) {
            throw new BadTaskException("manifest of " + modelId + " names a part outside its directory: " + spec.getFile());
        }
        return file;
    }

    private ModelManifest readManifest(String modelId) {
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
