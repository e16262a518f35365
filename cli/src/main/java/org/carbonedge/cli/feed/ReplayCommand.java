package org.carbonedge.cli.feed;

import org.carbonedge.cli.io.StopOnSignal;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.metrics.FeedMetrics;
import org.carbonedge.cli.metrics.MetricsOptions;
import org.carbonedge.cli.UsageException;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.LoadedFeed;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.feed.kafka.TopicTimeLimits;
import org.carbonedge.feed.replay.IntensitySink;
import org.carbonedge.feed.replay.ReplayClock;
import org.carbonedge.feed.replay.ReplayEngine;
import org.carbonedge.feed.replay.ReplayListener;
import org.carbonedge.feed.replay.ReplayOptions;
import org.carbonedge.feed.replay.ReplayResult;
import org.carbonedge.feed.replay.ReplaySpeed;
import org.carbonedge.feed.replay.ZoneAliases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge replay FILE...}: reads historical grid-intensity files, applies the data-quality rules, and
 * publishes the records to {@code carbonedge.grid-intensity} in event-time order, at a chosen speed, optionally
 * rebased to now, under zone aliases, looped and resumable. With {@code --dry-run} nothing is published.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay historical grid-intensity files into carbonedge.grid-intensity (key zone, event time validFrom).",
                "Formats: Electricity Maps CSV/JSON, UK Carbon Intensity (NESO) CSV/JSON, WattTime v3 JSON, Carbon Aware SDK JSON, generic CSV.",
                "Rejected rows, gaps and notes are reported on stderr; the result line goes to stdout."})
public final class ReplayCommand implements Callable<Integer> {
    private static final int CHECKPOINT_EVERY_RECORDS = 10_000;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    ReaderOptions reader;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to replay, in any order; they may overlap.")
    List<Path> files;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the window, ISO-8601 UTC (e.g. 2023-06-01T00:00:00Z), inclusive.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the window, ISO-8601 UTC, exclusive.")
    String to;

    @Option(names = "--speed", paramLabel = "FACTOR|max", defaultValue = "max",
            description = "Grid seconds per wall second: 3600 plays one grid hour per second, 1 is real time; max (default) sends as fast as Kafka takes.")
    String speed;

    @Option(names = "--rebase", description = "Shift event times so the window starts now (default: keep historical event times).")
    boolean rebase;

    @Option(names = "--rebase-to", paramLabel = "TIME", description = "Shift event times so the window starts at TIME (ISO-8601 UTC).")
    String rebaseTo;

    @Option(names = "--zone-alias", paramLabel = "ALIAS=ZONE",
            description = "Also publish ZONE's records as zone ALIAS, e.g. edge-berlin=DE (repeatable).")
    List<String> zoneAliases = new ArrayList<>();

    @Option(names = "--aliases-only", description = "Publish only under the aliases, not under the source zones.")
    boolean aliasesOnly;

    @Option(names = "--loop", description = "Replay the window forever, each pass shifted by the window length.")
    boolean loopForever;

    @Option(names = "--loops", paramLabel = "N", defaultValue = "1", description = "Number of passes (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Checkpoint file: continue where the last run with this file stopped (written after every acknowledged flush).")
    Path resume;

    @Option(names = "--dry-run", description = "Read, check and plan the replay, publish nothing.")
    boolean dryRun;

    @Option(names = "--summary", description = "Print one line per zone: zone=Z rows=N mean=X min=Y max=Z gaps=G rejected=R.")
    boolean summary;

    @Override
    public Integer call() {
        ReplayOptions options = replayOptions();
        FeedLoader loader = new FeedLoader(reader.loadOptions());
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException(file + (Files.exists(file) ? ": not a regular file" : ": no such file"));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedFeed feed = loader.load(files);
        FeedReport.print(feed, err);
        if (summary) {
            feed.summaryLines().forEach(out::println);
            out.flush();
        }
        if (dryRun) {
            dryRun(feed, options, err);
            return 0;
        }
        ClientSettings settings = connection.settings();
        ReplayEngine engine = new ReplayEngine(options, ReplayClock.system());
        ReplayResult result;
        FeedMetrics meter = new FeedMetrics(Clock.systemUTC());
        try (StopOnSignal stop = new StopOnSignal(engine::requestStop, java.time.Duration.ofSeconds(30));
             MetricsOptions.Served endpoint = metrics.serve(meter.registry(), err);
             KafkaIntensitySink sink = KafkaIntensitySink.open(settings, "carbonedge-replay",
                     options.speed().isMax() ? ProducerTuning.BULK : ProducerTuning.LOW_LATENCY)) {
            TopicTimeLimits.describe(settings, Duration.ofSeconds(5)).ifPresent(limits ->
                    EventTimeCheck.warnings(limits, options, feed.series(), Instant.now()).forEach(err::println));
            err.flush();
            result = engine.run(feed.series(), meter.meter(sink), TerminalProgress.onTerminal(err));
        }
        out.println(resultLine(result));
        out.flush();
        if (result.stopped()) {
            err.println("stopped early" + (resume != null ? "; run again with --resume " + resume + " to continue" : ""));
        } else if (result.emitted() == 0 && resume != null) {
            err.println("nothing sent: " + resume + " says this replay is complete; delete it to replay again");
        }
        err.flush();
        return 0;
    }

    private ReplayOptions replayOptions() {
        if (rebase && rebaseTo != null) {
            throw new UsageException("give --rebase or --rebase-to, not both");
        }
        if (loopForever && loops != 1) {
            throw new UsageException("give --loop (forever) or --loops N, not both");
        }
        if (loops < 1) {
            throw new UsageException("invalid value for option '--loops': " + loops + " (use --loop to loop forever)");
        }
        ZoneAliases aliases = ReaderOptions.usage(() -> ZoneAliases.parse(zoneAliases));
        if (aliasesOnly && aliases.isEmpty()) {
            throw new UsageException("--aliases-only needs at least one --zone-alias");
        }
        ReplayOptions.Builder b = ReplayOptions.builder()
                .window(TimeArguments.utc("--from", from), TimeArguments.utc("--to", to))
                .speed(ReaderOptions.usage(() -> ReplaySpeed.parse(speed)))
                .aliases(aliases)
                .aliasesOnly(aliasesOnly)
                .loops(loopForever ? 0 : loops);
        if (rebase) {
            b.rebaseToNow();
        } else if (rebaseTo != null) {
            b.rebaseTo(TimeArguments.utc("--rebase-to", rebaseTo));
        }
        if (resume != null) {
            b.checkpoint(resume, CHECKPOINT_EVERY_RECORDS);
        }
        return ReaderOptions.usage(b::build);
    }

    /** Plans the replay against a counting sink: checks window and aliases and counts what one pass would send. */
    private static void dryRun(LoadedFeed feed, ReplayOptions options, PrintWriter err) {
        ReplayOptions onePass = new ReplayOptions(options.from(), options.to(), ReplaySpeed.MAX, options.timeBase(),
                options.rebaseStart(), options.aliases(), options.aliasesOnly(), 1, null, options.checkpointEvery(),
                options.progressInterval(), options.progressEveryRecords());
        IntensitySink counting = new IntensitySink() {
            @Override
            public void accept(GridIntensity record) {
            }

            @Override
            public void flush() {
            }
        };
        ReplayResult r = new ReplayEngine(onePass, ReplayClock.system()).run(feed.series(), counting, ReplayListener.NONE);
        err.println("dry-run: would publish " + r.emitted() + " records per pass to " + r.perZone().size()
                + " zone(s) " + new java.util.TreeMap<>(r.perZone()).keySet() + ", event times " + r.firstPublishedFrom() + " .. "
                + r.lastPublishedFrom() + (options.loops() == 0 ? ", looping forever" : options.loops() > 1
                ? ", " + options.loops() + " passes" : "") + "; nothing was published");
        err.flush();
    }

    static String resultLine(ReplayResult r) {
        return String.format(Locale.ROOT, "replayed records=%d zones=%d loops=%d skipped=%d seconds=%.2f records_per_s=%.0f"
                        + " first=%s last=%s", r.emitted(), r.perZone().size(), r.loopsCompleted(), r.skippedOnResume(),
                r.wallDuration().toNanos() / 1e9, r.emitted() / Math.max(1e-3, r.wallDuration().toNanos() / 1e9),
                r.firstPublishedFrom(), r.lastPublishedFrom());
    }
}
