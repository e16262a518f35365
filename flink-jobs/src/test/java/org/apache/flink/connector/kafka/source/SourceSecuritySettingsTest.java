package org.apache.flink.connector.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.carbonedge.common.ClientSettings;
import org.carbonedge.jobs.kafka.KafkaSources;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.Test;

/**
 * CARBONEDGE_KAFKA_* settings (TLS, SASL/SCRAM) reach the Flink jobs' Kafka sources, as they reach every other
 * client. In the connector's package to read the source's configuration through its test accessor.
 */
class SourceSecuritySettingsTest {

    @Test
    void sourcesCarryTheSecuritySettings() {
        ClientSettings settings = ClientSettings.fromEnv(Map.of(
                "CARBONEDGE_BOOTSTRAP_SERVERS", "broker:9093",
                "CARBONEDGE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "CARBONEDGE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), "unused:9092", "http://unused");
        for (KafkaSource<?> source : new KafkaSource<?>[] {KafkaSources.of(settings, "g", Topics.REQUESTS),
                KafkaSources.pattern(settings, "g", KafkaSources.DEVICE_TASKS).build()}) {
            Map<String, String> conf = source.getConfiguration().toMap();
            assertThat(conf).containsEntry("bootstrap.servers", "broker:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("isolation.level", "read_committed");
        }
    }
}
