package org.carbonedge.cli.io;

import java.util.concurrent.Callable;

import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.TokenOptions;
import org.carbonedge.cli.UsageException;
import org.carbonedge.ingest.gateway.GatewayOptions;
import org.carbonedge.ingest.gateway.InferenceGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge gateway}: runs the HTTP gateway against a running CarbonEdge (e.g. {@code carbonedge up}) until
 * Ctrl-C / SIGTERM. Prints {@code gateway=URL} once it serves.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the HTTP gateway: POST /v1/infer, GET /v1/requests/{id}, GET /v1/models.",
                "Prints gateway=URL once it serves, then runs until Ctrl-C."})
public final class GatewayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    /** Environment variable holding the bearer token when {@code --token-file} is not given. */
    public static final String TOKEN_ENV = "CARBONEDGE_GATEWAY_TOKEN";

    @Option(names = {"--bind", "--host"}, paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface, "
                    + "e.g. in a container).")
    String host;

    @Mixin
    TokenOptions token;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--max-body-bytes", paramLabel = "N", description = "Largest request body (default: 8 MiB).")
    Long maxBodyBytes;

    @Option(names = "--max-input-bytes", paramLabel = "N",
            description = "Largest decoded inputs per request (default: 1000000, under Kafka's default 1 MiB message limit).")
    Long maxInputBytes;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new UsageException("invalid value for option '--port': " + port + " is not a port (0-65535)");
        }
        GatewayOptions defaults = GatewayOptions.defaults();
        long body = maxBodyBytes == null ? defaults.maxBodyBytes() : maxBodyBytes;
        long input = maxInputBytes == null ? defaults.maxInputBytes() : maxInputBytes;
        if (body < 1 || input < 1) {
            throw new UsageException("--max-body-bytes and --max-input-bytes must be >= 1");
        }
        if (host.isBlank()) {
            throw new UsageException("--bind needs an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        GatewayOptions options = defaults.withHost(host).withPort(port).withLimits(body, input)
                .withBearerToken(token.token(TOKEN_ENV, System.getenv()));
        InferenceGateway gateway = new InferenceGateway(connection.settings(), options);
        RunUntilStopped.run(gateway, () -> "gateway=" + gateway.url(), spec.commandLine().getOut());
        return 0;
    }
}
