package org.carbonedge.lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.Tensor;
import org.carbonedge.lab.Percentiles;
import org.carbonedge.lab.experiment.DemoResult.DemoPolicy;
import org.carbonedge.lab.experiment.DemoResult.ZoneIntensity;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.feed.demo.DemoFeed;
import org.carbonedge.feed.demo.DemoProfiles;
import org.carbonedge.jobs.emissions.EmissionsConfig;

/**
 * The project's main job, {@code carbonedge demo}: the embedded pipeline as {@code carbonedge up} runs it (the
 * paper's three devices in the real grid zones DE, GB and FR, the demo intensity feed, the default router and
 * accounting settings) on free ports, every policy run on the same model, and the weight sweep. Per policy, requests
 * go one at a time (batch 1, as the paper measured: latency and carbon); after the sweep, each policy runs a closed
 * loop with a few requests in flight (throughput).
 */
public final class Demo {

    /** The policies compared, baseline first. */
    public static final List<String> POLICIES = List.of("monolithic", "paper-performance", "paper-green", "performance",
            "balanced", "green");

    /**
     * @param dataDir  where the pipeline keeps its data (a fresh directory)
     * @param model    built-in model
     * @param parts    partitions of the model
     * @param requests requests per policy one at a time, per policy in the closed loop, and per sweep point
     * @param inFlight requests outstanding at a time in the closed loop
     */
    public record Options(Path dataDir, String model, int parts, int requests, int inFlight) {
    }

    /**
     * The emissions job commits its records on checkpoints; the runner collects them after each run, so a shorter
     * interval than the default 2 s shortens the demo. It changes no figure: latency ends at the last stage.
     */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);

    private Demo() {
    }

    /** Runs the demo; progress goes to {@code progress}, results are returned. */
    public static DemoResult run(Options o, PrintStream progress) throws Exception {
        List<DeviceSpec> devices = DeviceSpec.PAPER_NODES;
        long t0 = System.nanoTime();
        progress.printf("demo: starting the pipeline (%s in %d parts, %d devices)%n", o.model(), o.parts(), devices.size());
        EmbeddedPipeline.Options options = new EmbeddedPipeline.Options(o.dataDir(), 0, 0, devices, List.of(o.model()),
                o.parts(), true, null, EmissionsConfig.defaults().withCheckpointInterval(CHECKPOINT_INTERVAL));
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options);
             SequentialRunner runner = new SequentialRunner(pipeline.settings(), "demo-" + System.nanoTime())) {
            List<Tensor> input = RandomInputs.forSpecs(ManifestJson.read(
                    pipeline.modelStore().resolve(o.model()).resolve(ManifestJson.FILE_NAME)).getInputs(), 7);
            progress.printf(Locale.ROOT, "demo: pipeline up after %.1f s; warming up%n", seconds(t0));
            PaperExperiment.warmUp(runner, o.model(), input, Demo::demoIntensity, "the demo feed's intensities");
            for (String policy : POLICIES) {
                runner.run("warm-" + o.model() + "-" + policy, o.model(), input, policy, null, 1);
            }
            Instant from = Instant.now();
            Map<String, List<EmissionRecord>> oneAtATime = runner.interleaved(o.model(), o.model(), input, POLICIES, null,
                    o.requests());
            progress.printf(Locale.ROOT, "demo: policies done after %.0f s%n", seconds(t0));
            List<PolicyStats> sweep = PaperExperiment.sweep(runner, o.model(), input, o.requests());
            progress.printf(Locale.ROOT, "demo: weight sweep done after %.0f s%n", seconds(t0));
            // the closed loops load the devices, so they come last: a loaded device must not sway the runs above
            List<EmissionRecord> all = new ArrayList<>();
            List<DemoPolicy> policies = new ArrayList<>();
            for (String policy : POLICIES) {
                List<EmissionRecord> loop = runner.run(o.model() + "-" + policy + "-loop", o.model(), input, policy, null,
                        o.requests(), o.inFlight());
                policies.add(policy(policy, oneAtATime.get(policy), loop));
                all.addAll(oneAtATime.get(policy));
                all.addAll(loop);
            }
            progress.printf(Locale.ROOT, "demo: closed loops (%d in flight) done after %.0f s%n", o.inFlight(), seconds(t0));
            Instant to = Instant.now();
            Set<String> zones = new LinkedHashSet<>();
            devices.forEach(d -> zones.add(d.zone()));
            Instant hour = from.truncatedTo(ChronoUnit.HOURS);
            Map<String, List<GridIntensity>> intensity = DemoFeed.series(zones, hour.minus(Duration.ofDays(1)),
                    to.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
            long inferences = sweep.stream().mapToLong(PolicyStats::ok).sum()
                    + policies.stream().mapToLong(p -> p.oneAtATime().ok() + p.closedLoop().ok()).sum();
            ControlPlaneAccount overhead = ControlPlaneAccount.read(pipeline.settings(), from, to,
                    Demo::demoGco2PerKwh, Duration.ofSeconds(30));
            return new DemoResult(o.model(), o.parts(), devices, o.requests(), o.inFlight(), policies, sweep, intensity,
                    applied(all, zones), from, to, overhead, inferences);
        }
    }

    /** The demo feed's intensity of {@code zone} at {@code at}, or null for a zone it has no profile of. */
    static Double demoGco2PerKwh(String zone, Instant at) {
        return DemoProfiles.zones().contains(zone)
                ? DemoProfiles.gco2PerKwh(zone, at.atOffset(ZoneOffset.UTC).getHour()) : null;
    }

    /** Whether a stage was accounted with the demo feed's value for its zone and hour (not a default). */
    static boolean demoIntensity(StageEmission stage) {
        int hour = stage.getStartedAt().atOffset(ZoneOffset.UTC).getHour();
        return DemoProfiles.zones().contains(stage.getZone())
                && stage.getGco2PerKwh() == DemoProfiles.gco2PerKwh(stage.getZone(), hour);
    }

    static DemoPolicy policy(String name, List<EmissionRecord> oneAtATime, List<EmissionRecord> closedLoop) {
        List<EmissionRecord> both = new ArrayList<>(oneAtATime);
        both.addAll(closedLoop);
        double[] schedMicros = both.stream().filter(r -> r.getStatus() == InferenceStatus.OK)
                .mapToDouble(r -> r.getSchedulingNanos() / 1e3).sorted().toArray();
        Set<String> zones = new LinkedHashSet<>();
        oneAtATime.stream().filter(r -> r.getStatus() == InferenceStatus.OK)
                .forEach(r -> r.getParts().forEach(p -> zones.add(p.getZone())));
        return new DemoPolicy(PolicyStats.of(name, oneAtATime), PolicyStats.of(name, closedLoop),
                Percentiles.of(schedMicros, 50), zones.isEmpty() ? "-" : String.join("+", zones));
    }

    /** Lowest and highest intensity applied per zone, in the devices' zone order. */
    static List<ZoneIntensity> applied(List<EmissionRecord> records, Set<String> zoneOrder) {
        Map<String, double[]> range = new TreeMap<>();
        for (EmissionRecord r : records) {
            for (StageEmission s : r.getParts()) {
                double[] mm = range.computeIfAbsent(s.getZone(), z -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
                mm[0] = Math.min(mm[0], s.getGco2PerKwh());
                mm[1] = Math.max(mm[1], s.getGco2PerKwh());
            }
        }
        List<ZoneIntensity> out = new ArrayList<>();
        zoneOrder.stream().filter(range::containsKey)
                .forEach(z -> out.add(new ZoneIntensity(z, range.get(z)[0], range.get(z)[1])));
        return out;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
