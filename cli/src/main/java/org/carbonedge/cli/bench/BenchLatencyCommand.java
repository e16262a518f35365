package org.carbonedge.cli.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.Tensor;
import org.carbonedge.cli.UsageException;
import org.carbonedge.cli.io.ScratchDirectory;
import org.carbonedge.core.planning.Policy;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.lab.stats.RequestHops;
import org.carbonedge.lab.stats.RequestHops.Hop;
import org.carbonedge.lab.stats.RequestHops.Report;
import org.carbonedge.lab.stats.RequestHops.Stamp;
import org.carbonedge.lab.stats.RequestHops.Summary;
import org.carbonedge.lab.stats.RequestHops.Timeline;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carbonedge bench latency}: the latency the pipeline adds around an inference at light load, and where it
 * goes. One embedded pipeline (the paper's three devices, every model asked for); per model and policy, a warm-up and
 * then requests paced at a fixed rate, each followed on its way: submitted (its submittedAt) → validated (this bench's
 * read_committed consumer sees it on {@code carbonedge.validated-requests}; values read as bytes, only the key used)
 * → planned (the first stage's plan.plannedAt) → device start and end (the emission record's stages) → result
 * visible (the last stage's PartitionResult reaches this bench's consumer) → emission record visible. All on this
 * JVM's clock. End to end is the emission record's latencyMillis (last stage's end − submittedAt), compute the sum of
 * its stages' computeMillis, added the difference.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Latency the pipeline adds around an inference at light load, per hop (submitted → validated → "
                + "planned → device start → device end → result visible → emission record visible).")
public final class BenchLatencyCommand implements Callable<Integer> {

    static final List<String> DEFAULT_MODELS = List.of("mnist-cnn", "mobilenetv2");
    static final List<String> DEFAULT_POLICIES = List.of("performance");

    /** Record fields are whole milliseconds (truncated): a stamp may read up to this much before the one it follows. */
    static final long ROUNDING_NANOS = 1_000_000L;

    @Option(names = "--model", paramLabel = "NAME", split = ",",
            description = "Built-in models, repeatable or comma-separated (default: mnist-cnn,mobilenetv2).")
    List<String> models = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "POLICY", split = ",",
            description = "Routing policies, repeatable or comma-separated (default: performance).")
    List<String> policies = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "PER_S", description = "Requests per second, paced (default: ${DEFAULT-VALUE}).")
    double rate = 10;

    @Option(names = "--requests", paramLabel = "N", description = "Measured requests per model and policy (default: ${DEFAULT-VALUE}).")
    int requests = 300;

    @Option(names = "--warmup", paramLabel = "N", description = "Requests sent at the same rate and completed before each"
            + " model and policy is measured (default: ${DEFAULT-VALUE}).")
    int warmup = 100;

    @Option(names = "--parts", paramLabel = "K", description = "Partitions per model, as `up` splits them; performance"
            + " runs them as one stage on edge-high (default: ${DEFAULT-VALUE}).")
    int parts = 3;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "After the last request of a batch is sent, wait"
            + " this long for its records; the requests still lacking one are reported (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 60;

    /** One model and policy, measured. */
    record Measured(String model, String policy, List<Timeline> timelines, Report report, Map<String, Integer> plans,
                    Duration checkpointInterval, String line) {
    }

    @Override
    public Integer call() throws Exception {
        validate();
        try (ScratchDirectory scratch = ScratchDirectory.create("carbonedge-bench-latency")) {
            measure(scratch.path(), System.out, System.err);
        }
        return 0;
    }

    void validate() {
        if (models.isEmpty()) {
            models = new ArrayList<>(DEFAULT_MODELS);
        }
        if (policies.isEmpty()) {
            policies = new ArrayList<>(DEFAULT_POLICIES);
        }
        for (String m : models) {
            if (!ModelZoo.NAMES.contains(m)) {
                throw new UsageException("unknown model '" + m + "'; built-in: " + String.join(", ", ModelZoo.NAMES));
            }
        }
        for (String p : policies) {
            try {
                Policy.parse(p);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (!(rate > 0) || rate > 10_000 || !Double.isFinite(rate)) {
            throw new UsageException("--rate must be > 0 and <= 10000 requests per second, was " + rate);
        }
        if (requests < 1 || warmup < 0) {
            throw new UsageException("--requests must be >= 1 and --warmup >= 0");
        }
        if (parts < 1 || parts > 16) {
            throw new UsageException("--parts must be 1..16");
        }
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be >= 1 second");
        }
    }

    /** Runs every model and policy on one pipeline under {@code dir}; figures to {@code out}, progress to {@code log}. */
    List<Measured> measure(Path dir, PrintStream out, PrintStream log) throws Exception {
        validate();
        List<String> distinctModels = models.stream().distinct().toList();
        EmbeddedPipeline.Options options = new EmbeddedPipeline.Options(dir, 0, 0, DeviceSpec.PAPER_NODES,
                distinctModels, parts, true);
        Duration checkpoint = options.emissions().checkpointInterval();
        log.printf("bench latency: starting the embedded pipeline (devices %s, models %s, %d parts)%n",
                DeviceSpec.PAPER_NODES.stream().map(DeviceSpec::deviceId).toList(), distinctModels, parts);
        List<Measured> measured = new ArrayList<>();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options);
             Probe probe = Probe.start(pipeline)) {
            Topic<InferenceRequest> topic = pipeline.settings().catalog().topic(Topics.REQUESTS);
            try (var producer = new KafkaProducer<>(pipeline.settings().producerAtOnce("carbonedge-bench-latency"),
                    topic.keySerde().serializer(), topic.valueSerde().serializer())) {
                for (String model : distinctModels) {
                    List<Tensor> input = RandomInputs.forSpecs(ManifestJson.read(pipeline.modelStore().resolve(model)
                            .resolve(ManifestJson.FILE_NAME)).getInputs(), 1);
                    for (String policy : policies.stream().distinct().toList()) {
                        Sender sender = new Sender(producer, topic.name(), model, policy, input);
                        if (warmup > 0) {
                            log.printf("bench latency: %s, %s: warm-up, %d requests at %s/s%n", model, policy, warmup, fmt(rate));
                            Batch w = probe.batch("warm-" + model + "-" + policy + "-", warmup);
                            sender.send(w, rate);
                            if (!w.await(Duration.ofSeconds(timeoutSeconds))) {
                                log.printf("bench latency: %s, %s: %d warm-up requests still lack a record after %d s%n",
                                        model, policy, w.incomplete(), timeoutSeconds);
                            }
                        }
                        log.printf("bench latency: %s, %s: measuring %d requests at %s/s%n", model, policy, requests, fmt(rate));
                        Batch b = probe.batch("lat-" + model + "-" + policy + "-", requests);
                        sender.send(b, rate);
                        b.await(Duration.ofSeconds(timeoutSeconds));
                        probe.check();
                        Measured m = result(model, policy, b, checkpoint);
                        print(out, m);
                        measured.add(m);
                    }
                }
            }
        }
        return measured;
    }

    private Measured result(String model, String policy, Batch batch, Duration checkpoint) {
        List<Timeline> timelines = batch.timelines();
        Report report = RequestHops.analyse(timelines, ROUNDING_NANOS);
        Map<String, Integer> plans = new TreeMap<>();
        batch.tracks.values().forEach(t -> plans.merge(t.plan() == null ? "(no plan seen)" : t.plan(), 1, Integer::sum));
        return new Measured(model, policy, timelines, report, plans, checkpoint, line(model, policy, report, checkpoint));
    }

    private String line(String model, String policy, Report r, Duration checkpoint) {
        StringBuilder b = new StringBuilder();
        b.append("bench=latency model=").append(model).append(" policy=").append(policy)
                .append(" rate_per_s=").append(fmt(rate)).append(" requests=").append(r.requests())
                .append(" complete=").append(r.complete());
        field(b, "e2e", r.e2e(), true);
        field(b, "compute", r.compute(), false);
        field(b, "added", r.added(), true);
        for (Stamp s : List.of(Stamp.VALIDATED, Stamp.PLANNED, Stamp.DEVICE_START, Stamp.DEVICE_END,
                Stamp.RESULT_VISIBLE, Stamp.EMISSION_VISIBLE)) {
            field(b, s.key(), r.since(s), false);
        }
        b.append(" emissions_checkpoint_ms=").append(checkpoint.toMillis());
        return b.toString();
    }

    private static void field(StringBuilder b, String name, Summary s, boolean p95) {
        b.append(' ').append(name).append("_p50_ms=").append(ms(s.p50()));
        if (p95) {
            b.append(' ').append(name).append("_p95_ms=").append(ms(s.p95()));
        }
        b.append(' ').append(name).append("_p99_ms=").append(ms(s.p99()));
    }

    private void print(PrintStream out, Measured m) {
        Report r = m.report();
        out.printf("%n%s, policy %s: %d requests at %s/s after %d warm-up; %d complete (every hop seen, OK)%n",
                m.model(), m.policy(), r.requests(), fmt(rate), warmup, r.complete());
        m.plans().forEach((plan, n) -> out.printf("  plan: %d × %s%n", n, plan));
        if (r.complete() < r.requests()) {
            String missing = r.missing().entrySet().stream()
                    .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", "));
            out.printf("  INCOMPLETE %d: not OK %d; missing %s; e.g. %s%n", r.requests() - r.complete(), r.notOk(),
                    missing.isEmpty() ? "none" : missing, r.incomplete().stream().limit(5).toList());
        }
        if (r.outOfOrder() > 0) {
            out.printf("  OUT OF ORDER (a stamp more than 1 ms before the one it follows from): %d, e.g. %s%n",
                    r.outOfOrder(), r.outOfOrderIds().stream().limit(5).toList());
        }
        if (r.besideLater() > 0) {
            out.printf("  planned before this bench's reader saw the validated request: %d of %d (the router reads"
                    + " validated-requests beside it)%n", r.besideLater(), r.complete());
        }
        out.printf("  %-44s %5s %9s %9s %9s %9s %9s%n", "ms", "n", "min", "p50", "p95", "p99", "max");
        row(out, "end to end (emission record)", r.e2e());
        row(out, "compute (stages' computeMillis)", r.compute());
        row(out, "added (end to end − compute)", r.added());
        out.println("  hop:");
        for (Hop hop : RequestHops.HOPS) {
            String label = hop.label();
            if (hop.from() == Stamp.DEVICE_START && hop.to() == Stamp.DEVICE_END) {
                label += " (compute)";
            }
            row(out, "  " + label, r.hops().get(hop));
        }
        out.println("  since submission:");
        for (Stamp s : Stamp.values()) {
            if (s != Stamp.SUBMITTED) {
                row(out, "  " + s.label(), r.since(s));
            }
        }
        long cp = m.checkpointInterval().toMillis();
        out.printf("  emissions job checkpoint interval %d ms: emission visible p50 %s ms (target <= %d ms)%n", cp,
                ms(r.since(Stamp.EMISSION_VISIBLE).p50()), cp + 10);
        out.println(m.line());
    }

    private static void row(PrintStream out, String label, Summary s) {
        out.printf("  %-44s %5d %9s %9s %9s %9s %9s%n", label, s.n(), ms(s.min()), ms(s.p50()), ms(s.p95()), ms(s.p99()),
                ms(s.max()));
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** Sends a batch's requests paced at a rate from a scheduler thread, each stamped with its instant of sending. */
    private record Sender(KafkaProducer<String, InferenceRequest> producer, String topic, String model, String policy,
                          List<Tensor> input) {

        void send(Batch batch, double perSecond) throws InterruptedException {
            long period = Math.max(1, Math.round(1e9 / perSecond));
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-latency-sender");
                t.setDaemon(true);
                return t;
            });
            AtomicInteger next = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            try {
                ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> {
                    int i = next.getAndIncrement();
                    if (i >= batch.size()) {
                        done.countDown();
                        return;
                    }
                    try {
                        String id = batch.id(i);
                        Instant now = Instant.now();
                        batch.submitted(id, TopicWatch.epochNanos(now));
                        producer.send(new ProducerRecord<>(topic, id, InferenceRequest.newBuilder().setRequestId(id)
                                .setModelId(model).setInputs(input).setPolicy(policy).setSubmittedAt(now).build()),
                                (meta, e) -> {
                                    if (e != null) {
                                        failed.compareAndSet(null, e);
                                    }
                                });
                    } catch (RuntimeException e) {
                        failed.compareAndSet(null, e);
                        done.countDown();
                    }
                    if (i == batch.size() - 1) {
                        done.countDown();
                    }
                }, 0, period, TimeUnit.NANOSECONDS);
                done.await();
                task.cancel(false);
                producer.flush();
            } finally {
                scheduler.shutdownNow();
            }
            if (failed.get() != null) {
                throw new IllegalStateException("sending requests failed: " + failed.get(), failed.get());
            }
        }
    }

    /** The bench's three read_committed watches and the requests they follow. */
    private static final class Probe implements AutoCloseable {

        private final Map<String, Track> tracks = new ConcurrentHashMap<>();
        private final List<TopicWatch<?>> watches = new ArrayList<>();

        static Probe start(EmbeddedPipeline pipeline) throws Exception {
            Probe p = new Probe();
            try {
                var settings = pipeline.settings();
                var catalog = settings.catalog();
                Duration timeout = Duration.ofSeconds(60);
                Topic<InferenceRequest> validated = catalog.topic(Topics.VALIDATED_REQUESTS);
                p.watches.add(TopicWatch.start(validated.name(), settings.consumer("carbonedge-bench-latency-validated"),
                        validated.keySerde().deserializer(), new ByteArrayDeserializer(),
                        (String key, byte[] value, long at) -> p.onValidated(key, at), timeout));
                Topic<PartitionResult> results = catalog.topic(Topics.PARTITION_RESULTS);
                p.watches.add(TopicWatch.start(results.name(), settings.consumer("carbonedge-bench-latency-results"),
                        results.keySerde().deserializer(), results.valueSerde().deserializer(), p::onResult, timeout));
                Topic<EmissionRecord> emissions = catalog.topic(Topics.EMISSIONS);
                p.watches.add(TopicWatch.start(emissions.name(), settings.consumer("carbonedge-bench-latency-emissions"),
                        emissions.keySerde().deserializer(), emissions.valueSerde().deserializer(), p::onEmission, timeout));
                return p;
            } catch (Exception | Error e) {
                p.close();
                throw e;
            }
        }

        Batch batch(String prefix, int n) {
            return new Batch(this, prefix, n);
        }

        void check() {
            watches.forEach(TopicWatch::check);
        }

        private void onValidated(String key, long at) {
            Track t = tracks.get(key);
            if (t != null) {
                t.validated(at);
            }
        }

        private void onResult(String key, PartitionResult r, long at) {
            Track t = tracks.get(key);
            if (t != null && r != null) {
                t.result(r, at);
            }
        }

        private void onEmission(String key, EmissionRecord r, long at) {
            Track t = tracks.get(key);
            if (t != null && r != null) {
                t.emission(r, at);
            }
        }

        @Override
        public void close() throws InterruptedException {
            for (TopicWatch<?> w : watches) {
                w.close();
            }
        }
    }

    /** Requests sent together, and a latch of the three observations each awaits. */
    private static final class Batch {

        private final Probe probe;
        private final String prefix;
        private final int size;
        private final Map<String, Track> tracks = new ConcurrentHashMap<>();
        /** Validated, last result and emission record, per request. */
        private final CountDownLatch seen;

        Batch(Probe probe, String prefix, int size) {
            this.probe = probe;
            this.prefix = prefix;
            this.size = size;
            this.seen = new CountDownLatch(3 * size);
        }

        int size() {
            return size;
        }

        String id(int i) {
            return prefix + i;
        }

        void submitted(String id, long epochNanos) {
            Track t = new Track(seen, epochNanos);
            tracks.put(id, t);
            probe.tracks.put(id, t);
        }

        /** Waits until every request was seen everywhere or {@code timeout} passed; true if all were. */
        boolean await(Duration timeout) throws InterruptedException {
            return seen.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        long incomplete() {
            return tracks.values().stream().filter(t -> !t.timeline("").complete()).count() + (size - tracks.size());
        }

        List<Timeline> timelines() {
            List<Timeline> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                Track t = tracks.get(id(i));
                if (t != null) {
                    out.add(t.timeline(id(i)));
                }
            }
            return out;
        }
    }

    /** What was seen of one request; written by the watches' threads. */
    private static final class Track {

        private final CountDownLatch seen;
        private final long[] stamps = new long[Stamp.values().length];
        private double e2e = Double.NaN;
        private double compute = Double.NaN;
        private boolean ok;
        private boolean resultCounted;
        private String plan;

        Track(CountDownLatch seen, long submitted) {
            this.seen = seen;
            Arrays.fill(stamps, RequestHops.MISSING);
            stamps[Stamp.SUBMITTED.ordinal()] = submitted;
        }

        synchronized void validated(long at) {
            if (first(Stamp.VALIDATED, at)) {
                seen.countDown();
            }
        }

        synchronized void result(PartitionResult r, long at) {
            ExecutionPlan p = r.getPlan();
            if (r.getStageIndex() == 0) {
                first(Stamp.PLANNED, TopicWatch.epochNanos(p.getPlannedAt()));
                if (plan == null) {
                    plan = describe(p);
                }
            }
            if (r.getStageIndex() == p.getStages().size() - 1 && first(Stamp.RESULT_VISIBLE, at)) {
                countResult();
            }
        }

        synchronized void emission(EmissionRecord r, long at) {
            if (!first(Stamp.EMISSION_VISIBLE, at)) {
                return;
            }
            e2e = r.getLatencyMillis();
            compute = r.getParts().stream().mapToDouble(StageEmission::getComputeMillis).sum();
            ok = r.getStatus() == InferenceStatus.OK;
            List<StageEmission> parts = r.getParts();
            if (!parts.isEmpty()) {
                StageEmission firstPart = parts.get(0);
                StageEmission lastPart = parts.get(parts.size() - 1);
                first(Stamp.DEVICE_START, TopicWatch.epochNanos(firstPart.getStartedAt()));
                first(Stamp.DEVICE_END, TopicWatch.epochNanos(lastPart.getStartedAt())
                        + Math.round(lastPart.getComputeMillis() * 1e6));
            }
            seen.countDown();
            if (!ok) {
                countResult(); // a failed or rejected request may never have a last stage's result to wait for
            }
        }

        synchronized String plan() {
            return plan;
        }

        synchronized Timeline timeline(String id) {
            return new Timeline(id, stamps, e2e, compute, ok);
        }

        private void countResult() {
            if (!resultCounted) {
                resultCounted = true;
                seen.countDown();
            }
        }

        private boolean first(Stamp s, long at) {
            if (stamps[s.ordinal()] != RequestHops.MISSING) {
                return false;
            }
            stamps[s.ordinal()] = at;
            return true;
        }

        private static String describe(ExecutionPlan p) {
            List<PlanStage> stages = p.getStages();
            return stages.size() + (stages.size() == 1 ? " stage: " : " stages: ") + stages.stream()
                    .map(s -> s.getDeviceId() + "[" + s.getFirstPartition() + ".." + s.getLastPartition() + "]")
                    .collect(Collectors.joining(" → "));
        }
    }
}
