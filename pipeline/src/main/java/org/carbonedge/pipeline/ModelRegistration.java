package org.carbonedge.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.model.partition.ModelSplitter;
import org.carbonedge.executor.model.partition.SplitOptions;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.validation.ManifestValidator;

/**
 * Putting a model where executors and the router find it: its parts in the model store, its manifest on
 * {@code carbonedge.models}. One code path for {@code carbonedge up}, {@code carbonedge init} and
 * {@code carbonedge model add}.
 */
public final class ModelRegistration {

    private ModelRegistration() {
    }

    /**
     * Builds built-in model {@code name} and splits it into {@code parts} in {@code modelStore} (once: a store that
     * already holds it is reused, so restarts keep the same parts), then publishes its manifest. A variant of a
     * built-in family (the MobileNetV2 widths) gets its family and published accuracy in the manifest, also when the
     * store's manifest was written before manifests had them.
     */
    public static ModelManifest builtIn(ClientSettings settings, Path modelStore, String name, int parts) throws Exception {
        Path dir = modelStore.resolve(name);
        ModelManifest manifest;
        if (Files.exists(dir.resolve(ManifestJson.FILE_NAME))) {
            manifest = ManifestJson.read(dir.resolve(ManifestJson.FILE_NAME));
        } else {
            Path whole = ModelZoo.build(name, ModelZoo.DEFAULT_SEED).writeTo(modelStore.resolve(name + ".onnx"));
            manifest = ModelSplitter.split(whole, SplitOptions.of(name, parts), dir).manifest();
        }
        ModelManifest described = ModelZoo.describe(manifest);
        if (described != manifest) {
            ManifestJson.write(described, dir);
            manifest = described;
        }
        publish(settings, manifest);
        return manifest;
    }

    /**
     * Publishes {@code manifest} to {@code carbonedge.models} (key modelId) and waits for the acknowledgement.
     *
     * @throws IllegalArgumentException when its family or accuracy breaks {@link ManifestValidator} (nothing is
     *                                  published: a planner would compare a floor with a figure that means nothing)
     */
    public static void publish(ClientSettings settings, ModelManifest manifest) throws Exception {
        ManifestValidator.problem(manifest).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        Topic<ModelManifest> models = settings.catalog().topic(Topics.MODELS);
        try (var producer = new KafkaProducer<>(settings.producer("carbonedge-models"),
                models.keySerde().serializer(), models.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(models.name(), manifest.getModelId(), manifest)).get();
        }
    }
}
