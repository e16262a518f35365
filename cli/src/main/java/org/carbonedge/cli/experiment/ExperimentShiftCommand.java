package org.carbonedge.cli.experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.carbonedge.cli.UsageException;
import org.carbonedge.cli.feed.TimeArguments;
import org.carbonedge.cli.io.ScratchDirectory;
import org.carbonedge.core.planning.Policy;
import org.carbonedge.core.scheduling.DeferralConfig;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.lab.experiment.ShiftExperiment;
import org.carbonedge.lab.experiment.ShiftGrid;
import org.carbonedge.pipeline.DeviceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carbonedge experiment shift}: deferrable requests held by the router against run-now, a forecast argmin and an oracle. */
@Command(name = "shift", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay one zone's measured intensity and the forecasts known ahead of it, time-compressed, through"
                + " the pipeline; send deferrable requests with 1, 6 and 24 h deadlines and compare run-now,"
                + " forecast-argmin (client-side) and carbonedge (held by the router) with a hindsight oracle.",
                "Prints a table and one 'experiment=shift zone=... window_h=... policy=...' line per window and policy;"
                + " writes report/shift-<zone>-<from>-<to>.csv and .html."})
public final class ExperimentShiftCommand implements Callable<Integer> {

    static final List<String> PROFILES = ExperimentTraceCommand.PROFILES;
    private static final List<String> DEVICE_IDS = List.of("edge-high", "edge-medium", "edge-green");
    /** How many times {@code --overload} multiplies the arrivals. */
    static final int OVERLOAD_FACTOR = 10;

    @Option(names = "--data", paramLabel = "FILE", description = "Intensity file, any format replay reads (default:"
            + " ../shared/data/grid/neso/GB_national_2023_halfhourly.csv, NESO's GB 2023 with its forecasts).")
    Path data;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Zone in the file (default: its only zone).")
    String zone;

    @Option(names = "--from", paramLabel = "TIME", description = "First arrival, a whole UTC hour (default: ${DEFAULT-VALUE}).")
    String from = "2023-11-20T00:00:00Z";

    @Option(names = "--days", paramLabel = "N", description = "Grid days of arrivals; the replay runs a day longer for the deadlines (default: 3).")
    Double days;

    @Option(names = "--quick", description = "One grid day of arrivals (about 4 wall minutes at the default speed).")
    boolean quick;

    @Option(names = "--hour-seconds", paramLabel = "S", description = "Wall seconds per grid hour, 1 to 3600 (default: ${DEFAULT-VALUE}: a 15-min slot is 1 s).")
    double hourSeconds = 4;

    @Option(names = "--windows", paramLabel = "H,H,...", split = ",", description = "Deadline windows, grid hours (default: 1,6,24).")
    List<Integer> windows = new ArrayList<>();

    @Option(names = "--per-hour", paramLabel = "N", description = "Arrivals per grid hour for each window (default: ${DEFAULT-VALUE}).")
    double perHour = 2;

    @Option(names = "--overload", description = "Ten times the arrivals, to exceed what the green hours can absorb within the router's share of a"
            + " device; with a model of a few ms per inference (mnist-cnn) that share still holds them: use a larger one.")
    boolean overload;

    @Option(names = "--issue-lead-hours", paramLabel = "H", description = "A provider forecast interval is taken as issued this long before it starts (default: ${DEFAULT-VALUE}, day-ahead).")
    int issueLeadHours = 24;

    @Option(names = "--model", paramLabel = "NAME", description = "Built-in model (default: ${DEFAULT-VALUE}).")
    String model = "mnist-cnn";

    @Option(names = "--policy", paramLabel = "NAME", description = "Placement policy of every request (default: ${DEFAULT-VALUE}).")
    String policy = "green";

    @Option(names = "--out", paramLabel = "DIR", description = "Where the CSV and HTML go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("report");

    @Override
    public Integer call() throws Exception {
        try (ScratchDirectory dir = ScratchDirectory.create("carbonedge-shift")) {
            ShiftExperiment.Options options = options(dir.path());
            ShiftGrid grid;
            try {
                grid = ShiftExperiment.grid(options);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            List<DeviceSpec> devices = new ArrayList<>();
            for (int i = 0; i < PROFILES.size(); i++) {
                devices.add(new DeviceSpec(DEVICE_IDS.get(i), PROFILES.get(i), grid.zone()));
            }
            ShiftExperiment.run(options.withDevices(devices), grid, System.out);
        }
        return 0;
    }

    /** The checked options (no devices yet), or a {@link UsageException} naming what is wrong. */
    ShiftExperiment.Options options(Path dataDir) {
        Instant start = TimeArguments.utc("--from", from);
        if (!start.truncatedTo(ChronoUnit.HOURS).equals(start)) {
            throw new UsageException("--from must be a whole UTC hour, e.g. 2023-11-20T00:00:00Z");
        }
        if (days != null && quick) {
            throw new UsageException("give --days or --quick, not both");
        }
        double d = quick ? 1 : days != null ? days : 3;
        if (!(d * 24 >= 1 && d <= 60)) {
            throw new UsageException("--days must be from 1/24 (one grid hour) to 60, was " + d);
        }
        if (!(hourSeconds >= 1 && hourSeconds <= 3600)) {
            throw new UsageException("--hour-seconds must be 1 to 3600 (the router's slot is at least 1 s), was " + hourSeconds);
        }
        List<Integer> w = windows.isEmpty() ? List.of(1, 6, 24) : windows;
        if (w.stream().anyMatch(h -> h == null || h < 1 || h > 48)) {
            throw new UsageException("--windows must be whole grid hours from 1 to 48 (the router holds at most two days), were " + w);
        }
        if (!(perHour > 0 && perHour <= 120)) {
            throw new UsageException("--per-hour must be above 0 and at most 120, was " + perHour);
        }
        if (issueLeadHours < 0 || issueLeadHours > 48) {
            throw new UsageException("--issue-lead-hours must be 0 to 48, was " + issueLeadHours);
        }
        if (!ModelZoo.NAMES.contains(model)) {
            throw new UsageException("unknown model '" + model + "'; built-in: " + String.join(", ", ModelZoo.NAMES));
        }
        try {
            Policy.parse(policy);
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown --policy '" + policy + "': " + e.getMessage());
        }
        Instant end = start.plus(Duration.ofMinutes(Math.round(d * 24 * 60)));
        return new ShiftExperiment.Options(dataDir,
                data != null ? data : Path.of("../shared/data/grid/neso/GB_national_2023_halfhourly.csv"), zone, start,
                end, List.copyOf(w), overload ? perHour * OVERLOAD_FACTOR : perHour,
                Duration.ofMillis(Math.round(hourSeconds * 1000)), Duration.ofHours(issueLeadHours), model, policy,
                List.of(), DeferralConfig.defaults(), out);
    }
}
