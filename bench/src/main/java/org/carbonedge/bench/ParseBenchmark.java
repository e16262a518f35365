package org.carbonedge.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.LoadedFeed;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.read.ElectricityMapsCsvReader;
import org.carbonedge.feed.read.IntensityFormat;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the Electricity Maps reader parses the ten 2023 hourly files of the shared data (87,600 rows), the
 * parse half of {@code ./carbonedge bench replay} (target: at least 500,000 rows/s on one thread of a 2-core
 * machine). One operation reads every file: {@code parse} with {@link ElectricityMapsCsvReader} alone,
 * {@code load} through {@link FeedLoader#load} (parse, then sorting, duplicate and gap checks). Throughput mode:
 * the primary score is file sets per second, the secondary {@code rows} is records per second.
 *
 * <p>Only warm figures: the first, cold round (class loading, Avro's schema set-up, the JIT) is {@code bench replay}'s
 * {@code cold_rows_per_s}. Without the data, every trial fails at once with a one-line {@link Skip} saying where it
 * looked; {@code -p data=DIR} points elsewhere.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class ParseBenchmark {

    /** Directory of the {@code *_2023_hourly.csv} files; empty: the shared data's ({@link GridFiles#directory}). */
    @Param({""})
    public String data;

    private List<Path> files;
    private FeedLoader loader;

    /** Records read, counted per iteration: JMH reports them per second as the secondary result {@code rows}. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rows {
        public long rows;

        @Setup(Level.Iteration)
        public void reset() {
            rows = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        files = GridFiles.in(GridFiles.directory(data));
        loader = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE).withFormat(IntensityFormat.ELECTRICITY_MAPS_CSV));
    }

    /** Every file through the reader alone. */
    @Benchmark
    public long parse(Rows counter) {
        long rows = 0;
        for (Path file : files) {
            rows += new ElectricityMapsCsvReader().read(file).records().size();
        }
        counter.rows += rows;
        return rows;
    }

    /** Every file through the loader: parse, sorting, duplicate and gap checks. */
    @Benchmark
    public LoadedFeed load(Rows counter) {
        LoadedFeed feed = loader.load(files);
        counter.rows += feed.recordCount();
        return feed;
    }
}
