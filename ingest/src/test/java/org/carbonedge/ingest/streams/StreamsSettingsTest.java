package org.carbonedge.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.carbonedge.common.ClientSettings;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    @Test
    void securitySettingsReachTheStreamsClientsAndTheDeadLetterSerializersRegistryClient() {
        ClientSettings clients = new ClientSettings("broker:9093", "https://registry:8081",
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"),
                Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "u:p"));
        Properties p = StreamsSettings.of(clients, "app", Path.of("state"));
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry(DeadLetterHandler.REGISTRY_URL, "https://registry:8081");
        Map<String, Object> configs = new HashMap<>();
        p.forEach((k, v) -> configs.put(k.toString(), v));
        assertThat(DeadLetterHandler.registryConfigs(configs)).isEqualTo(
                Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "u:p"));
    }

    @Test
    void undecodableRecordsAndRecordsAProcessorThrowsOnAreDeadLettered() {
        Properties p = StreamsSettings.of(ClientSettings.of("broker:9092", "http://registry:8081"), "app", Path.of("state"));
        assertThat(p).containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class)
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    }
}
