package org.carbonedge.ingest.validation;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RecordFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest manifest per model (a tombstone removes it) in the validation's global store. Manifests arrive as
 * bytes and are decoded here: an unreadable one is skipped with a warning (a global store cannot dead-letter, and the
 * router, which reads the same topic, dead-letters it) instead of stopping the validation.
 */
final class ManifestStoreUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestStoreUpdater.class);

    private final Deserializer<ModelManifest> manifests;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, ModelManifest> store;

    ManifestStoreUpdater(Deserializer<ModelManifest> manifests) {
        this.manifests = manifests;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(RequestValidation.MANIFESTS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        ModelManifest manifest;
        try {
            manifest = manifests.deserialize(topic(), record.value());
        } catch (Throwable e) { // an Error one manifest causes must not stop the global store thread either
            RecordFailures.rethrowIfFatal(e);
            LOG.warn("skipping unreadable manifest for model '{}': {}", record.key(), RecordFailures.describe(e));
            return;
        }
        if (manifest == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), manifest);
        }
    }

    private String topic() {
        return context.recordMetadata().map(m -> m.topic()).orElse(Topics.MODELS.name());
    }
}
