package org.carbonedge.feed.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.LoadedFeed;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.read.IntensityFormat;
import org.carbonedge.feed.read.ElectricityMapsCsvReader;
import org.carbonedge.feed.read.ReadResult;

/**
 * Measures how fast the Electricity Maps reader parses the ten 2023 hourly files (87,600 rows), the parse half of
 * {@code ./carbonedge bench replay} (target: at least 500,000 rows/s on a 2-core machine). Not a test: run
 * {@code java -cp ... org.carbonedge.feed.bench.ParseBench [dir] [rounds]}. It reports the first (cold) round and
 * the best and median of the later rounds of parsing, then the same for a full {@code FeedLoader.load} (parse,
 * sorting, duplicate and gap checks), and ends with
 * {@code bench=parse rows=N rows_per_s=X} (median single-threaded parse).
 */
public final class ParseBench {
    private ParseBench() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Paths.get(args[0]) : defaultDir();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith("_2023_hourly.csv")).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
            System.err.println("no *_2023_hourly.csv files in " + dir);
            System.exit(2);
        }
        try {
            long initStart = System.nanoTime();
            new org.carbonedge.avro.GridIntensity(); // one-time Avro schema set-up, not parsing: timed apart
            System.out.printf(Locale.ROOT, "avro_class_init_ms=%.0f%n", (System.nanoTime() - initStart) / 1e6);
            double[] rates = new double[rounds];
            long rows = 0;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                long roundRows = 0;
                for (Path file : files) {
                    ReadResult result = new ElectricityMapsCsvReader().read(file);
                    roundRows += result.records().size();
                }
                long nanos = System.nanoTime() - start;
                rates[round] = roundRows / (nanos / 1e9);
                rows = roundRows;
            }
            double[] loadRates = new double[rounds];
            FeedLoader loader = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)
                    .withFormat(IntensityFormat.ELECTRICITY_MAPS_CSV));
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                LoadedFeed feed = loader.load(files);
                loadRates[round] = feed.recordCount() / ((System.nanoTime() - start) / 1e9);
            }
            double[] warm = warm(rates);
            double[] warmLoad = warm(loadRates);
            System.out.printf(Locale.ROOT, "parse: files=%d rows=%d rounds=%d first_round_rows_per_s=%.0f"
                    + " median_rows_per_s=%.0f best_rows_per_s=%.0f%n", files.size(), rows, rounds, rates[0],
                    warm[warm.length / 2], warm[warm.length - 1]);
            System.out.printf(Locale.ROOT, "load (parse + sorting, duplicate and gap checks): median_rows_per_s=%.0f"
                    + " best_rows_per_s=%.0f%n", warmLoad[warmLoad.length / 2], warmLoad[warmLoad.length - 1]);
            System.out.printf(Locale.ROOT, "bench=parse rows=%d rows_per_s=%.0f%n", rows, warm[warm.length / 2]);
        } catch (FeedException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    private static double[] warm(double[] rates) {
        double[] warm = Arrays.copyOfRange(rates, Math.min(1, rates.length - 1), rates.length);
        Arrays.sort(warm);
        return warm;
    }

    private static Path defaultDir() {
        for (String candidate : new String[] {"../shared/data/grid/electricitymaps",
                "../../shared/data/grid/electricitymaps"}) {
            Path p = Paths.get(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return Paths.get("../shared/data/grid/electricitymaps");
    }
}
