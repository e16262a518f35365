package org.carbonedge.cli.experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.carbonedge.cli.UsageException;
import org.carbonedge.cli.feed.TimeArguments;
import org.carbonedge.cli.io.ScratchDirectory;
import org.carbonedge.core.planning.Policy;
import org.carbonedge.lab.experiment.ShiftGrid;
import org.carbonedge.lab.experiment.VariantExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carbonedge experiment variants}: the MobileNetV2 family under accuracy floors and hourly mean objectives. */
@Command(name = "variants", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay one zone's measured intensity (and the forecasts known ahead of it), time-compressed,"
                + " through the pipeline with the MobileNetV2 family (widths 1.4, 1.0, 0.75, 0.5, 0.35) on the paper's"
                + " devices and on an edge set (rpi4, jetson-orin-nano, intel-nuc-12-pro); send every arrival always to"
                + " the full model, with each accuracy floor, and under each hourly mean objective.",
                "Prints a table and one 'experiment=variants floor=...|objective=...|baseline=full gco2_per_inference=..."
                + " reduction_vs_full_pct=... accuracy_mean=... below_floor=...' line per device set and workload;"
                + " writes report/variants-<zone>-<from>-<to>.csv and .html."})
public final class ExperimentVariantsCommand implements Callable<Integer> {

    /** The device sets by name: the paper's three nodes and a realistic edge set. */
    static final Map<String, List<String>> DEVICE_SETS = Map.of(
            "paper", ExperimentTraceCommand.PROFILES,
            "edge", List.of("rpi4", "jetson-orin-nano", "intel-nuc-12-pro"));

    @Option(names = "--data", paramLabel = "FILE", description = "Intensity file, any format replay reads (default:"
            + " ../shared/data/grid/neso/GB_national_2023_halfhourly.csv, NESO's GB 2023 with its forecasts).")
    Path data;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Zone in the file (default: its only zone).")
    String zone;

    @Option(names = "--from", paramLabel = "TIME", description = "First arrival, a whole UTC hour (default: ${DEFAULT-VALUE}).")
    String from = "2023-11-20T00:00:00Z";

    @Option(names = "--hours", paramLabel = "N", description = "Grid hours of arrivals, 1 to 720 (default: ${DEFAULT-VALUE}).")
    int hours = 24;

    @Option(names = "--hour-seconds", paramLabel = "S", description = "Wall seconds per grid hour, 1 to 3600; also the"
            + " router's objective window (default: ${DEFAULT-VALUE}).")
    double hourSeconds = 4;

    @Option(names = "--per-hour", paramLabel = "N", description = "Arrivals per grid hour, each sent once per workload, 1 to 120; keep the requests per wall second"
            + " (7 × this / --hour-seconds) within what the devices serve, or queueing delays the router's decisions into"
            + " the next objective window (default: ${DEFAULT-VALUE}).")
    int perHour = 4;

    @Option(names = "--devices", paramLabel = "SET,SET", split = ",", description = "Device sets, run one after the"
            + " other: paper (paper-high, paper-medium, paper-green), edge (rpi4, jetson-orin-nano, intel-nuc-12-pro)"
            + " (default: paper,edge).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--floors", paramLabel = "A,A,...", split = ",", description = "Per-request accuracy floors, shares (default: 0.72,0.70,0.65,0.60).")
    List<Double> floors = new ArrayList<>();

    @Option(names = "--objectives", paramLabel = "A,A,...", split = ",", description = "Hourly mean accuracy objectives, shares (default: 0.71,0.69).")
    List<Double> objectives = new ArrayList<>();

    @Option(names = "--issue-lead-hours", paramLabel = "H", description = "A provider forecast interval is taken as issued this long before it starts (default: ${DEFAULT-VALUE}, day-ahead).")
    int issueLeadHours = 24;

    @Option(names = "--policy", paramLabel = "NAME", description = "Placement policy of every request; green serves the greenest variant allowed (default: ${DEFAULT-VALUE}).")
    String policy = "green";

    @Option(names = "--out", paramLabel = "DIR", description = "Where the CSV and HTML go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("report");

    @Override
    public Integer call() throws Exception {
        try (ScratchDirectory dir = ScratchDirectory.create("carbonedge-variants")) {
            VariantExperiment.Options options = options(dir.path());
            ShiftGrid grid;
            try {
                grid = VariantExperiment.grid(options);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            VariantExperiment.run(options, grid, System.out);
        }
        return 0;
    }

    /** The checked options, or a {@link UsageException} naming what is wrong. */
    VariantExperiment.Options options(Path dataDir) {
        Instant start = TimeArguments.utc("--from", from);
        if (!start.truncatedTo(ChronoUnit.HOURS).equals(start)) {
            throw new UsageException("--from must be a whole UTC hour, e.g. 2023-11-20T00:00:00Z");
        }
        if (hours < 1 || hours > 720) {
            throw new UsageException("--hours must be 1 to 720, was " + hours);
        }
        if (!(hourSeconds >= 1 && hourSeconds <= 3600)) {
            throw new UsageException("--hour-seconds must be 1 to 3600 (the router's objective window is at least 1 s), was "
                    + hourSeconds);
        }
        if (perHour < 1 || perHour > 120) {
            throw new UsageException("--per-hour must be 1 to 120, was " + perHour);
        }
        if (issueLeadHours < 0 || issueLeadHours > 48) {
            throw new UsageException("--issue-lead-hours must be 0 to 48, was " + issueLeadHours);
        }
        Map<String, List<String>> sets = new LinkedHashMap<>();
        for (String name : devices.isEmpty() ? List.of("paper", "edge") : devices) {
            String key = name == null ? "" : name.strip();
            if (!DEVICE_SETS.containsKey(key)) {
                throw new UsageException("unknown device set '" + key + "'; known: paper, edge");
            }
            if (sets.put(key, DEVICE_SETS.get(key)) != null) {
                throw new UsageException("device set '" + key + "' given twice");
            }
        }
        double best = VariantExperiment.models().stream().map(VariantExperiment::publishedAccuracy)
                .mapToDouble(Double::doubleValue).max().orElseThrow();
        List<Double> f = shares("--floors", floors.isEmpty() ? List.of(0.72, 0.70, 0.65, 0.60) : floors, best);
        List<Double> o = shares("--objectives", objectives.isEmpty() ? List.of(0.71, 0.69) : objectives, best);
        try {
            Policy.parse(policy);
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown --policy '" + policy + "': " + e.getMessage());
        }
        return new VariantExperiment.Options(dataDir,
                data != null ? data : Path.of("../shared/data/grid/neso/GB_national_2023_halfhourly.csv"), zone, start,
                start.plus(Duration.ofHours(hours)), perHour, Duration.ofMillis(Math.round(hourSeconds * 1000)),
                Duration.ofHours(issueLeadHours), policy, sets, f, o, out);
    }

    /** {@code values} checked: shares in [0, 1], none twice, none above what the family's best variant delivers. */
    private static List<Double> shares(String option, List<Double> values, double best) {
        for (Double v : values) {
            if (v == null || !(v >= 0 && v <= 1)) {
                throw new UsageException(option + " must be shares in [0, 1] (0.70 for 70%), were " + values);
            }
            if (v > best + 1e-9) {
                throw new UsageException(option + ": no variant of the family reaches " + v + " (the best: " + best + ")");
            }
        }
        if (new LinkedHashSet<>(values).size() != values.size()) {
            throw new UsageException(option + " has a value twice: " + values);
        }
        return List.copyOf(values);
    }
}
