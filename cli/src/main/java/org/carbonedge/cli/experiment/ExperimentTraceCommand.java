package org.carbonedge.cli.experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.cli.ExecutorCommand;
import org.carbonedge.cli.UsageException;
import org.carbonedge.cli.feed.TimeArguments;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.carbonedge.cli.io.ScratchDirectory;
import org.carbonedge.lab.experiment.TraceExperiment;

/** {@code carbonedge experiment trace}: policies against a hindsight oracle on real, time-varying grid intensity. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay real grid intensity for devices in different zones, time-compressed, and compare the"
                + " policies' gCO2 with a hindsight oracle and with carbon-agnostic routing.",
                "Prints a table and one 'experiment=trace policy=...' line per policy; writes report/trace-<from>-<to>.csv"
                + " and -hourly.csv."})
public final class ExperimentTraceCommand implements Callable<Integer> {

    /** The paper's profiles, placed in the zones of {@code --devices} in this order. */
    static final List<String> PROFILES = List.of("paper-high", "paper-medium", "paper-green");
    private static final List<String> DEVICE_IDS = List.of("edge-high", "edge-medium", "edge-green");

    @Option(names = "--devices", paramLabel = "ZONE,ZONE,ZONE", split = ",",
            description = "Zones of paper-high (1.0 CPU), paper-medium (0.6) and paper-green (0.4), in that order (default: DE,ES,GB).")
    List<String> zones = new ArrayList<>();

    @Option(names = "--device", paramLabel = "ID:PROFILE:ZONE", description = "An executor (repeatable; instead of --devices).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME", description = "Window start, a whole UTC hour (default: ${DEFAULT-VALUE}).")
    String from = "2023-11-19T00:00:00Z";

    @Option(names = "--to", paramLabel = "TIME", description = "Window end, exclusive (default: ${DEFAULT-VALUE}).")
    String to = "2023-11-21T00:00:00Z";

    @Option(names = "--hour-seconds", paramLabel = "S", description = "Wall seconds per grid hour (default: 2).")
    Double hourSeconds;

    @Option(names = "--speed", paramLabel = "N", description = "Grid seconds per wall second instead, as for replay (1800 = --hour-seconds 2).")
    Double speed;

    @Option(names = "--requests-per-hour", paramLabel = "N", description = "Requests per policy per grid hour (default: ${DEFAULT-VALUE}).")
    int requestsPerHour = 3;

    @Option(names = "--model", paramLabel = "NAME", description = "Built-in model (default: ${DEFAULT-VALUE}).")
    String model = "mobilenetv2";

    @Option(names = "--parts", paramLabel = "K", description = "Partitions of the model (default: ${DEFAULT-VALUE}).")
    int parts = 3;

    @Option(names = "--slo-factor", paramLabel = "X", description = "green-slo's latency objective as a multiple of monolithic p50 (default: ${DEFAULT-VALUE}).")
    double sloFactor = 1.2;

    @Option(names = "--data", paramLabel = "PATH", description = "Intensity files or directories, any format replay reads (repeatable; default: ../shared/data/grid/electricitymaps).")
    List<Path> data = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where CSVs go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("report");

    @Override
    public Integer call() throws Exception {
        try (ScratchDirectory dir = ScratchDirectory.create("carbonedge-trace")) {
            TraceExperiment.Options options = options(dir.path());
            Map<String, List<GridIntensity>> grid;
            try {
                grid = TraceExperiment.grid(options);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            TraceExperiment.run(options, grid, System.out);
        }
        return 0;
    }

    /** The checked options, or a {@link UsageException} naming what is wrong. */
    TraceExperiment.Options options(Path dataDir) {
        Instant start = TimeArguments.utc("--from", from);
        Instant end = TimeArguments.utc("--to", to);
        if (!start.isBefore(end)) {
            throw new UsageException("--from " + start + " must be before --to " + end);
        }
        if (!start.truncatedTo(ChronoUnit.HOURS).equals(start) || !end.truncatedTo(ChronoUnit.HOURS).equals(end)) {
            throw new UsageException("--from and --to must be whole UTC hours, e.g. 2023-11-19T00:00:00Z");
        }
        if (Duration.between(start, end).toDays() > 366) {
            throw new UsageException("the window from --from to --to must be at most 366 days");
        }
        if (!ModelZoo.NAMES.contains(model)) {
            throw new UsageException("unknown model '" + model + "'; built-in: " + String.join(", ", ModelZoo.NAMES));
        }
        if (requestsPerHour < 1 || parts < 1 || parts > 16 || !(sloFactor > 0)) {
            throw new UsageException("--requests-per-hour must be >= 1, --parts 1..16, --slo-factor > 0");
        }
        return new TraceExperiment.Options(dataDir, data.isEmpty() ? List.of(Path.of("../shared/data/grid/electricitymaps")) : data,
                deviceSpecs(), start, end, wallPerGridHour(), requestsPerHour, model, parts, sloFactor, out);
    }

    private Duration wallPerGridHour() {
        if (hourSeconds != null && speed != null) {
            throw new UsageException("give --hour-seconds or --speed, not both");
        }
        double seconds = speed != null ? 3600 / speed : hourSeconds != null ? hourSeconds : 2.0;
        if (speed != null && !(speed > 0 && Double.isFinite(speed)) || !(seconds >= 0.25 && seconds <= 3600)) {
            throw new UsageException("bad speed: a grid hour must take 0.25 to 3600 wall seconds (--hour-seconds 0.25..3600,"
                    + " --speed 1..14400)");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private List<DeviceSpec> deviceSpecs() {
        if (!zones.isEmpty() && !devices.isEmpty()) {
            throw new UsageException("give --devices or --device, not both");
        }
        List<DeviceSpec> specs = new ArrayList<>();
        if (devices.isEmpty()) {
            List<String> chosen = zones.isEmpty() ? List.of("DE", "ES", "GB") : zones;
            if (chosen.size() > PROFILES.size() || chosen.stream().anyMatch(String::isBlank)) {
                throw new UsageException("--devices takes one to three zones (for paper-high, paper-medium, paper-green);"
                        + " use --device ID:PROFILE:ZONE for other setups");
            }
            for (int i = 0; i < chosen.size(); i++) {
                specs.add(new DeviceSpec(DEVICE_IDS.get(i), PROFILES.get(i), chosen.get(i).strip()));
            }
            return specs;
        }
        Set<String> ids = new HashSet<>();
        for (String d : devices) {
            DeviceSpec s;
            try {
                s = DeviceSpec.parse(d);
                Topics.tasks(s.deviceId());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            ExecutorCommand.resolveProfile(s.profile());
            if (!ids.add(s.deviceId())) {
                throw new UsageException("device id '" + s.deviceId() + "' given twice");
            }
            specs.add(s);
        }
        return specs;
    }
}
