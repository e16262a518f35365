package org.carbonedge.cli.bench;

import org.carbonedge.lab.Percentiles;
import org.carbonedge.executor.energy.ProcessCpuMeter;
import org.carbonedge.lab.stats.CpuBreakdown;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.Tensor;
import org.carbonedge.cli.UsageException;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.carbonedge.cli.io.ScratchDirectory;

/**
 * {@code carbonedge bench pipeline}: end-to-end throughput and latency through the embedded stack (requests →
 * router → executors → results → emissions), against the same model's bare ONNX Runtime loop in this JVM.
 * Throughput is counted from the records themselves (first submission to last completion), so the emissions sink's
 * checkpoint cadence does not distort it; latencies are each record's submission-to-last-stage time.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Throughput and latency of the embedded pipeline with emission records, vs the bare ONNX Runtime loop.")
public final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "NAME", description = "Built-in model (default: ${DEFAULT-VALUE}).")
    String model = "mnist-cnn";

    @Option(names = "--requests", paramLabel = "N", description = "Requests to send (default: ${DEFAULT-VALUE}).")
    int requests = 20_000;

    @Option(names = "--policy", paramLabel = "POLICY", description = "Routing policy of every request (default: ${DEFAULT-VALUE}).")
    String policy = "balanced";

    @Option(names = "--parts", paramLabel = "K", description = "Partitions of the model (default: ${DEFAULT-VALUE}).")
    int parts = 3;

    @Option(names = "--warmup", paramLabel = "N", description = "Requests sent and completed before measuring, so every service's hot path is compiled (default: ${DEFAULT-VALUE}).")
    int warmup = 30_000;

    @Option(names = "--kafka-floor", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also measure the Kafka hops alone: records of the request's size through as many plain "
                    + "consume-produce relays as the pipeline has, on a broker of their own (default: on).")
    boolean kafkaFloor = true;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting for records after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 600;

    @Override
    public Integer call() throws Exception {
        if (!ModelZoo.NAMES.contains(model)) {
            throw new UsageException("unknown model '" + model + "'; built-in: " + String.join(", ", ModelZoo.NAMES));
        }
        if (requests < 1 || warmup < 0) {
            throw new UsageException("--requests must be >= 1 and --warmup >= 0");
        }
        try (ScratchDirectory scratch = ScratchDirectory.create("carbonedge-bench-pipeline")) {
            return measure(scratch.path());
        }
    }

    private int measure(Path dir) throws Exception {
        // the bare loop runs first, on an otherwise idle JVM: the fairest figure for what this machine can do
        Path whole = ModelZoo.build(model, ModelZoo.DEFAULT_SEED).writeTo(dir.resolve("bare-" + model + ".onnx"));
        double bare = bareLoop(whole);
        KafkaHopFloor.Result floor = kafkaFloor
                ? KafkaHopFloor.measure(dir.resolve("floor"), requests, RELAYS, requestBytes(whole), Duration.ofSeconds(timeoutSeconds))
                : null;
        EmbeddedPipeline.Options options = new EmbeddedPipeline.Options(dir, 0, 0, DeviceSpec.PAPER_NODES,
                List.of(model), parts, true);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options)) {
            List<Tensor> input = RandomInputs.forSpecs(
                    ManifestJson.read(pipeline.modelStore().resolve(model).resolve(ManifestJson.FILE_NAME)).getInputs(), 1);
            warmUp(pipeline, input);
            long cpu0 = ProcessCpuMeter.processCpuNanos();
            CpuBreakdown threads0 = CpuBreakdown.snapshot();
            long wall0 = System.nanoTime();
            List<EmissionRecord> records = run(pipeline, input);
            long cpuNanos = ProcessCpuMeter.processCpuNanos() - cpu0;
            CpuBreakdown threads1 = CpuBreakdown.snapshot();
            double cpuMicrosPerInference = cpuNanos / 1e3 / records.size();
            double coresBusy = cpuNanos / (double) (System.nanoTime() - wall0);
            report(records, bare, floor, cpuMicrosPerInference, coresBusy);
            printCpuBreakdown(threads1.since(threads0), threads1.unclaimedSince(threads0), records.size());
            printRouterAndQueue(pipeline);
        }
        return 0;
    }

    /** Consume-produce hops of a single-stage inference: request validation, router, executor, emissions job. */
    static final int RELAYS = 4;

    /** Size of a request for the model, Avro-encoded, as the floor's records. */
    private int requestBytes(Path wholeModel) throws java.io.IOException {
        try (PartitionRunner runner = new PartitionRunner()) {
            InferenceRequest request = InferenceRequest.newBuilder().setRequestId("bench-" + requests).setModelId(model)
                    .setInputs(RandomInputs.forSpecs(runner.inputSpecs(wholeModel), 1)).setPolicy(policy)
                    .setSubmittedAt(Instant.now()).build();
            return request.toByteBuffer().remaining();
        }
    }

    /** Inferences per second of the whole model in a tight loop on one thread, after warm-up. */
    private static double bareLoop(Path wholeModel) {
        try (PartitionRunner runner = new PartitionRunner()) {
            List<Tensor> input = RandomInputs.forSpecs(runner.inputSpecs(wholeModel), 1);
            long end = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end) {
                runner.run(wholeModel, input);
            }
            int n = 0;
            long t0 = System.nanoTime();
            end = t0 + 2_000_000_000L;
            while (System.nanoTime() < end) {
                runner.run(wholeModel, input);
                n++;
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Sends a burst like the measured one and waits for its records, so devices have reported, the JIT has compiled
     * every service's hot path and the measured run sees a warm system, as a long-running deployment would.
     */
    private void warmUp(EmbeddedPipeline pipeline, List<Tensor> input) throws Exception {
        int n = Math.max(50, warmup);
        send(pipeline, input, "warm-", n);
        collect(pipeline, "warm-", n, Duration.ofSeconds(timeoutSeconds), "carbonedge-bench-warmup");
    }

    private List<EmissionRecord> run(EmbeddedPipeline pipeline, List<Tensor> input) throws Exception {
        send(pipeline, input, "bench-", requests);
        return collect(pipeline, "bench-", requests, Duration.ofSeconds(timeoutSeconds), "carbonedge-bench");
    }

    private void send(EmbeddedPipeline pipeline, List<Tensor> input, String prefix, int n) throws Exception {
        Topic<InferenceRequest> topic = pipeline.settings().catalog().topic(Topics.REQUESTS);
        Map<String, Object> config = pipeline.settings().producer("carbonedge-bench");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (var producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (int i = 0; i < n; i++) {
                String id = prefix + i;
                producer.send(new ProducerRecord<>(topic.name(), id, InferenceRequest.newBuilder().setRequestId(id)
                        .setModelId(model).setInputs(input).setPolicy(policy).setSubmittedAt(Instant.now()).build()));
            }
            producer.flush();
        }
    }

    private static List<EmissionRecord> collect(EmbeddedPipeline pipeline, String prefix, int n, Duration timeout,
                                                String group) {
        Topic<EmissionRecord> topic = pipeline.settings().catalog().topic(Topics.EMISSIONS);
        Map<String, EmissionRecord> seen = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var consumer = new KafkaConsumer<>(pipeline.settings().consumer(group),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            while (seen.size() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen.size() + " of " + n + " emission records after " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().startsWith(prefix)) {
                        seen.put(r.key(), r.value());
                    }
                });
            }
        }
        return new ArrayList<>(seen.values());
    }

    private void report(List<EmissionRecord> records, double bare, KafkaHopFloor.Result floor,
                        double cpuMicrosPerInference, double coresBusy) {
        Instant first = records.stream().map(EmissionRecord::getSubmittedAt).min(Instant::compareTo).orElseThrow();
        Instant last = records.stream().map(EmissionRecord::getCompletedAt).max(Instant::compareTo).orElseThrow();
        double seconds = Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
        double throughput = records.size() / seconds;
        double[] latency = records.stream().mapToDouble(EmissionRecord::getLatencyMillis).sorted().toArray();
        long ok = records.stream().filter(r -> r.getStatus() == InferenceStatus.OK).count();
        double gco2 = records.stream().mapToDouble(EmissionRecord::getTotalGco2).sum() / records.size();
        System.out.printf("model %s, %d requests, policy %s, devices %s%n", model, records.size(), policy,
                DeviceSpec.PAPER_NODES.stream().map(DeviceSpec::deviceId).toList());
        System.out.printf("pipeline: %.0f inferences/s with emission records (%d OK), latency p50 %.1f ms, p99 %.1f ms%n",
                throughput, ok, Percentiles.of(latency, 50), Percentiles.of(latency, 99));
        System.out.printf("bare ONNX Runtime loop (one thread): %.0f inferences/s; pipeline/bare = %.1f%%%n", bare,
                100 * throughput / bare);
        System.out.printf("CPU (the whole JVM: broker, registry, jobs, executors, this bench's clients): %.0f µs per"
                + " inference, %.2f cores busy while measuring%n", cpuMicrosPerInference, coresBusy);
        if (floor != null) {
            System.out.printf("Kafka hops alone (%d records of %d bytes through %d plain consume-produce relays): %.0f records/s"
                    + " = %.1f%% of the bare loop, %.0f µs CPU per record; pipeline/hops = %.1f%%%n", floor.records(),
                    floor.recordBytes(), floor.relays(), floor.recordsPerSecond(), 100 * floor.recordsPerSecond() / bare,
                    floor.cpuMicrosPerRecord(), 100 * throughput / floor.recordsPerSecond());
        }
        System.out.printf("mean gCO2 per inference: %.3g%n", gco2);
        printBreakdown(records);
        System.out.printf("bench=pipeline model=%s inferences_per_s=%.0f p50_ms=%.1f p99_ms=%.1f bare_inferences_per_s=%.0f"
                + " cpu_us_per_inference=%.0f%s%n",
                model, throughput, Percentiles.of(latency, 50), Percentiles.of(latency, 99), bare, cpuMicrosPerInference,
                floor == null ? "" : String.format(" kafka_hops_records_per_s=%.0f kafka_hops_cpu_us_per_record=%.0f",
                        floor.recordsPerSecond(), floor.cpuMicrosPerRecord()));
    }

    /** CPU per inference by component (issue #18), and the busiest threads no component claims. */
    private void printCpuBreakdown(Map<String, Long> byComponent, Map<String, Long> unclaimed, int inferences) {
        System.out.printf("CPU per inference by component (µs; threads grouped by name, the rest is the JVM's own):%n");
        byComponent.forEach((component, nanos) -> System.out.printf("  %-45s %8.1f%n", component,
                nanos / 1e3 / inferences));
        unclaimed.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> System.out.printf("  (other: %s %.1f µs)%n", e.getKey(), e.getValue() / 1e3 / inferences));
        StringBuilder line = new StringBuilder("bench=pipeline_cpu model=" + model);
        byComponent.forEach((component, nanos) -> line.append(' ')
                .append(component.replaceAll(" \\(.*", "").replaceAll("[^a-z]+", "_")).append("_us=")
                .append(String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e3 / inferences)));
        System.out.println(line);
    }

    /** Router time (submission to plan) and device queueing (dispatch to start) of the first stages, from results. */
    private void printRouterAndQueue(EmbeddedPipeline pipeline) {
        Topic<org.carbonedge.avro.PartitionResult> topic = pipeline.settings().catalog().topic(Topics.PARTITION_RESULTS);
        double router = 0;
        double queue = 0;
        int n = 0;
        try (var consumer = new KafkaConsumer<>(pipeline.settings().consumer("carbonedge-bench-results"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            int empty = 0;
            while (empty < 10) {
                var batch = consumer.poll(Duration.ofMillis(200));
                empty = batch.isEmpty() ? empty + 1 : 0;
                for (var r : batch) {
                    var v = r.value();
                    if (v.getStageIndex() == 0 && r.key().startsWith("bench-")) {
                        router += Duration.between(v.getSubmittedAt(), v.getPlan().getPlannedAt()).toNanos() / 1e6;
                        queue += v.getQueueNanos() / 1e6;
                        n++;
                    }
                }
            }
        }
        if (n > 0) {
            System.out.printf("first stage (means over %d): submission→planned %.1f ms, dispatched→started on the device %.1f ms%n",
                    n, router / n, queue / n);
        }
    }

    /** Where an inference's latency goes: to its first stage, between stages, computing. */
    private static void printBreakdown(List<EmissionRecord> records) {
        double toFirst = 0;
        double between = 0;
        double compute = 0;
        int hops = 0;
        int n = 0;
        for (EmissionRecord r : records) {
            if (r.getParts().isEmpty()) {
                continue;
            }
            n++;
            var parts = r.getParts();
            toFirst += Duration.between(r.getSubmittedAt(), parts.get(0).getStartedAt()).toNanos() / 1e6;
            for (int i = 0; i < parts.size(); i++) {
                compute += parts.get(i).getComputeMillis();
                if (i > 0) {
                    var prev = parts.get(i - 1);
                    double prevEnd = prev.getStartedAt().toEpochMilli() + prev.getComputeMillis();
                    between += parts.get(i).getStartedAt().toEpochMilli() - prevEnd;
                    hops++;
                }
            }
        }
        if (n > 0) {
            System.out.printf("latency breakdown (means): submission→first stage %.1f ms, between stages %.1f ms per hop"
                    + " (%d hops), compute %.2f ms per inference%n", toFirst / n, hops == 0 ? 0 : between / hops, hops, compute / n);
        }
    }
}
