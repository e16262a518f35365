package org.carbonedge.cli.feed;

import picocli.CommandLine.Command;

/**
 * {@code carbonedge feed}: grid-intensity sources that run as a service (live APIs, the built-in demo feed), and the
 * built-in forecaster ({@code feed forecast}, {@code --evaluate} to score it on files), and the Carbon Aware SDK Web
 * API over what the topic holds ({@code feed serve-sdk-api}).
 */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Publish grid intensity to carbonedge.grid-intensity from live APIs or the built-in demo profiles;"
                + " forecast it (and score the forecaster) from files; serve it through the Carbon Aware SDK Web API.",
        subcommands = {FeedLiveCommand.class, FeedDemoCommand.class, FeedForecastCommand.class,
                FeedForecasterCommand.class, FeedServeSdkApiCommand.class})
public final class FeedCommand {
}
