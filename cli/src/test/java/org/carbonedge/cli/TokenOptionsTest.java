package org.carbonedge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the gateway's and ledger's bearer token comes from, and that --bind is offered by both commands. */
class TokenOptionsTest {

    @TempDir
    Path dir;

    @Test
    void theTokenComesFromTheFileElseTheEnvironment() throws Exception {
        TokenOptions options = new TokenOptions();
        assertThat(options.token("CARBONEDGE_GATEWAY_TOKEN", Map.of())).isNull();
        assertThat(options.token("CARBONEDGE_GATEWAY_TOKEN", Map.of("CARBONEDGE_GATEWAY_TOKEN", " from-env\n")))
                .isEqualTo("from-env");
        options.tokenFile = Files.writeString(dir.resolve("token"), "from-file\nignored\n");
        assertThat(options.token("CARBONEDGE_GATEWAY_TOKEN", Map.of("CARBONEDGE_GATEWAY_TOKEN", "from-env")))
                .isEqualTo("from-file");
        options.tokenFile = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> options.token("X", Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("no token");
        options.tokenFile = dir.resolve("missing");
        assertThatThrownBy(() -> options.token("X", Map.of())).isInstanceOf(UsageException.class);
    }

    @Test
    void gatewayAndLedgerTakeBindAndTokenFile() {
        for (String command : new String[] {"gateway", "ledger"}) {
            CliRun help = CliRun.run(command, "--help");
            assertThat(help.exitCode()).as(help.toString()).isZero();
            assertThat(help.out()).contains("--bind=ADDRESS").contains("--token-file=FILE");
        }
        CliRun blank = CliRun.run("gateway", "--bind", " ", "--port", "0");
        assertThat(blank.exitCode()).as(blank.toString()).isEqualTo(CarbonEdge.EXIT_USAGE);
    }
}
