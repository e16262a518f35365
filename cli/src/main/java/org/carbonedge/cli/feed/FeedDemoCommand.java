package org.carbonedge.cli.feed;

import org.carbonedge.cli.io.StopOnSignal;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.UsageException;
import org.carbonedge.cli.metrics.FeedMetrics;
import org.carbonedge.cli.metrics.MetricsOptions;
import org.carbonedge.feed.demo.DemoFeed;
import org.carbonedge.feed.demo.DemoProfiles;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.feed.replay.ReplayClock;
import org.carbonedge.feed.replay.ReplayEngine;
import org.carbonedge.feed.replay.ReplayOptions;
import org.carbonedge.feed.replay.ReplayResult;
import org.carbonedge.feed.replay.ReplaySpeed;
import org.carbonedge.feed.replay.ZoneAliases;
import org.carbonedge.pipeline.RealTimeDemoFeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge feed demo}: publishes the built-in typical-day profiles (six contrasting zones, computed from
 * Electricity Maps 2023 data; records are ESTIMATED) either for a time range or continuously in real time, for
 * setups without files or API access.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish the built-in demo intensity profiles (FR, DE, GB, IN-WE, NO, US-CAL-CISO; hourly, kind ESTIMATED).",
                "With --from and --to: that range, then exit. Without: every hour in real time until stopped."})
public final class FeedDemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--zones", paramLabel = "ZONE", split = ",", description = "Zones to publish (default: all demo zones).")
    List<String> zones;

    @Option(names = "--zone-alias", paramLabel = "ALIAS=ZONE", description = "Also publish ZONE as ALIAS, e.g. edge-berlin=DE (repeatable).")
    List<String> zoneAliases = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME", description = "Range mode: first hour, ISO-8601 UTC.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Range mode: end, ISO-8601 UTC, exclusive.")
    String to;

    @Option(names = "--speed", paramLabel = "FACTOR|max", defaultValue = "max",
            description = "Range mode: grid seconds per wall second (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--rebase", description = "Range mode: shift event times so the range starts now.")
    boolean rebase;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "0",
            description = "Real-time mode: stop after N hours were published (default 0: run until stopped).")
    long hours;

    @Override
    public Integer call() {
        List<String> chosen = zones == null || zones.isEmpty() ? new ArrayList<>(DemoProfiles.zones()) : zones;
        ZoneAliases aliases = ReaderOptions.usage(() -> ZoneAliases.parse(zoneAliases));
        if ((from == null) != (to == null)) {
            throw new UsageException("range mode needs both --from and --to");
        }
        if (hours < 0) {
            throw new UsageException("invalid value for option '--hours': " + hours);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (from != null) {
            ReplayResult r = range(chosen, aliases);
            out.println(ReplayCommand.resultLine(r));
        } else {
            out.println("demo records=" + realTime(chosen, aliases));
        }
        out.flush();
        return 0;
    }

    private ReplayResult range(List<String> chosen, ZoneAliases aliases) {
        Instant start = TimeArguments.utc("--from", from);
        Instant end = TimeArguments.utc("--to", to);
        Map<String, List<GridIntensity>> series = ReaderOptions.usage(() -> DemoFeed.series(chosen, start, end));
        ReplayOptions.Builder b = ReplayOptions.builder().speed(ReaderOptions.usage(() -> ReplaySpeed.parse(speed)))
                .aliases(aliases);
        if (rebase) {
            b.rebaseToNow();
        }
        ReplayOptions options = ReaderOptions.usage(b::build);
        ReplayEngine engine = new ReplayEngine(options, ReplayClock.system());
        FeedMetrics meter = new FeedMetrics(Clock.systemUTC());
        try (StopOnSignal stop = new StopOnSignal(engine::requestStop, java.time.Duration.ofSeconds(30));
             MetricsOptions.Served endpoint = metrics.serve(meter.registry(), spec.commandLine().getErr());
             KafkaIntensitySink sink = KafkaIntensitySink.open(connection.settings(), "carbonedge-feed-demo",
                     options.speed().isMax() ? ProducerTuning.BULK : ProducerTuning.LOW_LATENCY)) {
            return engine.run(series, meter.meter(sink), TerminalProgress.onTerminal(spec.commandLine().getErr()));
        }
    }

    private long realTime(List<String> chosen, ZoneAliases aliases) {
        if (rebase || !speed.equals("max")) {
            throw new UsageException("--speed and --rebase apply to range mode (--from, --to) only");
        }
        PrintWriter err = spec.commandLine().getErr();
        FeedMetrics meter = new FeedMetrics(Clock.systemUTC());
        try (MetricsOptions.Served endpoint = metrics.serve(meter.registry(), err);
             KafkaIntensitySink sink = KafkaIntensitySink.open(connection.settings(), "carbonedge-feed-demo",
                ProducerTuning.LOW_LATENCY)) {
            RealTimeDemoFeed feed = ReaderOptions.usage(() -> new RealTimeDemoFeed(chosen, aliases, meter.meter(sink),
                    ReplayClock.system()));
            err.println("demo feed: zones " + String.join(",", chosen) + (aliases.isEmpty() ? "" : " aliases " + aliases)
                    + ", one record per zone and hour, published " + EventTimeCheck.human(RealTimeDemoFeed.LEAD)
                    + " before the hour" + (hours == 0 ? "; Ctrl-C stops" : ""));
            err.flush();
            try (StopOnSignal stop = new StopOnSignal(feed::requestStop, java.time.Duration.ofSeconds(30))) {
                return feed.run(hours);
            }
        }
    }
}
