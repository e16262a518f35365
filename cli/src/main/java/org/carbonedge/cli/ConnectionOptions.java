package org.carbonedge.cli;

import org.carbonedge.common.ClientSettings;
import picocli.CommandLine.Option;

/**
 * Where the cluster and the registry are, shared by every command that talks to Kafka. Defaults come from
 * {@code CARBONEDGE_BOOTSTRAP_SERVERS} / {@code CARBONEDGE_REGISTRY_URL}, then from what {@code carbonedge up}
 * listens on by default; {@code CARBONEDGE_KAFKA_*} settings (TLS, SASL) are passed through.
 */
public final class ConnectionOptions {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    static final String DEFAULT_REGISTRY = "http://127.0.0.1:8081";

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $CARBONEDGE_BOOTSTRAP_SERVERS or " + DEFAULT_BOOTSTRAP + ").")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry URL (default: $CARBONEDGE_REGISTRY_URL or " + DEFAULT_REGISTRY + ").")
    String registry;

    /** The settings these options and the environment describe. */
    public ClientSettings settings() {
        ClientSettings fromEnv = ClientSettings.fromEnv(System.getenv(), DEFAULT_BOOTSTRAP, DEFAULT_REGISTRY);
        return fromEnv.with(bootstrap != null ? bootstrap : fromEnv.bootstrapServers(),
                registry != null ? registry : fromEnv.registryUrl());
    }
}
