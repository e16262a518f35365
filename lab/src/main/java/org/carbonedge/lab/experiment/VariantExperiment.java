package org.carbonedge.lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.core.planning.AccuracyObjective;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.jobs.router.RouterConfig;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The variants experiment (issue 17, item 5): the MobileNetV2 family served in one zone on real measured intensity,
 * replayed time-compressed through the real pipeline as in the shift experiment ({@link TraceTimeline},
 * {@link ShiftGrid}: measured records a little before they are valid, forecasts at their issue time), once per device
 * set. Every arrival is sent once per workload at the same instant: always the full model (no floor, the baseline),
 * per-request accuracy floors, and mean accuracy objectives held by the router over windows of one grid hour
 * (compressed like the grid: the router's objective window is the wall time of a grid hour, and the timeline starts
 * on a multiple of it so that the router's windows are the grid hours). The requests of one arrival go out back to
 * back, starting with the next workload in turn. Every figure comes from the emission records
 * ({@link VariantAnalysis}).
 */
public final class VariantExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(VariantExperiment.class);
    /** The family's width-1.0 model, which every request names. */
    public static final String FULL_MODEL = "mobilenetv2";

    /**
     * @param dataDir         where the pipeline keeps its data
     * @param data            the intensity file
     * @param zone            its zone (null: the file's only zone)
     * @param from            first arrival (a whole UTC hour)
     * @param to              arrivals end (exclusive)
     * @param perHour         arrivals per grid hour (each sent once per workload)
     * @param wallPerGridHour wall time one grid hour is replayed in (at least 1 s: the objective window)
     * @param providerLead    how long before its start a provider's forecast is taken to be issued (grid time)
     * @param policy          the placement policy of every request
     * @param deviceSets      device set name → executor profiles (all placed in the zone), run one after the other
     * @param floors          per-request accuracy floors
     * @param objectives      hourly mean accuracy objectives
     * @param out             where the CSV and HTML go (null: none)
     */
    public record Options(Path dataDir, Path data, String zone, Instant from, Instant to, double perHour,
                          Duration wallPerGridHour, Duration providerLead, String policy,
                          Map<String, List<String>> deviceSets, List<Double> floors, List<Double> objectives, Path out) {

        public Options {
            if (wallPerGridHour.toMillis() < 1_000) {
                throw new IllegalArgumentException("a grid hour must take at least 1 s of wall time (the router's"
                        + " objective window), was " + wallPerGridHour);
            }
            deviceSets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(deviceSets)); // in order
            floors = List.copyOf(floors);
            objectives = List.copyOf(objectives);
        }

        /** The workloads, baseline first. */
        public List<VariantAnalysis.Workload> workloads() {
            List<VariantAnalysis.Workload> w = new ArrayList<>();
            w.add(VariantAnalysis.Workload.FULL);
            floors.forEach(f -> w.add(VariantAnalysis.Workload.floor(f)));
            objectives.forEach(t -> w.add(VariantAnalysis.Workload.objective(t)));
            return w;
        }

        /** Arrival instants, grid time: {@code perHour} per grid hour, spread evenly, none on an hour's edge. */
        public List<Instant> arrivals() {
            List<Instant> out = new ArrayList<>();
            long hours = Duration.between(from, to).toHours();
            int n = (int) Math.max(1, Math.round(perHour));
            for (long h = 0; h < hours; h++) {
                for (int k = 0; k < n; k++) {
                    out.add(from.plusSeconds(h * 3600).plusMillis(Math.round((k + 0.5) * 3_600_000.0 / n)));
                }
            }
            return out;
        }

        /** The router's objectives: one per objective workload, by its label, over the wall time of a grid hour. */
        public Map<String, AccuracyObjective> routerObjectives() {
            Map<String, AccuracyObjective> m = new LinkedHashMap<>();
            objectives.forEach(t -> m.put(VariantAnalysis.Workload.objective(t).label(),
                    new AccuracyObjective(t, wallPerGridHour)));
            return m;
        }
    }

    /** What a run produced: its rows and the files written. */
    public record Outcome(List<VariantAnalysis.Row> rows, List<Path> files) {
    }

    private VariantExperiment() {
    }

    /** The family's model ids: the full model first. */
    public static List<String> models() {
        List<String> m = new ArrayList<>();
        m.add(FULL_MODEL);
        m.addAll(ModelZoo.VARIANTS);
        return m;
    }

    /** The published accuracy of built-in model {@code id}, null when it has none. */
    public static Double publishedAccuracy(String id) {
        return ModelZoo.accuracy(id).map(ModelAccuracy::getValue).orElse(null);
    }

    /**
     * The zone's records for the run.
     *
     * @throws IllegalArgumentException when the file is missing, the zone absent or the window not covered
     */
    public static ShiftGrid grid(Options o) {
        return ShiftGrid.load(o.data(), o.zone(), o.from(), o.to(), o.providerLead(), Duration.ofHours(2));
    }

    public static Outcome run(Options o, ShiftGrid grid, PrintStream out) throws Exception {
        long started = System.nanoTime();
        List<VariantAnalysis.Row> rows = new ArrayList<>();
        List<String> setup = new ArrayList<>();
        for (Map.Entry<String, List<String>> set : o.deviceSets().entrySet()) {
            List<DeviceSpec> devices = new ArrayList<>();
            for (int i = 0; i < set.getValue().size(); i++) {
                devices.add(new DeviceSpec(set.getKey() + "-" + i + "-" + set.getValue().get(i), set.getValue().get(i),
                        grid.zone()));
            }
            rows.addAll(runSet(o, grid, set.getKey(), devices, setup));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        setup.add(0, String.format(Locale.ROOT, "variants %s: arrivals %s to %s, %.1f s per grid hour, %d per grid hour"
                        + " each sent once per workload (%d arrivals); models %s; policy %s; %.1f s in all",
                grid.zone(), o.from(), o.to(), o.wallPerGridHour().toMillis() / 1000.0, Math.round(o.perHour()),
                o.arrivals().size(), String.join(", ", models()), o.policy(), seconds));
        double mean = grid.measured().stream().mapToDouble(GridIntensity::getGco2PerKwh).average().orElse(Double.NaN);
        double low = grid.measured().stream().mapToDouble(GridIntensity::getGco2PerKwh).min().orElse(Double.NaN);
        double high = grid.measured().stream().mapToDouble(GridIntensity::getGco2PerKwh).max().orElse(Double.NaN);
        setup.add(1, String.format(Locale.ROOT, "  measured: %d records, mean %.1f gCO2/kWh (%.1f to %.1f); forecasts: %s",
                grid.measured().size(), mean, low, high, grid.forecastSource()));
        out.println();
        setup.forEach(out::println);
        VariantReport.print(grid.zone(), rows, out);
        List<Path> files = o.out() == null ? List.of()
                : VariantReport.write(grid.zone(), rows, setup, grid.measured(), o.out(), o.from(), o.to());
        files.forEach(f -> out.println("wrote " + f));
        return new Outcome(rows, files);
    }

    private static List<VariantAnalysis.Row> runSet(Options o, ShiftGrid grid, String name, List<DeviceSpec> devices,
                                                    List<String> setup) throws Exception {
        RouterConfig router = RouterConfig.defaults().withObjectives(o.routerObjectives());
        EmbeddedPipeline.Options options = new EmbeddedPipeline.Options(o.dataDir().resolve(name), 0, 0, devices,
                models(), 1, false, router, null);
        String runId = "variants-" + name + "-" + System.nanoTime();
        List<VariantAnalysis.Workload> workloads = o.workloads();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options);
             SequentialRunner runner = new SequentialRunner(pipeline.settings(), runId);
             DeviceStateLog states = new DeviceStateLog(pipeline.settings(), runId)) {
            ModelManifest manifest = ManifestJson.read(pipeline.modelStore().resolve(FULL_MODEL)
                    .resolve(ManifestJson.FILE_NAME));
            List<Tensor> input = RandomInputs.forSpecs(manifest.getInputs(), 7);
            TraceExperiment.publishWarmUpIntensities(pipeline.settings(), Map.of(grid.zone(), grid.measured()));
            for (String model : models()) { // every variant gets observed times on every device
                runner.run("warm-" + model, model, input, o.policy(), null, 2 * devices.size());
            }
            states.poll();
            long window = o.wallPerGridHour().toMillis();
            long earliest = Instant.now().plusSeconds(1).toEpochMilli();
            // the router's objective windows are epoch-aligned: start the timeline on one, so they are the grid hours
            Instant wallStart = Instant.ofEpochMilli(Math.floorDiv(earliest + window - 1, window) * window);
            TraceTimeline timeline = new TraceTimeline(o.from(), o.to(), wallStart, o.wallPerGridHour());
            List<GridIntensity> measured = grid.measured().stream().map(timeline::compress).toList();
            List<GridIntensity> forecasts = grid.forecasts().stream().map(timeline::compress).toList();
            Map<VariantAnalysis.Workload, List<String>> ids = new LinkedHashMap<>();
            workloads.forEach(w -> ids.put(w, new ArrayList<>()));
            List<Instant> arrivals = o.arrivals();
            try (BackgroundTask publisher = ShiftExperiment.publish(pipeline.settings(), measured, forecasts,
                    min(Duration.ofMillis(500), o.wallPerGridHour().dividedBy(8)))) {
                int done = 0;
                for (Instant a : arrivals) {
                    ShiftExperiment.waitUntil(timeline.toWall(a), states);
                    // each arrival starts with the next workload in turn: those sent later queue behind the others,
                    // and rotating shares that (and any drift) out evenly instead of pinning it on the last ones
                    for (int j = 0; j < workloads.size(); j++) {
                        VariantAnalysis.Workload w = workloads.get((done + j) % workloads.size());
                        String label = w.label();
                        Map<String, String> attributes = label == null ? Map.of()
                                : Map.of(label.substring(0, label.indexOf('=')), label.substring(label.indexOf('=') + 1));
                        ids.get(w).add(runner.sendNow(name + "-" + w.key().replace('=', '-'), FULL_MODEL, input,
                                o.policy(), w.floor(), attributes));
                    }
                    if (++done % Math.max(1, arrivals.size() / 8) == 0) {
                        LOG.info("variants {}: {} of {} arrivals sent", name, done, arrivals.size());
                    }
                }
                ShiftExperiment.waitUntil(timeline.wallEnd(), states);
                publisher.finish("the intensity replay");
            }
            Map<VariantAnalysis.Workload, List<EmissionRecord>> records = new LinkedHashMap<>();
            for (VariantAnalysis.Workload w : workloads) {
                records.put(w, runner.collect(ids.get(w)));
            }
            setup.add(String.format(Locale.ROOT, "  devices %s: %s", name,
                    devices.stream().map(DeviceSpec::profile).toList()));
            return VariantAnalysis.analyse(name, records, VariantExperiment::publishedAccuracy, o.wallPerGridHour());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
