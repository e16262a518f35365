package org.carbonedge.cli.feed;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.io.RunUntilStopped;
import org.carbonedge.cli.UsageException;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.core.forecast.SeasonalForecaster;
import org.carbonedge.feed.forecast.ForecasterService;
import org.carbonedge.feed.forecast.ZoneForecastIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge feed forecaster}: runs the built-in forecaster ({@link ForecasterService}) until stopped, so zones
 * whose feed brings no forecast get one every hour on {@code carbonedge.grid-intensity}.
 */
@Command(name = "forecaster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the built-in forecaster (carbonedge-seasonal) as a service: follow carbonedge.grid-intensity"
                + " and publish, every hour of data, a 48 h forecast per zone as FORECAST records (publishedAt = issue"
                + " time), from only what was measured before.",
                "Zones whose provider publishes forecasts (NESO, the Carbon Aware SDK) are left to it. Runs until Ctrl-C."})
public final class FeedForecasterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--max-zones", paramLabel = "N", defaultValue = "1000",
            description = "Zones followed at most; later ones are ignored (default: ${DEFAULT-VALUE}).")
    int maxZones;

    @Override
    public Integer call() throws Exception {
        if (maxZones < 1 || maxZones > 100_000) {
            throw new UsageException("invalid value for option '--max-zones': " + maxZones + " (1-100000)");
        }
        ClientSettings settings = connection.settings();
        ForecasterService service = new ForecasterService(settings, settings.catalog(),
                ZoneForecastIssuer.hourly(new SeasonalForecaster(), maxZones), Duration.ofSeconds(30));
        RunUntilStopped.run(service, () -> "forecaster=" + SeasonalForecaster.SOURCE + " topic=carbonedge.grid-intensity",
                spec.commandLine().getOut());
        return 0;
    }
}
