package org.apache.flink.connector.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.carbonedge.common.ClientSettings;
import org.carbonedge.jobs.kafka.Delivery;
import org.carbonedge.jobs.kafka.KafkaSinks;
import org.junit.jupiter.api.Test;

/**
 * CARBONEDGE_KAFKA_* settings (TLS, SASL/SCRAM) reach the Flink jobs' Kafka sinks, as they reach every other
 * client. In the connector's package to read the sink's producer config through its test accessor.
 */
class SinkSecuritySettingsTest {

    static final Map<String, String> ENV = Map.of(
            "CARBONEDGE_BOOTSTRAP_SERVERS", "broker:9093",
            "CARBONEDGE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "CARBONEDGE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
            "CARBONEDGE_KAFKA_SSL_TRUSTSTORE_LOCATION", "/certs/truststore.p12");

    @Test
    void sinksCarryTheSecuritySettings() {
        ClientSettings settings = ClientSettings.fromEnv(ENV, "unused:9092", "http://unused");
        for (KafkaSink<?> sink : new KafkaSink<?>[] {KafkaSinks.emissions(settings, Delivery.atLeastOnce()),
                KafkaSinks.toDeviceTasks(settings, Delivery.atLeastOnce())}) {
            assertThat(sink.getKafkaProducerConfig())
                    .containsEntry("bootstrap.servers", "broker:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", "/certs/truststore.p12");
        }
    }
}
