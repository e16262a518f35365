package org.carbonedge.cli.feed;

import picocli.CommandLine.Command;

/** {@code carbonedge feed}: grid-intensity sources that run as a service (live APIs, the built-in demo feed). */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Publish grid intensity to carbonedge.grid-intensity from live APIs or the built-in demo profiles.",
        subcommands = {FeedLiveCommand.class, FeedDemoCommand.class})
public final class FeedCommand {
}
