package org.carbonedge.cli.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.carbonedge.cli.BindAddress;
import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.Ports;
import org.carbonedge.cli.UsageException;
import org.carbonedge.cli.io.RunUntilStopped;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.http.HttpListenerSettings;
import org.carbonedge.feed.sdkapi.IntensityStore;
import org.carbonedge.feed.sdkapi.SdkApiService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge feed serve-sdk-api}: serves what {@code carbonedge.grid-intensity} holds (measured, estimated and
 * forecast; live or replayed) through the GSF Carbon Aware SDK Web API's read endpoints, so the SDK's generated
 * clients and tools built on them (the Kubernetes carbon-intensity exporter) can use CarbonEdge's feeds. Prints
 * {@code sdk-api=URL}, then runs until Ctrl-C / SIGTERM.
 */
@Command(name = "serve-sdk-api", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve carbonedge.grid-intensity through the Carbon Aware SDK Web API's read endpoints:",
                "GET /emissions/bylocation, /emissions/bylocations, /emissions/bylocations/best,"
                        + " /emissions/forecasts/current, /emissions/average-carbon-intensity.",
                "Locations are grid zones (e.g. DE, GB). Prints sdk-api=URL, then runs until Ctrl-C."})
public final class FeedServeSdkApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8095",
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = HttpListenerSettings.LOOPBACK,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; e.g. 0.0.0.0 in a container). The API has no authentication.")
    String bind;

    @Option(names = "--max-zones", paramLabel = "N", defaultValue = "1000",
            description = "Zones kept in memory; the zone written least recently is dropped first (default: ${DEFAULT-VALUE}).")
    int maxZones;

    @Option(names = "--max-points", paramLabel = "N", defaultValue = "20000",
            description = "Measured points kept per zone, and points per forecast run; the oldest go first (default: ${DEFAULT-VALUE}).")
    int maxPoints;

    @Override
    public Integer call() throws Exception {
        Ports.check("--port", port);
        BindAddress.check("--bind", bind);
        if (maxZones < 1 || maxZones > 100_000) {
            throw new UsageException("invalid value for option '--max-zones': " + maxZones + " (1-100000)");
        }
        if (maxPoints < 1 || maxPoints > 1_000_000) {
            throw new UsageException("invalid value for option '--max-points': " + maxPoints + " (1-1000000)");
        }
        ClientSettings settings = connection.settings();
        SdkApiService service = new SdkApiService(settings, settings.catalog(),
                HttpListenerSettings.loopback(port).withHost(bind), new IntensityStore(maxZones, maxPoints, 4),
                Clock.systemUTC(), Duration.ofSeconds(30));
        RunUntilStopped.run(service, () -> "sdk-api=" + service.url(), spec.commandLine().getOut());
        return 0;
    }
}
