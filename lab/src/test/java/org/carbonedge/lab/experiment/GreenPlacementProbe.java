package org.carbonedge.lab.experiment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.Tensor;
import org.carbonedge.core.carbon.AccountingConfig;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.jobs.emissions.EmissionsConfig;
import org.carbonedge.jobs.router.RouterConfig;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Diagnostic: runs the paper's interleaved policies and dumps device states and green's records as JSON lines. */
@EnabledIfSystemProperty(named = "carbonedge.probe", matches = "true")
class GreenPlacementProbe {

    @TempDir
    Path dir;

    @Test
    void probe() throws Exception {
        Path out = Path.of(System.getProperty("carbonedge.probe.out", "/tmp/green-probe"));
        Files.createDirectories(out);
        int requests = Integer.getInteger("carbonedge.probe.requests", 20);
        RouterConfig router = RouterConfig.defaults().withPlanner(
                RouterConfig.defaults().planner().withTransfer(0.0, PaperExperiment.COLOCATED_BYTES_PER_MILLI));
        EmissionsConfig emissions = EmissionsConfig.defaults()
                .withAccounting(AccountingConfig.defaults().withKwhPerGigabyte(0.0));
        EmbeddedPipeline.Options options = new EmbeddedPipeline.Options(dir.resolve("data"), 0, 0, PaperExperiment.NODES,
                List.of("mobilenetv2"), 8, false, router, emissions);
        List<String> states = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options)) {
            Topic<DeviceState> topic = pipeline.settings().catalog().topic(Topics.DEVICE_STATE);
            Thread tap = new Thread(() -> {
                try (KafkaConsumer<String, DeviceState> c = new KafkaConsumer<>(pipeline.settings().consumer("probe-states"),
                        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
                    List<TopicPartition> parts = c.partitionsFor(topic.name()).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                    c.assign(parts);
                    c.seekToBeginning(parts);
                    while (running.get()) {
                        c.poll(Duration.ofMillis(100)).forEach(r -> states.add(r.timestamp() + "\t" + r.value().toString()));
                    }
                }
            });
            tap.start();
            PaperExperiment.publishStaticIntensities(pipeline.settings());
            Files.writeString(out.resolve("manifest.json"), Files.readString(
                    pipeline.modelStore().resolve("mobilenetv2").resolve(ManifestJson.FILE_NAME)));
            try (SequentialRunner runner = new SequentialRunner(pipeline.settings(), "probe")) {
                List<Tensor> input = RandomInputs.forSpecs(ManifestJson.read(
                        pipeline.modelStore().resolve("mobilenetv2").resolve(ManifestJson.FILE_NAME)).getInputs(), 7);
                PaperExperiment.warmUp(runner, "mobilenetv2", input,
                        s -> PaperExperiment.INTENSITY.containsValue(s.getGco2PerKwh()), "static");
                Map<String, List<EmissionRecord>> byPolicy = runner.interleaved("mobilenetv2", "mobilenetv2", input,
                        PaperExperiment.POLICIES, null, requests);
                try (PrintStream p = new PrintStream(out.resolve("records.jsonl").toFile())) {
                    byPolicy.forEach((policy, list) -> list.forEach(r -> p.println(policy + "\t" + r)));
                }
                PolicyStats green = PolicyStats.of("green", byPolicy.get("green"));
                PolicyStats mono = PolicyStats.of("monolithic", byPolicy.get("monolithic"));
                System.out.printf("probe: green %.4g mono %.4g reduction %.1f%% placement %s%n", green.gco2PerInference(),
                        mono.gco2PerInference(), PaperExperiment.reduction(green, mono), green.placement());
            }
            running.set(false);
            tap.join(5_000);
        }
        Files.write(out.resolve("states.tsv"), new ArrayList<>(states));
    }
}
