package org.carbonedge.platform.registry;

import static org.carbonedge.platform.registry.TestSchemas.DEVICE;
import static org.carbonedge.platform.registry.TestSchemas.READING_NO_DEFAULT;
import static org.carbonedge.platform.registry.TestSchemas.READING_V1;
import static org.carbonedge.platform.registry.TestSchemas.READING_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.carbonedge.platform.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry over a real KRaft broker: the store topic, and ids, versions and config across restarts. */
class KafkaBackedRegistryTest {

    private static final String TOPIC = "carbonedge._schemas";

    @TempDir
    static Path dataDir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dataDir, 0);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static SchemaRegistryServer startRegistry(String topic) {
        return SchemaRegistryServer.start(RegistryOptions.of(broker.bootstrapServers(), topic, "127.0.0.1", 0));
    }

    @Test
    void idsVersionsAndConfigSurviveARestartOverTheSameTopic() throws Exception {
        int readingsV1;
        int readingsV2;
        int deviceId;
        try (SchemaRegistryServer registry = startRegistry(TOPIC);
             SchemaRegistryClient client = new CachedSchemaRegistryClient(registry.url(), 100)) {
            readingsV1 = client.register("readings-value", new AvroSchema(READING_V1));
            readingsV2 = client.register("readings-value", new AvroSchema(READING_V2));
            deviceId = client.register("devices-value", new AvroSchema(DEVICE));
            assertEquals(readingsV1, client.register("archive-value", new AvroSchema(READING_V1)));
            client.updateCompatibility("devices-value", "FULL_TRANSITIVE");
            client.updateCompatibility(null, "FORWARD");
            client.deleteSubject("archive-value");
        }
        assertEquals(List.of(1, 2, 3), List.of(readingsV1, readingsV2, deviceId));

        try (SchemaRegistryServer registry = startRegistry(TOPIC);
             SchemaRegistryClient client = new CachedSchemaRegistryClient(registry.url(), 100)) {
            assertEquals(2, client.getLatestSchemaMetadata("readings-value").getVersion());
            assertEquals(readingsV2, client.getLatestSchemaMetadata("readings-value").getId());
            assertEquals(new AvroSchema(READING_V1).rawSchema(),
                    ((AvroSchema) client.getSchemaById(readingsV1)).rawSchema());
            assertEquals(List.of("devices-value", "readings-value"), List.copyOf(client.getAllSubjects()));
            assertEquals(List.of(1), client.getAllVersions("archive-value", true));
            assertEquals("FULL_TRANSITIVE", client.getCompatibility("devices-value"));
            assertEquals("FORWARD", client.getCompatibility(""));
            // re-registering is idempotent after the restart; a new schema gets the next id and version
            assertEquals(readingsV2, client.register("readings-value", new AvroSchema(READING_V2)));
            RestClientException refused = assertThrows(RestClientException.class,
                    () -> client.register("devices-value", new AvroSchema(READING_V1)));
            assertEquals(409, refused.getStatus());
            client.updateCompatibility("readings-value", "NONE");
            assertEquals(4, client.register("readings-value", new AvroSchema(READING_NO_DEFAULT)));
            assertEquals(3, client.getLatestSchemaMetadata("readings-value").getVersion());
        }
        assertTopicIsCompactedWithOnePartition(TOPIC);
    }

    @Test
    void theRegistryIdIsTheSameAfterARestartOverTheSameTopicOnly() {
        String first;
        try (SchemaRegistryServer registry = startRegistry("registry-test.id")) {
            first = new RegistryHttp(registry.url()).get("/v1/metadata/id").json()
                    .at("/scope/clusters/schema-registry-cluster").asText();
        }
        try (SchemaRegistryServer registry = startRegistry("registry-test.id")) {
            assertEquals(first, new RegistryHttp(registry.url()).get("/v1/metadata/id").json()
                    .at("/scope/clusters/schema-registry-cluster").asText());
        }
        try (SchemaRegistryServer registry = startRegistry("registry-test.other-id")) {
            assertNotEquals(first, new RegistryHttp(registry.url()).get("/v1/metadata/id").json()
                    .at("/scope/clusters/schema-registry-cluster").asText());
        }
    }

    @Test
    void aPermanentlyDeletedIdIsNotReusedAfterARestart() throws Exception {
        String topic = "registry-test.hard-delete";
        try (SchemaRegistryServer registry = startRegistry(topic)) {
            RegistryHttp http = new RegistryHttp(registry.url());
            assertEquals(200, http.post("/subjects/a/versions", RegistryHttp.schemaBody(READING_V1)).status());
            assertEquals(200, http.post("/subjects/b/versions", RegistryHttp.schemaBody(DEVICE)).status());
            assertEquals(200, http.delete("/subjects/b").status());
            assertEquals(200, http.delete("/subjects/b?permanent=true").status());
            assertEquals(40403, http.get("/schemas/ids/2").errorCode());
        }
        try (SchemaRegistryServer registry = startRegistry(topic)) {
            RegistryHttp http = new RegistryHttp(registry.url());
            assertEquals(40403, http.get("/schemas/ids/2").errorCode());
            assertEquals(40401, http.get("/subjects/b/versions?deleted=true").errorCode());
            RegistryHttp.Reply again = http.post("/subjects/b/versions", RegistryHttp.schemaBody(DEVICE));
            assertEquals(3, again.json().get("id").asInt(), again.raw());
            assertEquals(1, http.get("/subjects/a/versions/latest").json().get("id").asInt());
        }
    }

    private static void assertTopicIsCompactedWithOnePartition(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            assertEquals(1, description.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertEquals("compact", config.get("cleanup.policy").value());
        }
    }
}
