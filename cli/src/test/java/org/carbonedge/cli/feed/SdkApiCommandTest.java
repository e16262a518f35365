package org.carbonedge.cli.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.carbonedge.cli.CliRun;
import org.junit.jupiter.api.Test;

/** {@code feed serve-sdk-api}: its bad arguments (the served API itself is tested in carbon-feed). */
class SdkApiCommandTest {

    @Test
    void badArgumentsAreOneLineOnStderrAndExitCode2() {
        String[][] cases = {
                {"feed", "serve-sdk-api", "--port", "70000"},
                {"feed", "serve-sdk-api", "--port", "eighty"},
                {"feed", "serve-sdk-api", "--bind", "192.0.2.1"},
                {"feed", "serve-sdk-api", "--bind", ""},
                {"feed", "serve-sdk-api", "--max-zones", "0"},
                {"feed", "serve-sdk-api", "--max-points", "-1"},
                {"feed", "serve-sdk-api", "extra"},
        };
        for (String[] args : cases) {
            CliRun run = CliRun.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isEqualTo(2);
            assertThat(run.errLines()).as(String.join(" ", args) + "\n" + run).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitCode1() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        CliRun run = CliRun.run("feed", "serve-sdk-api", "--port", "0", "--bootstrap", "127.0.0.1:" + closed,
                "--registry", "http://127.0.0.1:" + closed);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).as(run.toString()).hasSize(1);
        assertThat(run.err()).contains("cannot follow carbonedge.grid-intensity");
        assertThat(run.out()).doesNotContain("sdk-api=");
    }

    @Test
    void helpNamesTheEndpoints() {
        CliRun run = CliRun.run("feed", "serve-sdk-api", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("/emissions/forecasts/current").contains("--bind");
    }
}
