package org.carbonedge.lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.Tensor;
import org.carbonedge.lab.Percentiles;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.carbon.IntensityLimits;
import org.carbonedge.core.carbon.IntensityTable;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.feed.replay.ReplayClock;
import org.carbonedge.feed.replay.ReplayEngine;
import org.carbonedge.feed.replay.ReplayListener;
import org.carbonedge.feed.replay.ReplayOptions;
import org.carbonedge.feed.replay.ReplaySpeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trace experiment: real, time-varying grid intensity replayed for devices in different zones, and CarbonEdge's
 * policies and the paper's baselines compared against a hindsight oracle and carbon-agnostic routing.
 *
 * <p>A historical window is replayed compressed onto the wall clock ({@link TraceTimeline}: e.g. one grid hour per
 * two seconds), its records published a little before they become valid, so the router plans with the intensity
 * valid now and the emissions job accounts each stage with the intensity valid when it ran. During every grid hour
 * the policies get the same number of rounds; a round sends one request per policy, one at a time (batch 1, one
 * request in flight, as the paper measured), starting with a different policy each round, so all policies see the
 * same intensities. At the start of each hour every device also runs the whole model once, past the router
 * ({@link DeviceProbe}), so the oracle's per-device energy is measured on every device whatever the policies choose.
 * The oracle ({@link HindsightOracle}) is computed afterwards from the run's own emission records.
 */
public final class TraceExperiment {

    /** Policies compared, in report order; {@value #GREEN_SLO} follows them. */
    public static final List<String> POLICIES = List.of(TraceAnalysis.CARBON_AGNOSTIC, "monolithic", "paper-performance",
            "paper-green", "performance", "balanced", "green");
    /** Green under a latency objective of {@code sloFactor} × monolithic p50 (measured in the warm-up). */
    public static final String GREEN_SLO = "green-slo";

    private static final Logger LOG = LoggerFactory.getLogger(TraceExperiment.class);

    /**
     * @param dataDir         where the pipeline keeps its data
     * @param grid            intensity files or directories to read
     * @param devices         executors and their zones
     * @param from            window start (a whole UTC hour)
     * @param to              window end, exclusive (a whole UTC hour)
     * @param wallPerGridHour wall time one grid hour is replayed in
     * @param requestsPerHour rounds (one request per policy) per grid hour
     * @param model           built-in model
     * @param parts           partitions of the model
     * @param sloFactor       green-slo's objective as a multiple of monolithic p50
     * @param out             where the CSVs go (null: none)
     */
    public record Options(Path dataDir, List<Path> grid, List<DeviceSpec> devices, Instant from, Instant to,
                          Duration wallPerGridHour, int requestsPerHour, String model, int parts, double sloFactor,
                          Path out) {
    }

    /** What a run produced: the analysis, the CSV files written and the rounds that did not fit their hour. */
    public record Outcome(TraceAnalysis.Result result, List<Path> files, int skippedRounds) {
    }

    private TraceExperiment() {
    }

    /**
     * Each device zone's records in the window, in time order: what {@link #run} replays.
     *
     * @throws IllegalArgumentException when a path does not exist, a zone has no data, or its data does not cover the window
     */
    public static Map<String, List<GridIntensity>> grid(Options o) {
        return TraceGrid.load(o.grid(), zones(o), o.from(), o.to());
    }

    /** Runs the experiment on {@code grid}, as {@link #grid} loaded it for {@code o}. */
    public static Outcome run(Options o, Map<String, List<GridIntensity>> grid, PrintStream out) throws Exception {
        List<String> zones = zones(o);
        long started = System.nanoTime();
        EmbeddedPipeline.Options options = new EmbeddedPipeline.Options(o.dataDir(), 0, 0, o.devices(),
                List.of(o.model()), o.parts(), false);
        String runId = "trace-" + System.nanoTime();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options);
             SequentialRunner runner = new SequentialRunner(pipeline.settings(), runId);
             DeviceProbe probe = new DeviceProbe(pipeline.settings(), runId);
             DeviceStateLog states = new DeviceStateLog(pipeline.settings(), runId)) {
            ModelManifest manifest = ManifestJson.read(pipeline.modelStore().resolve(o.model()).resolve(ManifestJson.FILE_NAME));
            Run run = new Run(o, runner, probe, states, manifest, RandomInputs.forSpecs(manifest.getInputs(), 7));
            publishWarmUpIntensities(pipeline.settings(), grid);
            double sloMillis = run.warmUp();
            Duration lead = min(Duration.ofSeconds(1), o.wallPerGridHour().dividedBy(2));
            TraceTimeline timeline = new TraceTimeline(o.from(), o.to(), Instant.now().plus(lead), o.wallPerGridHour());
            Map<String, List<GridIntensity>> compressed = new LinkedHashMap<>();
            grid.forEach((zone, records) -> compressed.put(zone, records.stream().map(timeline::compress).toList()));
            Map<String, List<EmissionRecord>> byPolicy;
            try (BackgroundTask replay = replay(pipeline.settings(), compressed)) {
                run.hours(timeline, sloMillis);
                byPolicy = run.collect();
                replay.finish("the intensity replay");
                states.catchUp(Duration.ofSeconds(10));
            }
            IntensityTable intensity = IntensityTable.of(new IntensityLimits(Integer.MAX_VALUE, Duration.ofDays(3650),
                    Duration.ZERO), compressed.values().stream().flatMap(List::stream).toList());
            HindsightOracle oracle = new HindsightOracle(run.deviceCosts(byPolicy), intensity, states.history(),
                    pue(byPolicy));
            TraceAnalysis.Result result = TraceAnalysis.analyse(byPolicy, zones, oracle, intensity, timeline);
            double seconds = (System.nanoTime() - started) / 1e9;
            printSetup(o, zones, grid, timeline, oracle, result, run, sloMillis, seconds, out);
            int mismatched = mismatchedIntensities(byPolicy, intensity);
            if (mismatched > 0) {
                out.printf(Locale.ROOT, "note: %d stages were accounted with another intensity than the trace's (a stage"
                        + " that started before its hour's record reached the emissions job)%n", mismatched);
            }
            TraceReport.print(result, zones, out);
            List<Path> files = o.out() == null ? List.of() : TraceReport.write(result, zones, o.out(), o.from(), o.to());
            files.forEach(f -> out.println("wrote " + f));
            return new Outcome(result, files, run.skippedRounds);
        }
    }

    /** The mutable side of one run: sending, probing and pacing. */
    private static final class Run {
        private final Options o;
        private final SequentialRunner runner;
        private final DeviceProbe probe;
        private final DeviceStateLog states;
        private final ModelManifest manifest;
        private final List<Tensor> input;
        private final List<String> labels = new ArrayList<>(POLICIES);
        private final Map<String, List<String>> idsByLabel = new LinkedHashMap<>();
        private final List<String> probeIds = new ArrayList<>();
        private int rounds;
        private int skippedRounds;
        private int lateRounds;
        private double roundMillis;

        Run(Options o, SequentialRunner runner, DeviceProbe probe, DeviceStateLog states, ModelManifest manifest,
            List<Tensor> input) {
            this.o = o;
            this.runner = runner;
            this.probe = probe;
            this.states = states;
            this.manifest = manifest;
            this.input = input;
            labels.add(GREEN_SLO);
            labels.forEach(l -> idsByLabel.put(l, new ArrayList<>()));
        }

        /**
         * Runs every device and every policy a few times (compiling the code paths, loading each device's ONNX
         * sessions, teaching the router the devices' execution times) and returns green-slo's objective.
         */
        double warmUp() {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ids.addAll(probeAll());
                for (String policy : POLICIES) {
                    ids.add(runner.submit("warm-" + policy, o.model(), input, policy, null));
                }
            }
            List<String> mono = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                mono.add(runner.submit("warm-monolithic", o.model(), input, "monolithic", null));
            }
            runner.collect(ids);
            double[] latency = runner.collect(mono).stream().mapToDouble(EmissionRecord::getLatencyMillis).sorted().toArray();
            states.poll();
            return o.sloFactor() * Percentiles.of(latency, 50);
        }

        /** Paces the rounds through the replayed window, hour by hour. */
        void hours(TraceTimeline timeline, double sloMillis) throws InterruptedException {
            long slot = o.wallPerGridHour().toMillis();
            long guard = Math.max(20, slot / 20);
            for (int h = 0; h < timeline.hours(); h++) {
                Instant start = timeline.wallHour(h).plusMillis(guard);
                Instant end = timeline.wallHour(h + 1).minusMillis(guard);
                sleepUntil(start);
                states.poll();
                probeIds.addAll(probeAll());
                for (int r = 0; r < o.requestsPerHour(); r++) {
                    sleepUntil(start.plusMillis((end.toEpochMilli() - start.toEpochMilli()) * r / o.requestsPerHour()));
                    // the hour's first round always runs (so the estimate is renewed every hour); later ones only
                    // when they are expected to end within the hour
                    if (Instant.now().plusMillis(r == 0 ? 0 : (long) roundMillis).isAfter(end)) {
                        skippedRounds += o.requestsPerHour() - r;
                        break;
                    }
                    long t0 = System.nanoTime();
                    round(sloMillis);
                    double took = (System.nanoTime() - t0) / 1e6;
                    roundMillis = roundMillis == 0 ? took : 0.5 * roundMillis + 0.5 * took;
                    if (Instant.now().isAfter(timeline.wallHour(h + 1))) {
                        lateRounds++;
                    }
                    states.poll();
                }
                if ((h + 1) % Math.max(1, timeline.hours() / 8) == 0) {
                    LOG.info("trace: {} of {} grid hours, {} rounds ({} skipped, {} ended after their hour)", h + 1,
                            timeline.hours(), rounds, skippedRounds, lateRounds);
                }
            }
        }

        /** One request per policy, starting with a different policy each round. */
        private void round(double sloMillis) {
            for (int k = 0; k < labels.size(); k++) {
                String label = labels.get((rounds + k) % labels.size());
                boolean slo = label.equals(GREEN_SLO);
                idsByLabel.get(label).add(runner.submit(label, o.model(), input, slo ? "green" : label,
                        slo ? sloMillis : null));
            }
            rounds++;
        }

        /** The whole model once on every device, past the router. */
        private List<String> probeAll() {
            List<String> ids = new ArrayList<>();
            for (DeviceSpec d : o.devices()) {
                String id = runner.nextId("probe-" + d.deviceId());
                probe.send(id, d, o.model(), manifest.getVersion(), manifest.getPartitions().size(), input);
                runner.awaitLastStage(id);
                ids.add(id);
            }
            return ids;
        }

        /** Every policy's emission records, by label in report order. */
        Map<String, List<EmissionRecord>> collect() {
            Map<String, List<EmissionRecord>> out = new LinkedHashMap<>();
            idsByLabel.forEach((label, ids) -> out.put(label, runner.collect(ids)));
            return out;
        }

        /**
         * Each device's mean whole-model cost over the trace's OK whole-model executions (probes and policies
         * alike), for devices whose memory holds the model's parameters.
         */
        List<HindsightOracle.DeviceCost> deviceCosts(Map<String, List<EmissionRecord>> byPolicy) {
            int last = manifest.getPartitions().size() - 1;
            long parameterBytes = manifest.getPartitions().stream().mapToLong(PartitionSpec::getParameterBytes).sum();
            List<HindsightOracle.WholeModelRun> runs = new ArrayList<>();
            List<List<EmissionRecord>> all = new ArrayList<>(byPolicy.values());
            all.add(runner.collect(probeIds));
            all.forEach(records -> records.forEach(r -> {
                if (r.getStatus() == InferenceStatus.OK && r.getParts().size() == 1
                        && r.getParts().get(0).getFirstPartition() == 0 && r.getParts().get(0).getLastPartition() == last) {
                    StageEmission s = r.getParts().get(0);
                    runs.add(new HindsightOracle.WholeModelRun(s.getDeviceId(), s.getZone(), s.getEnergyJoules(),
                            r.getEmbodiedGco2()));
                }
            }));
            return HindsightOracle.costs(runs).stream()
                    .filter(c -> states.memoryBytes(c.deviceId()) >= parameterBytes).toList();
        }
    }

    /** The replay of the compressed window on its own thread, each record sent a little before it becomes valid. */
    private static BackgroundTask replay(ClientSettings settings, Map<String, List<GridIntensity>> compressed) {
        // the compressed records are already on the wall clock: replay them in real time, times unchanged
        ReplayEngine engine = new ReplayEngine(ReplayOptions.builder().speed(ReplaySpeed.REAL_TIME).historicalTime().build(),
                ReplayClock.system());
        KafkaIntensitySink sink = KafkaIntensitySink.open(settings, "carbonedge-trace-replay", ProducerTuning.LOW_LATENCY);
        return BackgroundTask.start("trace-replay", () -> engine.run(compressed, sink, ReplayListener.NONE),
                engine::requestStop, sink);
    }

    /**
     * Each zone's first window value, valid from an hour ago to an hour ahead as ESTIMATED: what the warm-up is
     * planned and accounted with (the replayed, compressed records take over where they start).
     */
    static void publishWarmUpIntensities(ClientSettings settings, Map<String, List<GridIntensity>> grid) {
        Instant now = Instant.now();
        try (KafkaIntensitySink sink = KafkaIntensitySink.open(settings, "carbonedge-trace-warm-up", ProducerTuning.LOW_LATENCY)) {
            grid.forEach((zone, records) -> sink.accept(GridIntensity.newBuilder(records.get(0))
                    .setValidFrom(now.minus(Duration.ofHours(1))).setValidTo(now.plus(Duration.ofHours(1)))
                    .setKind(IntensityKind.ESTIMATED).setPublishedAt(null)
                    .setSource("trace-warm-up:" + records.get(0).getSource()).build()));
            sink.flush();
        }
    }

    private static double pue(Map<String, List<EmissionRecord>> byPolicy) {
        return byPolicy.values().stream().flatMap(List::stream).mapToDouble(EmissionRecord::getPue).findFirst().orElse(1.0);
    }

    /** Stages whose applied intensity differs from the trace's value at their start. */
    static int mismatchedIntensities(Map<String, List<EmissionRecord>> byPolicy, IntensityTable intensity) {
        int n = 0;
        for (List<EmissionRecord> records : byPolicy.values()) {
            for (EmissionRecord r : records) {
                for (StageEmission s : r.getParts()) {
                    double expected = intensity.at(s.getZone(), SignalType.AVERAGE, s.getStartedAt())
                            .map(Intensity::gco2PerKwh).orElse(Double.NaN);
                    if (!(Math.abs(expected - s.getGco2PerKwh()) < 1e-6)) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static void printSetup(Options o, List<String> zones, Map<String, List<GridIntensity>> grid,
                                   TraceTimeline timeline, HindsightOracle oracle, TraceAnalysis.Result result, Run run,
                                   double sloMillis, double seconds, PrintStream out) {
        out.printf(Locale.ROOT, "%ntrace %s to %s: %d grid hours, %.1f s each; %s in %d parts; %d rounds of %d policies"
                        + " per hour (%d skipped, %d ended after their hour); %.1f s in all%n",
                o.from(), o.to(), timeline.hours(), o.wallPerGridHour().toMillis() / 1000.0, o.model(), o.parts(),
                o.requestsPerHour(), run.labels.size(), run.skippedRounds, run.lateRounds, seconds);
        Map<String, Integer> greenest = new LinkedHashMap<>();
        zones.forEach(z -> greenest.put(z, 0));
        result.hours().forEach(h -> greenest.computeIfPresent(h.oracleZone(), (z, n) -> n + 1));
        for (String zone : zones) {
            double mean = grid.get(zone).stream().mapToDouble(GridIntensity::getGco2PerKwh).average().orElse(Double.NaN);
            double minimum = grid.get(zone).stream().mapToDouble(GridIntensity::getGco2PerKwh).min().orElse(Double.NaN);
            double maximum = grid.get(zone).stream().mapToDouble(GridIntensity::getGco2PerKwh).max().orElse(Double.NaN);
            out.printf(Locale.ROOT, "  zone %-6s mean %6.1f gCO2/kWh (%.1f to %.1f), the oracle's zone in %d of %d hours%n",
                    zone, mean, minimum, maximum, greenest.get(zone), timeline.hours());
        }
        for (HindsightOracle.DeviceCost c : oracle.devices()) {
            String profile = o.devices().stream().filter(d -> d.deviceId().equals(c.deviceId())).map(DeviceSpec::profile)
                    .findFirst().orElse("?");
            out.printf(Locale.ROOT, "  device %-12s %-14s in %-6s measured %.4g J per whole-model inference (%d runs)%n",
                    c.deviceId(), profile, c.zone(), c.energyJoules(), c.samples());
        }
        out.printf(Locale.ROOT, "  green-slo: latency objective %.1f ms (%.1f× monolithic p50 in the warm-up)%n",
                sloMillis, o.sloFactor());
    }

    private static List<String> zones(Options o) {
        return new ArrayList<>(new LinkedHashSet<>(o.devices().stream().map(DeviceSpec::zone).toList()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleepUntil(Instant wall) throws InterruptedException {
        long millis = Duration.between(Instant.now(), wall).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
