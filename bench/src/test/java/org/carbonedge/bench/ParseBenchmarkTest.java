package org.carbonedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;

/** ParseBenchmark skips in one line without the shared data, and measures rows per second with it. */
class ParseBenchmarkTest {

    @Test
    void withoutTheDataATrialIsSkippedSayingWhereItLooked(@TempDir Path empty) {
        ParseBenchmark benchmark = new ParseBenchmark();
        benchmark.data = empty.resolve("absent").toString();
        assertThatThrownBy(benchmark::setUp).isInstanceOf(Skip.class)
                .hasMessageContaining("the shared grid data is absent, skipped: " + empty.resolve("absent"))
                .hasMessageContaining("no such directory")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        benchmark.data = empty.toString();
        assertThatThrownBy(benchmark::setUp).isInstanceOf(Skip.class).hasMessageContaining("no *_2023_hourly.csv files");
    }

    @Test
    void throughTheRunnerTheSkipIsTheOneLineReason(@TempDir Path empty) {
        assertThatThrownBy(() -> new Runner(new JmhSettings(0, 50, 1, 50, 0, false).options(ParseBenchmark.class, "parse")
                .param("data", empty.resolve("absent").toString()).build()).run())
                .isInstanceOf(RunnerException.class)
                .satisfies(e -> assertThat(JmhSettings.why((RunnerException) e))
                        .startsWith("the shared grid data is absent, skipped: " + empty.resolve("absent")));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTinyRunCountsTheRowsOfEveryFile() throws Exception {
        Path dir = GridFiles.directory(null);
        assumeTrue(Files.isDirectory(dir), "shared data not found at " + dir
                + "; set -Dcarbonedge.shared.data=/path/to/shared/data to run this test");
        Collection<RunResult> results = new Runner(new JmhSettings(1, 50, 1, 100, 0, false)
                .options(ParseBenchmark.class, "parse").param("data", dir.toString()).build()).run();

        RunResult run = results.iterator().next();
        Result<?> rows = run.getSecondaryResults().get("rows");
        assertThat(rows.getScore()).isPositive();
        assertThat(rows.getScore() / run.getPrimaryResult().getScore()).isCloseTo(87_600, org.assertj.core.data.Offset.offset(1.0));
    }
}
