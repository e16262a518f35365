package org.carbonedge.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import org.carbonedge.cli.io.RunUntilStopped;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.ingest.telemetry.TelemetryRollup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge rollup}: the telemetry rollup (Kafka Streams) that turns executor heartbeats on
 * {@code carbonedge.telemetry} into the device states the router plans with, until Ctrl-C / SIGTERM. Several
 * instances share the work.
 */
@Command(name = "rollup", mixinStandardHelpOptions = true,
        description = "Run the telemetry rollup: carbonedge.telemetry -> carbonedge.device-state (UP, DRAINING, DOWN after missed heartbeats).")
public final class RollupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "State stores (default: ${DEFAULT-VALUE}).")
    Path stateDir = Path.of(".carbonedge", "rollup");

    @Override
    public Integer call() throws Exception {
        ClientSettings settings = connection.settings();
        TelemetryRollup rollup = new TelemetryRollup(settings, settings.catalog(),
                TelemetryRollup.DEFAULT_HEARTBEAT_INTERVAL, TelemetryRollup.DEFAULT_MISSED_HEARTBEATS, stateDir,
                Clock.systemUTC());
        RunUntilStopped.run(rollup, () -> "rollup=" + rollup.name() + " state_dir=" + stateDir.toAbsolutePath(),
                spec.commandLine().getOut());
        return 0;
    }
}
