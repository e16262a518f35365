package org.carbonedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code carbonedge init}'s argument checks. Its work on a bare broker and registry (topics, schemas, device task
 * topics, models; nothing created twice) is checked in docker/'s LiveMetricsTest, which starts the services on the
 * cluster it prepared, as the compose stack does.
 */
class InitCommandTest {

    @Test
    void badArgumentsExitWithTwo() {
        assertThat(CliRun.run("init", "--parts", "0").exitCode()).isEqualTo(CarbonEdge.EXIT_USAGE);
        assertThat(CliRun.run("init", "--model", "resnet-9000").exitCode()).isEqualTo(CarbonEdge.EXIT_USAGE);
        assertThat(CliRun.run("init", "--replication-factor", "0").exitCode()).isEqualTo(CarbonEdge.EXIT_USAGE);
        assertThat(CliRun.run("init", "--device", "bad/id").exitCode()).isEqualTo(CarbonEdge.EXIT_USAGE);
    }
}
