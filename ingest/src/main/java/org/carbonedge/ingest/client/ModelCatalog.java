package org.carbonedge.ingest.client;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.carbonedge.avro.ModelManifest;

/**
 * The latest manifest of every model on {@code carbonedge.models}, as a reader of that compacted topic sees it.
 * Clients validate requests against it before publishing, so bad input fails at the caller, not in the router.
 * Thread-safe: one follower thread writes, any thread reads.
 */
public final class ModelCatalog {

    private final ConcurrentHashMap<String, ModelManifest> models = new ConcurrentHashMap<>();

    /** The manifest of {@code modelId}, or null when no such model is registered. */
    public ModelManifest find(String modelId) {
        return modelId == null ? null : models.get(modelId);
    }

    public Optional<ModelManifest> get(String modelId) {
        return Optional.ofNullable(find(modelId));
    }

    /** Ids of the registered models, sorted. */
    public SortedSet<String> ids() {
        return new TreeSet<>(models.keySet());
    }

    /** Records {@code manifest} under {@code modelId}; a null manifest (a tombstone) removes the model. */
    void update(String modelId, ModelManifest manifest) {
        if (modelId == null) {
            return;
        }
        if (manifest == null) {
            models.remove(modelId);
        } else {
            models.merge(modelId, manifest, (old, latest) -> latest.getVersion() >= old.getVersion() ? latest : old);
        }
    }
}
