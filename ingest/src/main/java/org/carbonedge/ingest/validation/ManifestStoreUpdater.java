package org.carbonedge.ingest.validation;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.carbonedge.avro.ModelManifest;

/** Keeps the latest manifest per model (a tombstone removes it) in the validation's global store. */
final class ManifestStoreUpdater implements Processor<String, ModelManifest, Void, Void> {

    private KeyValueStore<String, ModelManifest> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(RequestValidation.MANIFESTS);
    }

    @Override
    public void process(Record<String, ModelManifest> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
