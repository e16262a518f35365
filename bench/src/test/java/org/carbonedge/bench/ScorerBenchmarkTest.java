package org.carbonedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Smoke test of the JMH wiring: the annotation processor generated ScorerBenchmark's stub and BenchmarkList, and a
 * run through the Runner yields a sample-time result. In this JVM (fork 0: Surefire's booter jar is no classpath a
 * fork could use), one configuration, about 150 ms of benchmarking.
 */
class ScorerBenchmarkTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aTinyRunThroughTheRunnerMeasuresDecisions() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("^" + ScorerBenchmark.class.getName().replace(".", "\\.") + "\\.decide$")
                .param("devices", "3").param("setup", "paper").param("impl", "carbonedge")
                .warmupIterations(1).warmupTime(TimeValue.milliseconds(50))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build()).run();

        assertThat(results).hasSize(1);
        RunResult result = results.iterator().next();
        assertThat(result.getParams().getParam("impl")).isEqualTo("carbonedge");
        assertThat(result.getPrimaryResult().getScoreUnit()).isEqualTo("us/op");
        assertThat(result.getPrimaryResult().getStatistics().getN()).isPositive();
        assertThat(result.getPrimaryResult().getStatistics().getPercentile(50)).isPositive();
    }

    @Test
    void theSettingsForDecisionsKeepTheOldFloorsAndSampleRate() {
        JmhSettings defaults = JmhSettings.forSamples(20_000, 20_000, 2_000, 1, false);
        assertThat(defaults).isEqualTo(new JmhSettings(2, 1_000, 1, 1_000, 1, false)); // 2 s warm-up, 1 s measured
        JmhSettings many = JmhSettings.forSamples(100_000, 50_000, 2_000, 0, false);
        assertThat(many).isEqualTo(new JmhSettings(5, 1_000, 3, 834, 0, false)); // 5 s; 2.5 s in 3 iterations
    }

    @Test
    void theConfigurationsAreTheOldHarnesssAndThePaperSetupIsOnlyForThreeDevices() {
        assertThat(ScorerRuns.configs(new int[] {3, 100})).containsExactly(
                new ScorerRuns.Config("paper", "paper", 3), new ScorerRuns.Config("carbonedge", "paper", 3),
                new ScorerRuns.Config("paper", "random", 3), new ScorerRuns.Config("carbonedge", "random", 3),
                new ScorerRuns.Config("paper", "random", 100), new ScorerRuns.Config("carbonedge", "random", 100));
        assertThat(ScorerFixtures.candidates("carbonedge", "paper", 3)).isEqualTo(45);
        assertThatThrownBy(() -> ScorerFixtures.decision("paper", "paper", 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("devices=3 only");
    }
}
