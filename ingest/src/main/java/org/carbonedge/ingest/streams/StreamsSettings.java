package org.carbonedge.ingest.streams;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.carbonedge.common.ClientSettings;

/**
 * Streams configuration every CarbonEdge Streams app shares: exactly-once v2, dead-lettering of undecodable records
 * and of records a processor throws on ({@link DeadLetterHandler}), static group membership ({@link InstanceId}),
 * client settings.
 */
public final class StreamsSettings {

    private StreamsSettings() {
    }

    public static Properties of(ClientSettings clients, String applicationId, Path stateDir) {
        Properties p = new Properties();
        p.putAll(clients.kafkaOverrides());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(DeadLetterHandler.REGISTRY_URL, clients.registryUrl());
        clients.registryConfigs().forEach((k, v) -> p.put(DeadLetterHandler.REGISTRY_CLIENT_PREFIX + k, v));
        p.put(DeadLetterHandler.SERVICE, applicationId);
        p.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), 60_000);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // static membership: an instance restarted over its state (after a crash too) takes its partitions back at
        // once instead of after the dead member's session timeout
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                applicationId + "-" + InstanceId.of(stateDir, applicationId));
        return p;
    }
}
