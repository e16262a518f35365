package org.carbonedge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.carbonedge.cli.io.RunUntilStopped;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.ledger.EmissionsLedger;
import org.carbonedge.ledger.LedgerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge ledger}: one instance of the emissions ledger (totals per zone, device, model, policy and hour;
 * queries, CSV/SCI export and {@code /metrics} over HTTP) until Ctrl-C / SIGTERM. Prints {@code ledger=URL}.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an emissions ledger instance: GET /v1/totals, /v1/export/emissions.csv, /v1/export/sci, /metrics.",
                "Instances with one --application-id share the keys; prints ledger=URL, then runs until Ctrl-C."})
public final class LedgerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to advertise to other instances (and to listen on unless --bind is given); they must reach it, so not 0.0.0.0 (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on when it differs from --host, e.g. 0.0.0.0 in a container that advertises its name (default: --host).")
    String bind;

    @Mixin
    TokenOptions token;

    /** Environment variable holding the bearer token when {@code --token-file} is not given. */
    public static final String TOKEN_ENV = "CARBONEDGE_LEDGER_TOKEN";

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8090", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "This instance's state stores (default: ${DEFAULT-VALUE}).")
    Path stateDir = Path.of(".carbonedge", "ledger");

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = LedgerOptions.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id shared by the instances of one ledger (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--by-label", paramLabel = "NAME", split = ",",
            description = "Also total by this request attribute (repeatable or comma-separated), as keys label:NAME=VALUE, e.g. --by-label tenant. Each value is a key: use labels with few values.")
    List<String> labels = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Ports.check("--port", port);
        LedgerOptions options;
        try {
            options = new LedgerOptions(applicationId, stateDir, host, port, labels, bind,
                    token.token(TOKEN_ENV, System.getenv()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ClientSettings settings = connection.settings();
        EmissionsLedger ledger = new EmissionsLedger(settings, settings.catalog(), options);
        RunUntilStopped.run(ledger, () -> "ledger=" + ledger.url(), spec.commandLine().getOut());
        return 0;
    }
}
