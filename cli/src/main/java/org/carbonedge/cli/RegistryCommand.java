package org.carbonedge.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.carbonedge.cli.io.RunUntilStopped;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Health;
import org.carbonedge.common.Service;
import org.carbonedge.platform.registry.RegistryOptions;
import org.carbonedge.platform.registry.RegistrySecurity;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.schemas.Topics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code carbonedge registry}: the schema registry alone, as its own process over an existing Kafka cluster (the
 * local cluster runs it so; {@code up} embeds it instead). Schemas live in the compacted {@code carbonedge._schemas}
 * topic, so a registry that is killed and started again serves the same ids. As in {@code up}, the pipeline's own
 * subjects can gain compatible versions but never be deleted.
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Run the schema registry (Confluent's REST API) over a Kafka cluster until stopped.")
public final class RegistryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"--bind", "--host"}, paramLabel = "ADDRESS", defaultValue = RegistryOptions.DEFAULT_HOST,
            description = "Interface to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8081",
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "1",
            description = "Replication of the store topic when it has to be created (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
        BindAddress.check("--bind", host);
        Ports.check("--port", port);
        if (replicationFactor < 1) {
            throw new UsageException("invalid value for option '--replication-factor': at least 1, got " + replicationFactor);
        }
        ClientSettings settings = connection.settings();
        RegistryOptions options = new RegistryOptions(settings.bootstrapServers(), Topics.SCHEMAS_STORE, host, port,
                replicationFactor, Duration.ofSeconds(30));
        RegistryService service = new RegistryService(options);
        RunUntilStopped.run(service, () -> "registry=" + service.url() + " store=" + Topics.SCHEMAS_STORE,
                spec.commandLine().getOut());
        return 0;
    }

    /** The registry in the services' lifecycle. */
    private static final class RegistryService implements Service {
        private final RegistryOptions options;
        private volatile SchemaRegistryServer server;

        RegistryService(RegistryOptions options) {
            this.options = options;
        }

        @Override
        public String name() {
            return "registry";
        }

        @Override
        public void start() {
            server = SchemaRegistryServer.start(options, RegistrySecurity.open().withProtectedSubjects(Topics.valueSubjects()));
        }

        String url() {
            return server.url();
        }

        @Override
        public Health health() {
            return server == null ? Health.starting("starting") : Health.up(server.url());
        }

        @Override
        public void close() {
            SchemaRegistryServer s = server;
            if (s != null) {
                s.close();
            }
        }
    }
}
