package org.carbonedge.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
     * The latest manifest of every model registered on {@code carbonedge.models} (tombstones remove a model), read
     * from the beginning to the end offsets taken at the start, within {@code timeout}: what a registration checks a
     * new variant against.
     *
     * @throws IllegalStateException when the topic cannot be read to its end in time
     */
    public static Map<String, ModelManifest> registered(ClientSettings settings, Duration timeout) {
        Topic<ModelManifest> models = settings.catalog().topic(Topics.MODELS);
        Deserializer<ModelManifest> values = models.valueSerde().deserializer();
        Map<String, ModelManifest> latest = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var consumer = new KafkaConsumer<>(settings.consumer("carbonedge-models-reader"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(models.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + models.name() + " does not exist (run 'carbonedge init')");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + models.name() + " to its end within "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        ModelManifest m;
                        try {
                            m = values.deserialize(r.topic(), r.value());
                        } catch (RuntimeException unreadable) { // the validation's store skips these too
                            continue;
                        }
                        latest.merge(r.key(), m, (old, now) -> now.getVersion() >= old.getVersion() ? now : old);
                    }
                }
            }
        }
        return latest;
    }

    /**
     * The first reason {@code manifest} cannot join its family among {@code registered} (by model id): another
     * variant of the family whose inputs or outputs differ. A registered model whose id is the family's name counts
     * as a variant even when its manifest predates families (the built-in {@code mobilenetv2} of an older store).
     * Empty when it has no family, when it is the family's first variant, or when it matches; a re-registration of
     * the same model id is not compared with itself.
     */
    public static Optional<String> familyMismatch(ModelManifest manifest, Map<String, ModelManifest> registered) {
        if (manifest.getFamily() == null) {
            return Optional.empty();
        }
        return registered.values().stream()
                .filter(m -> (manifest.getFamily().equals(m.getFamily()) || manifest.getFamily().equals(m.getModelId()))
                        && !m.getModelId().equals(manifest.getModelId()))
                .map(m -> ManifestValidator.familyMismatch(manifest, m))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
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
