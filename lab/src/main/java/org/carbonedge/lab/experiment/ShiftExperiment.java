package org.carbonedge.lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.core.carbon.IntensityLimits;
import org.carbonedge.core.carbon.IntensityTable;
import org.carbonedge.core.scheduling.DeferralConfig;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.jobs.router.RouterConfig;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shift experiment: deferrable requests with deadlines in one zone, on real measured intensity and the forecasts
 * known ahead of it, replayed time-compressed through the real pipeline, and the router's holding
 * ({@code carbonedge}) compared with running at once ({@code run-now}), a client that picks the forecast minimum at
 * arrival ({@code forecast-argmin}, {@link ForecastArgmin}) and a hindsight oracle ({@link ShiftOracle}).
 *
 * <p>The window's records are compressed onto the wall clock as in the trace experiment ({@link TraceTimeline},
 * e.g. one grid hour per 4 s); the router's {@link DeferralConfig} is compressed by the same factor (15-minute slots
 * become 1 s; the router takes no slot under 1 s, so with less than 4 s per grid hour a slot is 1 s wall and longer
 * than 15 min in grid time, for the baseline too). Measured records are published a little before they become valid;
 * FORECAST records at their issue time ({@link ShiftGrid}: NESO's day-ahead, assumed issued 24 h before each
 * interval, or the built-in forecaster's hourly issues), so the router only ever knows what was forecast by then.
 * Arrivals ({@link ShiftWorkload}) come at a steady rate for each deadline window; every arrival is sent once per
 * policy at the same instant (the baseline's at its chosen release), all to the same devices, so all policies see the
 * same grid; the replay runs on until the last deadline. The oracle and every figure are computed afterwards from
 * the run's own emission records.
 */
public final class ShiftExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(ShiftExperiment.class);
    private static final Duration GRID_HOUR = Duration.ofHours(1);

    /**
     * @param dataDir         where the pipeline keeps its data
     * @param data            the intensity file
     * @param zone            its zone (null: the file's only zone)
     * @param from            first arrival (a whole UTC hour)
     * @param to              arrivals end (exclusive); the replay runs on for the longest window
     * @param windowHours     deadline windows, grid hours
     * @param perHour         arrivals per grid hour per window
     * @param wallPerGridHour wall time one grid hour is replayed in
     * @param providerLead    how long before its start a provider's forecast is taken to be issued (grid time)
     * @param model           built-in model
     * @param policy          the placement policy of every request
     * @param devices         executors, all in {@code zone}
     * @param deferral        the router's deferral settings in grid time (compressed for the run)
     * @param out             where the CSV and HTML go (null: none)
     */
    public record Options(Path dataDir, Path data, String zone, Instant from, Instant to, List<Integer> windowHours,
                          double perHour, Duration wallPerGridHour, Duration providerLead, String model, String policy,
                          List<DeviceSpec> devices, DeferralConfig deferral, Path out) {

        /** These options with {@code value} as the executors. */
        public Options withDevices(List<DeviceSpec> value) {
            return new Options(dataDir, data, zone, from, to, windowHours, perHour, wallPerGridHour, providerLead, model,
                    policy, value, deferral, out);
        }

        public ShiftWorkload workload() {
            return new ShiftWorkload(from, to, windowHours, perHour);
        }

        /** End of the replay: the last possible deadline. */
        public Instant replayTo() {
            return to.plus(workload().longestWindow());
        }

        /** The router's settings on the wall clock: durations × wall per grid hour, the slot at least 1 s. */
        public DeferralConfig wallDeferral() {
            return compress(deferral, wallPerGridHour);
        }

        /** The settings the baseline uses, grid time: the router's, with the slot it really gets. */
        DeferralConfig gridDeferral() {
            DeferralConfig wall = wallDeferral();
            return new DeferralConfig(expand(wall.slot(), wallPerGridHour), deferral.minMargin(), deferral.marginShare(),
                    deferral.maxBusyShare(), deferral.maxHold());
        }
    }

    /** What a run produced: its rows and the files written. */
    public record Outcome(List<ShiftAnalysis.Row> rows, List<Path> files) {
    }

    private ShiftExperiment() {
    }

    /** {@code config} with its durations scaled from grid time onto the wall clock (the slot at least 1 s). */
    static DeferralConfig compress(DeferralConfig config, Duration wallPerGridHour) {
        Duration slot = max(Duration.ofSeconds(1), scale(config.slot(), wallPerGridHour));
        return new DeferralConfig(slot, scale(config.minMargin(), wallPerGridHour), config.marginShare(),
                config.maxBusyShare(), max(slot, scale(config.maxHold(), wallPerGridHour)));
    }

    private static Duration scale(Duration grid, Duration wallPerGridHour) {
        return Duration.ofMillis(Math.round(grid.toMillis() * (double) wallPerGridHour.toMillis() / GRID_HOUR.toMillis()));
    }

    private static Duration expand(Duration wall, Duration wallPerGridHour) {
        return Duration.ofMillis(Math.round(wall.toMillis() * (double) GRID_HOUR.toMillis() / wallPerGridHour.toMillis()));
    }

    /**
     * The zone's records for the run, as {@link #run} replays them.
     *
     * @throws IllegalArgumentException when the file is missing, the zone absent or the window not covered
     */
    public static ShiftGrid grid(Options o) {
        return ShiftGrid.load(o.data(), o.zone(), o.from(), o.replayTo(), o.providerLead(),
                o.workload().longestWindow().plus(GRID_HOUR));
    }

    public static Outcome run(Options o, ShiftGrid grid, PrintStream out) throws Exception {
        long started = System.nanoTime();
        List<ShiftWorkload.Arrival> arrivals = o.workload().arrivals();
        DeferralConfig gridDeferral = o.gridDeferral();
        List<GridIntensity> known = new ArrayList<>(grid.measured());
        known.addAll(grid.forecasts());
        List<Instant> argmin = new ForecastArgmin(grid.zone(), known, gridDeferral).releases(arrivals);
        RouterConfig router = RouterConfig.defaults().withDeferral(o.wallDeferral());
        EmbeddedPipeline.Options options = new EmbeddedPipeline.Options(o.dataDir(), 0, 0, o.devices(),
                List.of(o.model()), 1, false, router, null);
        String runId = "shift-" + System.nanoTime();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options);
             SequentialRunner runner = new SequentialRunner(pipeline.settings(), runId);
             DeviceStateLog states = new DeviceStateLog(pipeline.settings(), runId)) {
            ModelManifest manifest = ManifestJson.read(pipeline.modelStore().resolve(o.model()).resolve(ManifestJson.FILE_NAME));
            List<Tensor> input = RandomInputs.forSpecs(manifest.getInputs(), 7);
            TraceExperiment.publishWarmUpIntensities(pipeline.settings(), Map.of(grid.zone(), grid.measured()));
            runner.run("warm", o.model(), input, o.policy(), null, 3 * o.devices().size());
            states.poll();
            Duration lead = min(Duration.ofSeconds(1), o.wallPerGridHour().dividedBy(2));
            TraceTimeline timeline = new TraceTimeline(o.from(), o.replayTo(), Instant.now().plus(lead), o.wallPerGridHour());
            List<GridIntensity> measured = grid.measured().stream().map(timeline::compress).toList();
            List<GridIntensity> forecasts = grid.forecasts().stream().map(timeline::compress).toList();
            List<Send> sends = sends(o, arrivals, argmin, timeline);
            Map<String, List<String>> ids = new LinkedHashMap<>();
            ShiftAnalysis.POLICIES.forEach(p -> ids.put(p, new ArrayList<>()));
            try (BackgroundTask publisher = publish(pipeline.settings(), measured, forecasts,
                    min(Duration.ofMillis(500), o.wallPerGridHour().dividedBy(8)))) {
                int done = 0;
                for (Send s : sends) {
                    waitUntil(s.at(), states);
                    String policy = s.policy();
                    ids.get(policy).add(runner.sendNow(policy + "-" + s.arrival().windowHours() + "h", o.model(), input,
                            o.policy(), timeline.toWall(s.arrival().deadlineAt()), policy.equals(ShiftAnalysis.CARBONEDGE)));
                    if (++done % Math.max(1, sends.size() / 8) == 0) {
                        LOG.info("shift: {} of {} requests sent", done, sends.size());
                    }
                }
                waitUntil(timeline.wallEnd(), states);
                publisher.finish("the intensity replay");
            }
            Map<String, List<ShiftAnalysis.Request>> byPolicy = new LinkedHashMap<>();
            for (String policy : ShiftAnalysis.POLICIES) {
                List<EmissionRecord> records = runner.collect(ids.get(policy));
                List<Send> ofPolicy = sends.stream().filter(s -> s.policy().equals(policy)).toList();
                List<ShiftAnalysis.Request> requests = new ArrayList<>();
                for (int i = 0; i < records.size(); i++) {
                    ShiftWorkload.Arrival a = ofPolicy.get(i).arrival();
                    requests.add(new ShiftAnalysis.Request(a.windowHours(), timeline.toWall(a.arrivalAt()),
                            timeline.toWall(a.deadlineAt()), records.get(i)));
                }
                byPolicy.put(policy, requests);
            }
            states.catchUp(Duration.ofSeconds(5));
            List<ShiftAnalysis.Row> rows = ShiftAnalysis.analyse(byPolicy, new ShiftOracle(measured), o.wallPerGridHour());
            double seconds = (System.nanoTime() - started) / 1e9;
            List<String> setup = setup(o, grid, arrivals.size(), states, seconds);
            out.println();
            setup.forEach(out::println);
            IntensityTable table = IntensityTable.of(new IntensityLimits(Integer.MAX_VALUE, Duration.ofDays(3650),
                    Duration.ZERO), measured);
            Map<String, List<EmissionRecord>> records = new LinkedHashMap<>();
            byPolicy.forEach((p, list) -> records.put(p, list.stream().map(ShiftAnalysis.Request::record).toList()));
            int mismatched = TraceExperiment.mismatchedIntensities(records, table);
            if (mismatched > 0) {
                out.printf(Locale.ROOT, "note: %d stages were accounted with another intensity than the measured one"
                        + " (a stage that started before its interval's record reached the emissions job, or in a gap)%n",
                        mismatched);
            }
            ShiftReport.print(grid.zone(), rows, out);
            List<Path> files = o.out() == null ? List.of()
                    : ShiftReport.write(grid.zone(), rows, setup, grid.measured(), grid.forecasts(), o.out(), o.from(), o.to());
            files.forEach(f -> out.println("wrote " + f));
            return new Outcome(rows, files);
        }
    }

    /** One request to send: which arrival, for which policy, when (wall time). */
    private record Send(Instant at, String policy, ShiftWorkload.Arrival arrival) {
    }

    /** Every request of every policy, in the order to send them. */
    private static List<Send> sends(Options o, List<ShiftWorkload.Arrival> arrivals, List<Instant> argmin,
                                    TraceTimeline timeline) {
        List<Send> sends = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) {
            ShiftWorkload.Arrival a = arrivals.get(i);
            Instant at = timeline.toWall(a.arrivalAt());
            sends.add(new Send(at, ShiftAnalysis.RUN_NOW, a));
            sends.add(new Send(at, ShiftAnalysis.CARBONEDGE, a));
            sends.add(new Send(timeline.toWall(argmin.get(i)), ForecastArgmin.POLICY, a));
        }
        sends.sort(Comparator.comparing(Send::at)); // stable: per policy, arrivals stay in order of their sends
        return sends;
    }

    private static List<String> setup(Options o, ShiftGrid grid, int arrivals, DeviceStateLog states, double seconds) {
        List<String> lines = new ArrayList<>();
        DeferralConfig wall = o.wallDeferral();
        lines.add(String.format(Locale.ROOT, "shift %s: arrivals %s to %s (replayed to %s), %.1f s per grid hour;"
                        + " windows %s h, %.3g arrivals per grid hour each (%d in all, one request per policy each);"
                        + " %s, placement policy %s; %.1f s in all",
                grid.zone(), o.from(), o.to(), o.replayTo(), o.wallPerGridHour().toMillis() / 1000.0, o.windowHours(),
                o.perHour(), arrivals, o.model(), o.policy(), seconds));
        lines.add(String.format(Locale.ROOT, "  router: slot %d ms wall (%.1f grid min), margin max(%d ms, %.0f%% of the"
                        + " window), held work up to %.0f%% of a device's slot, held at most %d ms",
                wall.slot().toMillis(), expand(wall.slot(), o.wallPerGridHour()).toMillis() / 60_000.0,
                wall.minMargin().toMillis(), 100 * wall.marginShare(), 100 * wall.maxBusyShare(),
                wall.maxHold().toMillis()));
        lines.add("  forecasts: " + grid.forecastSource() + "; " + grid.forecasts().size() + " FORECAST records");
        double mean = grid.measured().stream().mapToDouble(GridIntensity::getGco2PerKwh).average().orElse(Double.NaN);
        double low = grid.measured().stream().mapToDouble(GridIntensity::getGco2PerKwh).min().orElse(Double.NaN);
        double high = grid.measured().stream().mapToDouble(GridIntensity::getGco2PerKwh).max().orElse(Double.NaN);
        lines.add(String.format(Locale.ROOT, "  measured: %d records, mean %.1f gCO2/kWh (%.1f to %.1f)",
                grid.measured().size(), mean, low, high));
        Map<String, Integer> queues = states.peakQueueDepth();
        lines.add(queues.isEmpty() ? "  peak device queue: no device-state reports read"
                : "  peak device queue (as sampled by device-state reports, all policies together): " + queues);
        return lines;
    }

    /** Waits until {@code wall}, reading device states meanwhile. */
    static void waitUntil(Instant wall, DeviceStateLog states) {
        states.poll();
        long nanos;
        while ((nanos = Duration.between(Instant.now(), wall).toNanos()) > 0) {
            LockSupport.parkNanos(Math.min(nanos, 200_000_000L));
            states.poll();
        }
    }

    /**
     * Publishes the compressed records on its own thread, each at its due wall time: a measured record
     * {@code lead} before it becomes valid, a forecast at its issue time ({@code publishedAt}; at once when that has
     * passed).
     */
    static BackgroundTask publish(ClientSettings settings, List<GridIntensity> measured,
                                          List<GridIntensity> forecasts, Duration lead) {
        record Due(Instant at, GridIntensity record) {
        }
        List<Due> due = new ArrayList<>();
        measured.forEach(r -> due.add(new Due(r.getValidFrom().minus(lead), r)));
        forecasts.forEach(r -> due.add(new Due(r.getPublishedAt(), r)));
        due.sort(Comparator.comparing(Due::at));
        KafkaIntensitySink sink = KafkaIntensitySink.open(settings, "carbonedge-shift-replay", ProducerTuning.LOW_LATENCY);
        AtomicBoolean stop = new AtomicBoolean();
        return BackgroundTask.start("shift-replay", () -> {
            for (Due d : due) {
                long nanos;
                while (!stop.get() && (nanos = Duration.between(Instant.now(), d.at()).toNanos()) > 0) {
                    LockSupport.parkNanos(Math.min(nanos, 100_000_000L));
                }
                if (stop.get()) {
                    return;
                }
                sink.accept(d.record());
                sink.flush();
            }
        }, () -> stop.set(true), sink);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
