package org.carbonedge.lab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.Tensor;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.core.carbon.AccountingConfig;
import org.carbonedge.core.planning.Policy;
import org.carbonedge.core.scoring.Weights;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.jobs.emissions.EmissionsConfig;
import org.carbonedge.jobs.router.RouterConfig;
import org.carbonedge.lab.stats.Interval;
import org.carbonedge.lab.stats.Ranking;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;

/**
 * The paper's evaluation on the real pipeline: its three nodes (1.0 / 0.6 / 0.4 CPU, 1 GB / 512 MB / 512 MB, static
 * 620 / 530 / 380 gCO2/kWh), batch-1 requests one at a time and interleaved across policies round by round, the
 * paper's baselines (monolithic and its scorer in three modes) against CarbonEdge's policies, a latency-SLO run, and the weight sweep (wC from 0 to 1, the other
 * weights scaled from balanced).
 *
 * <p>Like the paper's Docker testbed the nodes are co-located: tensors move over loopback at 1 Gbit/s, and the
 * hand-off's CPU cost is inside the stages' measured time, so no separate network energy is counted (in the default
 * configuration, transfers are charged at the internet figure of Aslan et al., which makes splitting a small CNN
 * across zones cost more than it saves).
 */
public final class PaperExperiment {

    /** The paper's nodes, each in a zone of its own static intensity. */
    public static final List<DeviceSpec> NODES = List.of(
            new DeviceSpec("paper-high", "paper-high", "PAPER-HIGH"),
            new DeviceSpec("paper-medium", "paper-medium", "PAPER-MEDIUM"),
            new DeviceSpec("paper-green", "paper-green", "PAPER-GREEN"));
    /** Static intensities of the paper's nodes, gCO2/kWh. */
    public static final Map<String, Double> INTENSITY = Map.of("PAPER-HIGH", 620.0, "PAPER-MEDIUM", 530.0, "PAPER-GREEN", 380.0);
    /** Loopback between co-located containers: 1 Gbit/s. */
    static final double COLOCATED_BYTES_PER_MILLI = 125_000;

    /** Fewest requests per policy with which policies a few percent apart can be told apart on this machine. */
    static final int QUICK_ORDERABLE = 20;

    static final List<String> POLICIES = List.of("monolithic", "paper-performance", "paper-balanced", "paper-green",
            "performance", "balanced", "green");

    /**
     * @param dataDir   where the pipeline keeps its data
     * @param models    models to evaluate
     * @param parts     partitions per model
     * @param requests  requests per policy and sweep point
     * @param sloFactor latency objective of the green-slo run, as a multiple of monolithic p50
     * @param out       where CSVs are written (null: none)
     */
    public record Options(Path dataDir, List<String> models, int parts, int requests, double sloFactor, Path out) {
    }

    /** One model's results: the policies (green-slo included) and the sweep points in order. */
    public record ModelResult(String model, List<PolicyStats> policies, List<PolicyStats> sweep) {
        public PolicyStats policy(String name) {
            return policies.stream().filter(p -> p.label().equals(name)).findFirst().orElseThrow();
        }
    }

    private PaperExperiment() {
    }

    public static List<ModelResult> run(Options o, PrintStream out) throws Exception {
        RouterConfig router = RouterConfig.defaults().withPlanner(
                RouterConfig.defaults().planner().withTransfer(0.0, COLOCATED_BYTES_PER_MILLI));
        EmissionsConfig emissions = EmissionsConfig.defaults()
                .withAccounting(AccountingConfig.defaults().withKwhPerGigabyte(0.0));
        EmbeddedPipeline.Options options = new EmbeddedPipeline.Options(o.dataDir(), 0, 0, NODES, o.models(), o.parts(),
                false, router, emissions);
        List<ModelResult> results = new ArrayList<>();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options)) {
            publishStaticIntensities(pipeline.settings());
            try (SequentialRunner runner = new SequentialRunner(pipeline.settings(), "paper-" + System.nanoTime())) {
                for (String model : o.models()) {
                    List<Tensor> input = RandomInputs.forSpecs(ManifestJson.read(
                            pipeline.modelStore().resolve(model).resolve(ManifestJson.FILE_NAME)).getInputs(), 7);
                    warmUp(runner, model, input);
                    results.add(runModel(pipeline.settings(), runner, model, input, o, out));
                }
            }
        }
        return results;
    }

    /** Runs every device on the model and waits until both jobs account with the static intensities. */
    private static void warmUp(SequentialRunner runner, String model, List<Tensor> input) {
        warmUp(runner, model, input, stage -> INTENSITY.containsValue(stage.getGco2PerKwh()), "the paper's static intensities");
    }

    /**
     * Runs every device on the model (ONNX sessions loaded, code warm) and waits until the emissions job accounts
     * every stage with the intensities the run is meant to use ({@code expected}), not the default of a zone it has
     * not read yet.
     */
    static void warmUp(SequentialRunner runner, String model, List<Tensor> input, Predicate<StageEmission> expected,
                       String what) {
        for (String policy : List.of("monolithic", "green", Policy.custom(Weights.sweep(Weights.BALANCED, 0.2)).name())) {
            runner.run("warm-" + model, model, input, policy, null, 3);
        }
        for (int i = 0; i < 20; i++) {
            List<EmissionRecord> r = runner.run("warm-" + model, model, input, "green", null, 1);
            if (r.get(0).getParts().stream().allMatch(expected)) {
                return;
            }
        }
        throw new IllegalStateException("the pipeline never picked up " + what);
    }

    private static ModelResult runModel(org.carbonedge.common.ClientSettings settings, SequentialRunner runner,
                                        String model, List<Tensor> input, Options o, PrintStream out) throws IOException {
        java.time.Instant from = java.time.Instant.now();
        List<PolicyStats> policies = new ArrayList<>();
        runner.interleaved(model, model, input, POLICIES, null, o.requests())
                .forEach((policy, records) -> policies.add(PolicyStats.of(policy, records)));
        double slo = o.sloFactor() * policies.get(0).p50Millis();
        policies.add(PolicyStats.of("green-slo", runner.run(model + "-green-slo", model, input, "green", slo, o.requests())));
        ModelResult result = new ModelResult(model, policies, sweep(runner, model, input, o.requests()));
        java.time.Instant to = java.time.Instant.now();
        print(result, slo, out);
        // the whole boundary: every request of the window shared the pipeline's own carbon (control plane, idle)
        long inferences = result.policies().stream().mapToLong(PolicyStats::ok).sum()
                + result.sweep().stream().mapToLong(PolicyStats::ok).sum();
        ControlPlaneAccount overhead = ControlPlaneAccount.read(settings, from, to, (zone, at) -> INTENSITY.get(zone),
                java.time.Duration.ofSeconds(30));
        printBoundaries(model, result.policies(), overhead, inferences, out);
        if (o.out() != null) {
            writeCsv(result, o.out());
        }
        return result;
    }

    /**
     * The weight sweep: wC from 0 to 1 in steps of 0.1, the other weights scaled from the paper's balanced, {@code requests}
     * per point, one at a time and interleaved across the points; labels are the wC values ("0.0" … "1.0").
     */
    static List<PolicyStats> sweep(SequentialRunner runner, String model, List<Tensor> input, int requests) {
        List<String> points = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i <= 10; i++) {
            double wc = i / 10.0;
            String policy = Policy.custom(Weights.sweep(Weights.BALANCED, wc)).name();
            points.add(policy);
            labels.put(policy, String.format(Locale.ROOT, "%.1f", wc));
        }
        List<PolicyStats> sweep = new ArrayList<>();
        runner.interleaved(model + "-sweep", model, input, points, null, requests)
                .forEach((policy, records) -> sweep.add(PolicyStats.of(labels.get(policy), records)));
        return sweep;
    }

    static void print(ModelResult r, double sloMillis, PrintStream out) {
        PolicyStats mono = r.policy("monolithic");
        out.printf(Locale.ROOT, "%n%s on the paper's nodes (High 1.0 CPU @620, Medium 0.6 @530, Green 0.4 @380 gCO2/kWh), %d requests per policy, batch 1%n",
                r.model(), mono.requests());
        out.printf(Locale.ROOT, "every figure with its 95%% interval: p50 [low–high] (distribution-free), gCO2/inf ±%% of the mean"
                + " (Student's t), vs mono ± percentage points%n");
        out.printf(Locale.ROOT, "%-18s %21s %9s %8s %20s %14s %9s %10s %9s  %s%n", "policy", "p50 ms [95%]", "p95 ms",
                "req/s", "gCO2/inf", "vs mono", "inf/gCO2", "lat cost", "sched µs", "placement");
        for (PolicyStats p : r.policies()) {
            out.printf(Locale.ROOT, "%-18s %21s %9.1f %8.2f %20s %14s %9.0f %9.1f%% %9.2f  %s%n", p.label(),
                    p.latencyP50().bracketed("%.1f"), p.p95Millis(), p.perSecond(), p.gco2().plusMinusPercent("%.4g"),
                    change(p, mono).plusMinus("%.1f") + "%", p.inferencesPerGram(), latencyCost(p, mono),
                    p.schedulingMicros(), p.placement());
        }
        out.printf(Locale.ROOT, "green-slo: latency objective %.1f ms (%.1f× monolithic p50)%n", sloMillis, sloMillis / mono.p50Millis());
        printOrder(r.policies(), mono.requests(), out);
        r.policies().stream().filter(p -> p.placements().contains(", "))
                .forEach(p -> out.printf("placements of %s: %s%n", p.label(), p.placements()));
        out.printf("weight sweep (wC, other weights scaled from the paper's balanced):%n");
        for (PolicyStats s : r.sweep()) {
            out.printf(Locale.ROOT, "  wC=%s  p50 %-21s gCO2/inf %-20s vs mono %-12s %s%n", s.label(),
                    s.latencyP50().bracketed("%.1f"), s.gco2().plusMinusPercent("%.4g"),
                    change(s, mono).plusMinus("%.1f") + "%", s.placement());
        }
        for (PolicyStats p : r.policies()) {
            Interval change = change(p, mono);
            out.printf(Locale.ROOT, "experiment=paper model=%s policy=%s gco2_per_inference=%.4g gco2_ci95=%.2g"
                            + " reduction_vs_monolithic_pct=%.1f reduction_ci95_pct=%.1f"
                            + " latency_p50_ms=%.1f latency_p50_low_ms=%.1f latency_p50_high_ms=%.1f latency_cost_pct=%.1f"
                            + " inferences_per_gram=%.1f sched_overhead_us=%.2f on_placement=%s%n",
                    r.model(), p.label(), p.gco2PerInference(), p.gco2Ci95(), reduction(p, mono), change.halfWidth(),
                    p.p50Millis(), p.latencyP50().low(), p.latencyP50().high(), latencyCost(p, mono),
                    p.inferencesPerGram(), p.schedulingMicros(), placementShare(p));
        }
        for (PolicyStats s : r.sweep()) {
            out.printf(Locale.ROOT, "sweep model=%s wc=%s gco2_per_inference=%.4g gco2_ci95=%.2g latency_p50_ms=%.1f%n",
                    r.model(), s.label(), s.gco2PerInference(), s.gco2Ci95(), s.p50Millis());
        }
    }

    /**
     * The control plane's share of each policy's carbon over the whole boundary: the pipeline's own CPU and idle
     * devices over the model's run, shared by its inferences (policies ran interleaved, so equally).
     */
    static void printBoundaries(String model, List<PolicyStats> policies, ControlPlaneAccount overhead,
                                long inferences, PrintStream out) {
        if (overhead.records() == 0 || inferences <= 0) {
            out.println("whole boundary: no service-energy records over the run");
            return;
        }
        double[] per = overhead.perInference(inferences);
        out.printf(Locale.ROOT, "whole boundary: control plane %.1f J (%.3g gCO2), idle devices %.1f J (%.3g gCO2) over"
                        + " %d inferences: +%.3g gCO2 control plane, +%.3g gCO2 idle per inference%n",
                overhead.controlPlaneJoules(), overhead.controlPlaneGco2(), overhead.idleJoules(), overhead.idleGco2(),
                inferences, per[0], per[1]);
        for (PolicyStats p : policies) {
            double device = p.gco2PerInference();
            out.printf(Locale.ROOT, "boundary model=%s policy=%s device_gco2_per_inference=%.4g"
                            + " whole_gco2_per_inference=%.4g control_plane_share_pct=%.1f%n", model, p.label(), device,
                    device + per[0] + per[1], 100 * overhead.controlPlaneShare(device, inferences));
        }
    }

    /**
     * The policies ordered by carbon and by median latency, those whose difference is inside their 95% intervals as
     * tied; whether balanced sits strictly between performance and green on both; and, with few requests, that close
     * policies cannot be ordered at all.
     */
    static void printOrder(List<PolicyStats> policies, int requests, PrintStream out) {
        List<PolicyStats> ranked = policies.stream().filter(p -> !p.label().equals("green-slo")).toList();
        out.printf("order by gCO2/inf (= tied within 95%% intervals): %s%n",
                Ranking.text(ranked, PolicyStats::gco2, PolicyStats::label));
        out.printf("order by p50 latency (= tied within 95%% intervals): %s%n",
                Ranking.text(ranked, PolicyStats::latencyP50, PolicyStats::label));
        PolicyStats perf = find(policies, "performance"), balanced = find(policies, "balanced"), green = find(policies, "green");
        if (perf != null && balanced != null && green != null) {
            out.printf("balanced strictly between performance and green: carbon %s, latency %s%n",
                    Ranking.between(green.gco2(), balanced.gco2(), perf.gco2()),
                    Ranking.between(perf.latencyP50(), balanced.latencyP50(), green.latencyP50()));
        }
        if (requests < QUICK_ORDERABLE) {
            out.printf("with %d requests per policy the intervals are too wide to order policies a few percent apart:"
                    + " they are shown as tied, not ranked (run with at least %d requests, e.g. without --quick)%n",
                    requests, QUICK_ORDERABLE);
        }
    }

    private static PolicyStats find(List<PolicyStats> policies, String label) {
        return policies.stream().filter(p -> p.label().equals(label)).findFirst().orElse(null);
    }

    /** Share of the policy's requests that got its most common placement, e.g. {@code 60/60}. */
    private static String placementShare(PolicyStats p) {
        String placement = p.placement();
        int open = placement.lastIndexOf(" (");
        return open < 0 ? p.ok() + "/" + p.ok() : placement.substring(open + 2, placement.length() - 1);
    }

    /** Percentage change of carbon per inference against monolithic, with its interval. */
    static Interval change(PolicyStats p, PolicyStats mono) {
        return p.gco2().percentChangeFrom(mono.gco2());
    }

    static double reduction(PolicyStats p, PolicyStats mono) {
        return 100 * (1 - p.gco2PerInference() / mono.gco2PerInference());
    }

    static double latencyCost(PolicyStats p, PolicyStats mono) {
        return 100 * (p.p50Millis() / mono.p50Millis() - 1);
    }

    private static void writeCsv(ModelResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        PolicyStats mono = r.policy("monolithic");
        StringBuilder s = new StringBuilder("model,kind,policy,requests,ok,latency_p50_ms,latency_p95_ms,requests_per_s,"
                + "gco2_per_inference,energy_joules_per_inference,reduction_vs_monolithic_pct,inferences_per_gram,sched_overhead_us,placement\n");
        Map<String, List<PolicyStats>> kinds = new LinkedHashMap<>();
        kinds.put("policy", r.policies());
        kinds.put("sweep", r.sweep());
        kinds.forEach((kind, list) -> list.forEach(p -> s.append(String.format(Locale.ROOT,
                "%s,%s,%s,%d,%d,%.3f,%.3f,%.3f,%.6g,%.6g,%.2f,%.2f,%.3f,\"%s\"%n", r.model(), kind, p.label(), p.requests(),
                p.ok(), p.p50Millis(), p.p95Millis(), p.perSecond(), p.gco2PerInference(), p.energyJoulesPerInference(),
                reduction(p, mono), p.inferencesPerGram(), p.schedulingMicros(), p.placement()))));
        Files.writeString(dir.resolve("paper-" + r.model() + ".csv"), s.toString());
    }

    /** The paper's static intensities, valid from an hour ago to a week ahead. */
    static void publishStaticIntensities(ClientSettings settings) throws Exception {
        Topic<GridIntensity> topic = settings.catalog().topic(Topics.GRID_INTENSITY);
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        try (var producer = new KafkaProducer<>(settings.producer("paper-intensities"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (Map.Entry<String, Double> e : INTENSITY.entrySet()) {
                GridIntensity g = GridIntensity.newBuilder().setZone(e.getKey()).setValidFrom(from)
                        .setValidTo(from.plus(Duration.ofDays(7))).setGco2PerKwh(e.getValue()).setSignal(SignalType.AVERAGE)
                        .setKind(IntensityKind.ESTIMATED).setSource("carbonedge-paper-static (arXiv 2603.27420)").build();
                producer.send(new ProducerRecord<>(topic.name(), null, from.toEpochMilli(), e.getKey(), g)).get();
            }
        }
    }
}
