package org.carbonedge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.carbonedge.cli.io.RunUntilStopped;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.ingest.validation.RequestValidation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge validate}: the request validation (Kafka Streams) between {@code carbonedge.requests} and the
 * router, until Ctrl-C / SIGTERM. Several instances share the work.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Run the request validation: carbonedge.requests -> carbonedge.validated-requests, refused requests to carbonedge.dead-letter with the reason.")
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Streams state (default: ${DEFAULT-VALUE}).")
    Path stateDir = Path.of(".carbonedge", "validate");

    @Option(names = "--max-request-bytes", paramLabel = "N", description = "Largest accepted request input (default: ${DEFAULT-VALUE}).")
    long maxRequestBytes = RequestValidation.DEFAULT_MAX_REQUEST_BYTES;

    @Override
    public Integer call() throws Exception {
        if (maxRequestBytes <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-request-bytes must be > 0, was " + maxRequestBytes);
        }
        ClientSettings settings = connection.settings();
        RequestValidation validation = new RequestValidation(settings, settings.catalog(), maxRequestBytes, stateDir);
        RunUntilStopped.run(validation, () -> "validate=" + validation.name() + " state_dir=" + stateDir.toAbsolutePath(),
                spec.commandLine().getOut());
        return 0;
    }
}
