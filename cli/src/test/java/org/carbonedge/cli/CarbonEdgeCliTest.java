package org.carbonedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad arguments get one line on stderr and exit code 2; help works. */
class CarbonEdgeCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CarbonEdge.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("up", "validate", "rollup");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCodeTwo() {
        assertThat(run("up", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().asString()
                .startsWith("carbonedge up: Unknown option: '--no-such-option'");
    }

    @Test
    void aNonNumericPortIsOneLineAndExitCodeTwo() {
        assertThat(run("up", "--kafka-port", "abc")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("--kafka-port");
    }

    @Test
    void aPortOutOfRangeIsOneLineAndExitCodeTwo() {
        assertThat(run("up", "--kafka-port", "70000")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().asString().contains("not a port");
    }

    @Test
    void aBadAccuracyObjectiveIsOneLineAndExitCodeTwo() {
        for (String bad : new String[]{"acme:0.7/PT1H", "tenant=acme:0.7", "tenant=acme:70/PT1H", "tenant=acme:0.7/1h"}) {
            err.getBuffer().setLength(0);
            assertThat(run("up", "--accuracy-objective", bad)).as(bad).isEqualTo(2);
            assertThat(err.toString().strip().lines()).as(bad).singleElement().asString()
                    .contains("--accuracy-objective: invalid accuracy objective '" + bad + "'");
        }
        assertThat(org.carbonedge.cli.UpCommand.objectives(java.util.List.of("tenant=acme:0.70/PT1H")))
                .containsEntry("tenant=acme", new org.carbonedge.core.planning.AccuracyObjective(0.70,
                        java.time.Duration.ofHours(1)));
    }

    @Test
    void aRequestSizeLimitBelowOneByteIsOneLineAndExitCodeTwo() {
        assertThat(run("validate", "--max-request-bytes", "0")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().asString()
                .contains("--max-request-bytes must be > 0, was 0");
    }

    @Test
    void aLedgerLabelNameThatCannotBeAKeyIsOneLineAndExitCodeTwo() {
        assertThat(run("ledger", "--by-label", "tenant,a|b")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().asString()
                .contains("label name 'a|b' must be letters, digits");
    }

    @Test
    void anUnknownCommandIsOneLineAndExitCodeTwo() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("missing command");
    }
}
