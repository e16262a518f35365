package org.carbonedge.cli.bench;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.carbonedge.bench.GridFiles;
import org.carbonedge.bench.JmhSettings;
import org.carbonedge.bench.ParseBenchmark;
import org.carbonedge.bench.Skip;
import org.carbonedge.cli.UsageException;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code carbonedge bench parse}: warm parsing speed of the Electricity Maps reader over the shared data's ten 2023
 * hourly files, measured by JMH ({@link ParseBenchmark}: the reader alone, and the full {@code FeedLoader.load}).
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Rows/s of the Electricity Maps reader over the ten 2023 files, warm, measured by JMH.",
                "ParseBenchmark over the 87,600 rows of the shared data: the reader alone, and FeedLoader.load (parse,"
                        + " sort, duplicate and gap checks). The cold first round is `bench replay`'s cold_rows_per_s."})
public final class BenchParseCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory of the *_2023_hourly.csv files (default: ../shared/data/grid/electricitymaps,"
                    + " or <carbonedge.shared.data>/grid/electricitymaps when that property is set).")
    String data;

    @Mixin
    JmhIterationOptions jmh = new JmhIterationOptions();

    @Override
    public Integer call() {
        JmhSettings settings = jmh.settings();
        Path dir = GridFiles.directory(data);
        List<Path> files;
        try {
            files = GridFiles.in(dir);
        } catch (Skip e) {
            throw new UsageException(e.getMessage());
        }
        System.err.println("bench parse: JMH throughput, " + settings.describe() + " per benchmark");
        Collection<RunResult> results;
        try {
            results = new Runner(settings.options(ParseBenchmark.class, "parse", "load")
                    .param("data", dir.toString()).build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH run failed: " + JmhSettings.why(e), e);
        }
        Result<?> parseRows = rows(results, "parse");
        Result<?> loadRows = rows(results, "load");
        long rows = Math.round(parseRows.getScore() / primary(results, "parse").getScore());
        System.out.printf(Locale.ROOT, "parse: files=%d rows=%d dir=%s%n", files.size(), rows, dir);
        System.out.printf(Locale.ROOT, "reader alone (ElectricityMapsCsvReader, every file): %.0f rows/s%s%n",
                parseRows.getScore(), error(parseRows));
        System.out.printf(Locale.ROOT, "FeedLoader.load (parse, sort, duplicate and gap checks): %.0f rows/s%s%n",
                loadRows.getScore(), error(loadRows));
        System.out.printf(Locale.ROOT, "bench=parse rows=%d rows_per_s=%.0f load_rows_per_s=%.0f%n", rows,
                parseRows.getScore(), loadRows.getScore());
        return 0;
    }

    /** JMH's 99.9% confidence half-width, when it has one (not from a single iteration). */
    private static String error(Result<?> r) {
        return Double.isFinite(r.getScoreError()) ? String.format(Locale.ROOT, " ± %.0f (99.9%%)", r.getScoreError()) : "";
    }

    private static RunResult result(Collection<RunResult> results, String method) {
        String name = ParseBenchmark.class.getName() + "." + method;
        return results.stream().filter(r -> r.getParams().getBenchmark().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("JMH gave no result for " + name));
    }

    private static Result<?> primary(Collection<RunResult> results, String method) {
        return result(results, method).getPrimaryResult();
    }

    /** The secondary result {@code rows}: records per second. */
    private static Result<?> rows(Collection<RunResult> results, String method) {
        Result<?> rows = result(results, method).getSecondaryResults().get("rows");
        if (rows == null) {
            throw new IllegalStateException("JMH gave no rows counter for " + method);
        }
        return rows;
    }
}
