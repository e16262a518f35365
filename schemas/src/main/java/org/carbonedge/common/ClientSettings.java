package org.carbonedge.common;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.serde.RegistryClient;

/**
 * Where the Kafka cluster and the schema registry are, plus any client settings (TLS, SASL) passed through to
 * every client. One place builds producer, consumer and admin configs so all services connect the same way.
 *
 * <p>From the environment: {@code CARBONEDGE_BOOTSTRAP_SERVERS}, {@code CARBONEDGE_REGISTRY_URL}, and any
 * {@code CARBONEDGE_KAFKA_<NAME>} becomes client property {@code <name>} with '_' read as '.', e.g.
 * {@code CARBONEDGE_KAFKA_SECURITY_PROTOCOL=SASL_SSL} → {@code security.protocol=SASL_SSL}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl      schema registry base URL
 * @param kafkaOverrides   extra client properties applied to every producer, consumer and admin
 * @param registryConfigs  Confluent registry client settings (basic.auth.*, schema.registry.ssl.*)
 */
public record ClientSettings(String bootstrapServers, String registryUrl,
                             Map<String, String> kafkaOverrides, Map<String, String> registryConfigs)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String ENV_BOOTSTRAP = "CARBONEDGE_BOOTSTRAP_SERVERS";
    public static final String ENV_REGISTRY = "CARBONEDGE_REGISTRY_URL";
    public static final String ENV_KAFKA_PREFIX = "CARBONEDGE_KAFKA_";
    public static final String ENV_REGISTRY_PREFIX = "CARBONEDGE_REGISTRY_CLIENT_";

    public ClientSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        kafkaOverrides = Map.copyOf(kafkaOverrides); // immutable maps are serializable
        registryConfigs = Map.copyOf(registryConfigs);
    }

    public static ClientSettings of(String bootstrapServers, String registryUrl) {
        return new ClientSettings(bootstrapServers, registryUrl, Map.of(), Map.of());
    }

    /** Settings from environment variables, with defaults for anything unset. */
    public static ClientSettings fromEnv(Map<String, String> env, String defaultBootstrap, String defaultRegistry) {
        Map<String, String> kafka = new HashMap<>();
        Map<String, String> registry = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_KAFKA_PREFIX)) {
                kafka.put(propertyName(k.substring(ENV_KAFKA_PREFIX.length())), v);
            } else if (k.startsWith(ENV_REGISTRY_PREFIX)) {
                registry.put(propertyName(k.substring(ENV_REGISTRY_PREFIX.length())), v);
            }
        });
        return new ClientSettings(env.getOrDefault(ENV_BOOTSTRAP, defaultBootstrap),
                env.getOrDefault(ENV_REGISTRY, defaultRegistry), kafka, registry);
    }

    /** Same cluster and security, another bootstrap/registry (e.g. ports chosen at start). */
    public ClientSettings with(String bootstrap, String registry) {
        return new ClientSettings(bootstrap, registry, kafkaOverrides, registryConfigs);
    }

    public Map<String, Object> admin() {
        Map<String, Object> c = base();
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "carbonedge-admin");
        return c;
    }

    /**
     * Socket buffer size that leaves the buffer to the operating system (-1), whose TCP auto-tuning grows it to
     * what a connection needs. The clients' fixed defaults (a producer's 128 KiB send buffer, a consumer's 64 KiB
     * receive buffer) cut a 602 KB MobileNetV2 request into five to ten window-sized pieces per transfer, each
     * waiting for the other side's thread to drain the last: milliseconds per hop on a busy host.
     */
    public static final int OS_SOCKET_BUFFER = -1;

    /** Longest the broker holds a fetch that has nothing to return yet, ms (see {@link #consumer}). */
    public static final int FETCH_MAX_WAIT_MILLIS = 20;

    /**
     * Producer config: idempotent, all acks, small linger for low latency, the OS's socket send buffer, and batches of up to 512 KiB so a burst
     * of tensor-carrying records (a few KiB each) goes out in few requests instead of queueing behind the
     * producer's five in-flight requests of 16 KiB (a larger batch size costs nothing when traffic is light: a batch
     * is sent when the linger expires, full or not).
     */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> c = base();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        c.put(ProducerConfig.SEND_BUFFER_CONFIG, OS_SOCKET_BUFFER);
        c.putAll(kafkaOverrides);
        return c;
    }

    /** Batch size of the producers that carry requests' tensors ({@link #producerAtOnce}), bytes. */
    public static final int TENSOR_BATCH_BYTES = 1024 * 1024;

    /**
     * {@link #producer} without the linger, for records a request waits on one at a time (requests published by a
     * client, the router's first-stage tasks): each is sent the moment it is handed over instead of after the 1 ms
     * linger, which at light load is a whole millisecond per hop added to every inference. Under a burst records
     * still share requests: they collect while the producer's in-flight requests are outstanding. Batches are up to
     * {@link #TENSOR_BATCH_BYTES}: a producer reuses buffers of exactly its batch size, and allocates a fresh one for
     * every record larger than that (each 602 KB MobileNetV2 request with 512 KiB batches). Overrides win.
     */
    public Map<String, Object> producerAtOnce(String clientId) {
        Map<String, Object> c = producer(clientId);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, TENSOR_BATCH_BYTES);
        c.putAll(kafkaOverrides);
        return c;
    }

    /**
     * Consumer config: manual commits, read_committed, earliest on first start, the OS's socket receive buffer,
     * and fetches the broker holds for at
     * most {@link #FETCH_MAX_WAIT_MILLIS} when nothing is readable yet. With the default 500 ms, a read_committed
     * fetch that found its partition's committed data consumed waited out the full 500 ms although new data kept
     * arriving (measured: 360 ms mean fetch latency on the executors' task topics under load, 37 ms at 20 ms).
     */
    public Map<String, Object> consumer(String groupId) {
        Map<String, Object> c = base();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MILLIS);
        c.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, OS_SOCKET_BUFFER);
        c.putAll(kafkaOverrides);
        return c;
    }

    /** A registry client over the real Confluent client. */
    public RegistryClient registryClient() {
        return new RegistryClient(registryUrl, registryConfigs);
    }

    /** A catalog for services: auto-registration off, as in production. */
    public TopicCatalog catalog() {
        return new TopicCatalog(registryClient(), false);
    }

    private Map<String, Object> base() {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.putAll(kafkaOverrides);
        return c;
    }

    private static String propertyName(String envSuffix) {
        return envSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Names the overridden properties but never their values: they may hold SASL or registry passwords. */
    @Override
    public String toString() {
        return "ClientSettings[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl
                + ", kafkaOverrides=" + new java.util.TreeSet<>(kafkaOverrides.keySet())
                + ", registryConfigs=" + new java.util.TreeSet<>(registryConfigs.keySet()) + "]";
    }
}
