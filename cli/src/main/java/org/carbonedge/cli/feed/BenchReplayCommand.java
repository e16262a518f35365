package org.carbonedge.cli.feed;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.UsageException;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.LoadedFeed;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.read.IntensityFormat;
import org.carbonedge.feed.read.ReadResult;
import org.carbonedge.feed.replay.ReplayClock;
import org.carbonedge.feed.replay.ReplayEngine;
import org.carbonedge.feed.replay.ReplayListener;
import org.carbonedge.feed.replay.ReplayOptions;
import org.carbonedge.feed.replay.ReplayResult;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.carbonedge.cli.io.ScratchDirectory;

/**
 * {@code carbonedge bench replay}: a full year of the ten 2023 Electricity Maps zones (87,600 records) parsed and
 * replayed at max speed into Kafka, timed to the last acknowledgement. Prints where the time goes (parsing cold
 * and warm, normalising, Avro serialisation, producing) and ends with
 * {@code bench=replay records=N records_per_s=X parse_rows_per_s=Y}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a year of ten zones (87,600 records) into Kafka at max speed; print records/s and parse rows/s.",
                "Starts an embedded broker and registry in a temporary directory unless --bootstrap is given."})
public final class BenchReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data/grid/electricitymaps",
            description = "Directory of Electricity Maps hourly CSV files (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--parse-rounds", paramLabel = "N", defaultValue = "5",
            description = "Timed parse rounds after one warm-up round; the median is reported (default: ${DEFAULT-VALUE}).")
    int parseRounds;

    @Override
    public Integer call() throws Exception {
        if (parseRounds < 1) {
            throw new UsageException("invalid value for option '--parse-rounds': " + parseRounds);
        }
        List<Path> files = csvFiles(data);
        PrintWriter out = spec.commandLine().getOut();
        FeedLoader loader = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE).withFormat(IntensityFormat.ELECTRICITY_MAPS_CSV));

        ParseFigures parse = parse(loader, files);
        long t0 = System.nanoTime();
        LoadedFeed feed = loader.assemble(parse.results);
        double normaliseMs = (System.nanoTime() - t0) / 1e6;
        out.printf(Locale.ROOT, "parse: files=%d rows=%d cold_rows_per_s=%.0f warm_rows_per_s=%.0f (median of %d after"
                + " one warm-up round)%n", files.size(), parse.rows, parse.coldRowsPerSecond, parse.warmRowsPerSecond, parseRounds);
        out.printf(Locale.ROOT, "normalise: records=%d ms=%.1f (sort, duplicate and gap checks)%n", feed.recordCount(), normaliseMs);
        out.flush();

        boolean external = spec.commandLine().getParseResult().hasMatchedOption("--bootstrap");
        ScratchDirectory tempDir = external ? null : ScratchDirectory.create("carbonedge-bench-replay");
        EmbeddedPlatform platform = null;
        try {
            ClientSettings settings;
            if (external) {
                settings = connection.settings();
                out.println("broker: " + settings.bootstrapServers() + " (given)");
            } else {
                platform = EmbeddedPlatform.start(tempDir.path(), 0, 0);
                settings = platform.settings();
                out.println("broker: embedded " + settings.bootstrapServers() + " ready_ms=" + platform.startDuration().toMillis());
            }
            out.flush();
            ReplayResult result = replay(settings, feed, out, !external);
            out.printf(Locale.ROOT, "bench=replay records=%d records_per_s=%.0f parse_rows_per_s=%.0f%n", result.emitted(),
                    result.emitted() / (result.wallDuration().toNanos() / 1e9), parse.warmRowsPerSecond);
            out.flush();
            return 0;
        } finally {
            if (platform != null) {
                platform.close();
            }
            if (tempDir != null) {
                tempDir.close();
            }
        }
    }

    private ReplayResult replay(ClientSettings settings, LoadedFeed feed, PrintWriter out, boolean exclusiveBroker)
            throws Exception {
        List<GridIntensity> all = new ArrayList<>();
        feed.series().values().forEach(all::addAll);
        Serializer<GridIntensity> serializer = settings.catalog().topic(Topics.GRID_INTENSITY).valueSerde().serializer();
        serializeAll(serializer, all);
        long s0 = System.nanoTime();
        long bytes = serializeAll(serializer, all);
        double serializeNs = (double) (System.nanoTime() - s0) / all.size();
        out.printf(Locale.ROOT, "serialize: ns_per_record=%.0f avg_bytes=%.1f (catalog Avro serializer, warm)%n",
                serializeNs, (double) bytes / all.size());
        out.flush();

        long before = endOffset(settings);
        ReplayResult first = timedReplay(settings, feed, out, "replay");
        long delivered = endOffset(settings) - before;
        if (exclusiveBroker && delivered != first.emitted()) {
            throw new IllegalStateException("bench replay lost records: emitted " + first.emitted() + ", delivered " + delivered);
        }
        out.println("delivered: " + delivered + " records on " + Topics.GRID_INTENSITY.name());
        if (exclusiveBroker) {
            // the same year again into the throw-away broker: the steady state once the JIT has compiled the send path
            timedReplay(settings, feed, out, "replay_again");
        }
        out.flush();
        return first;
    }

    /** One max-speed replay of {@code feed}, timed from the first send to the last acknowledgement. */
    private static ReplayResult timedReplay(ClientSettings settings, LoadedFeed feed, PrintWriter out, String label) {
        ProducerTuning tuning = ProducerTuning.BULK;
        ReplayResult result;
        TimedSink timed;
        long acknowledged;
        try (KafkaIntensitySink sink = KafkaIntensitySink.open(settings, "carbonedge-bench-replay", tuning)) {
            timed = new TimedSink(sink);
            result = new ReplayEngine(ReplayOptions.builder().build(), ReplayClock.system())
                    .run(feed.series(), timed, ReplayListener.NONE);
            acknowledged = sink.acknowledged();
        }
        if (acknowledged != result.emitted()) {
            throw new IllegalStateException("bench replay: " + result.emitted() + " records sent, " + acknowledged + " acknowledged");
        }
        double seconds = result.wallDuration().toNanos() / 1e9;
        out.printf(Locale.ROOT, "%s: records=%d seconds=%.3f records_per_s=%.0f acknowledged=%d send_s=%.3f ack_wait_s=%.3f"
                        + " engine_s=%.3f producer %s%n", label, result.emitted(), seconds, result.emitted() / seconds,
                acknowledged, timed.acceptSeconds(), timed.flushSeconds(),
                Math.max(0, seconds - timed.acceptSeconds() - timed.flushSeconds()), tuning);
        out.flush();
        return result;
    }

    private static long endOffset(ClientSettings settings) throws java.util.concurrent.ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(settings.admin())) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.GRID_INTENSITY.name())).allTopicNames().get()
                    .get(Topics.GRID_INTENSITY.name()).partitions().stream()
                    .map(p -> new TopicPartition(Topics.GRID_INTENSITY.name(), p.partition())).collect(Collectors.toList());
            Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
        }
    }

    private static long serializeAll(Serializer<GridIntensity> serializer, List<GridIntensity> records) {
        long bytes = 0;
        String topic = Topics.GRID_INTENSITY.name();
        for (GridIntensity r : records) {
            bytes += serializer.serialize(topic, r).length;
        }
        return bytes;
    }

    /** Parse-only figures: one cold round (what a one-shot replay sees), then warm rounds after JIT compilation. */
    private ParseFigures parse(FeedLoader loader, List<Path> files) {
        long t0 = System.nanoTime();
        List<ReadResult> results = loader.readAll(files);
        double coldSeconds = (System.nanoTime() - t0) / 1e9;
        long rows = results.stream().mapToLong(ReadResult::rowsRead).sum();
        double[] warm = new double[parseRounds];
        for (int i = 0; i < parseRounds; i++) {
            long start = System.nanoTime();
            results = loader.readAll(files);
            warm[i] = rows / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(warm);
        return new ParseFigures(results, rows, rows / coldSeconds, warm[warm.length / 2]);
    }

    private record ParseFigures(List<ReadResult> results, long rows, double coldRowsPerSecond, double warmRowsPerSecond) {
    }

    private static List<Path> csvFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--data " + dir + ": no such directory (the ten *_2023_hourly.csv Electricity Maps"
                    + " files; default ../shared/data/grid/electricitymaps, relative to the repository root)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().collect(Collectors.toList());
            if (files.isEmpty()) {
                throw new UsageException("--data " + dir + ": no .csv files");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

}
