package org.carbonedge.platform.registry;

import static org.carbonedge.platform.registry.TestSchemas.DEVICE;
import static org.carbonedge.platform.registry.TestSchemas.READING_NO_DEFAULT;
import static org.carbonedge.platform.registry.TestSchemas.READING_V1;
import static org.carbonedge.platform.registry.TestSchemas.READING_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaMetadata;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Confluent client (7.5.3, shaded in Flink's registry format) against our server. */
class ConfluentClientTest {

    private SchemaRegistryServer server;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start(new InMemorySchemaStore(), "127.0.0.1", 0);
        client = new CachedSchemaRegistryClient(server.url(), 100);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void registersLooksUpAndReadsBack() throws Exception {
        AvroSchema v1 = new AvroSchema(READING_V1);
        int id = client.register("readings-value", v1);
        assertEquals(1, id);
        assertEquals(id, client.register("readings-value", new AvroSchema(READING_V1)));
        assertEquals(id, client.getId("readings-value", v1));
        assertEquals(1, client.getVersion("readings-value", v1));
        assertEquals(id, client.register("archive-value", v1), "same schema, other subject: same id");

        // a fresh client has an empty cache, so these really go over HTTP
        try (SchemaRegistryClient fresh = new CachedSchemaRegistryClient(server.url(), 10)) {
            AvroSchema byId = (AvroSchema) fresh.getSchemaById(id);
            assertEquals(v1.rawSchema(), byId.rawSchema());
            SchemaMetadata latest = fresh.getLatestSchemaMetadata("readings-value");
            assertEquals(1, latest.getVersion());
            assertEquals(id, latest.getId());
            assertEquals(v1.canonicalString(), latest.getSchema());
            assertEquals(latest.getSchema(), fresh.getSchemaMetadata("readings-value", 1).getSchema());
            assertEquals(List.of("archive-value", "readings-value"), List.copyOf(fresh.getAllSubjects()));
            assertEquals(List.of(1), fresh.getAllVersions("readings-value"));
            assertEquals(List.of("archive-value", "readings-value"), List.copyOf(fresh.getAllSubjectsById(id)));
        }
    }

    @Test
    void acceptsCompatibleChangesAndRefusesIncompatibleOnesWith409() throws Exception {
        client.register("readings-value", new AvroSchema(READING_V1));
        AvroSchema incompatible = new AvroSchema(READING_NO_DEFAULT);
        AvroSchema compatible = new AvroSchema(READING_V2);

        assertFalse(client.testCompatibility("readings-value", incompatible));
        assertTrue(client.testCompatibility("readings-value", compatible));
        List<String> reasons = client.testCompatibilityVerbose("readings-value", incompatible);
        assertTrue(reasons.stream().anyMatch(m -> m.contains("READER_FIELD_MISSING_DEFAULT_VALUE")), reasons.toString());

        RestClientException refused = assertThrows(RestClientException.class,
                () -> client.register("readings-value", incompatible));
        assertEquals(409, refused.getStatus());
        assertEquals(409, refused.getErrorCode());

        assertEquals(2, client.register("readings-value", compatible));
        assertEquals(2, client.getLatestSchemaMetadata("readings-value").getVersion());
        assertEquals(3, client.register("devices-value", new AvroSchema(DEVICE)), "a new schema gets the next id");
    }

    @Test
    void managesCompatibilityConfigAndDeletes() throws Exception {
        assertEquals("BACKWARD", client.getCompatibility(""));
        client.register("readings-value", new AvroSchema(READING_V1));
        assertEquals("NONE", client.updateCompatibility("readings-value", "NONE"));
        assertEquals("NONE", client.getCompatibility("readings-value"));
        assertEquals(2, client.register("readings-value", new AvroSchema(READING_NO_DEFAULT)));

        RestClientException missing = assertThrows(RestClientException.class,
                () -> client.getLatestSchemaMetadata("nobody"));
        assertEquals(40401, missing.getErrorCode());
        RestClientException noId = assertThrows(RestClientException.class, () -> client.getSchemaById(42));
        assertEquals(40403, noId.getErrorCode());

        assertEquals(List.of(1, 2), client.deleteSubject("readings-value"));
        assertEquals(List.of(1, 2), client.deleteSubject("readings-value", true));
        assertTrue(client.getAllSubjects().isEmpty());
    }

    @Test
    void normalizesModesAndListsDeletedVersionsForTheClient() throws Exception {
        String a = "{\"type\":\"record\",\"name\":\"T\",\"b\":1,\"a\":2,\"fields\":[{\"name\":\"f\",\"type\":\"int\"}]}";
        String b = "{\"type\":\"record\",\"name\":\"T\",\"a\":2,\"b\":1,\"fields\":[{\"name\":\"f\",\"type\":\"int\"}]}";
        int id = client.register("t-value", new AvroSchema(a), true);
        assertEquals(id, client.register("t-value", new AvroSchema(b), true), "same normal form, same id");
        assertEquals(List.of(1), client.getAllVersions("t-value"));
        assertEquals("READWRITE", client.getMode());

        client.register("readings-value", new AvroSchema(READING_V1));
        client.register("readings-value", new AvroSchema(READING_V2));
        client.deleteSchemaVersion("readings-value", "1");
        assertEquals(List.of(2), client.getAllVersions("readings-value"));
        assertEquals(List.of(1, 2), client.getAllVersions("readings-value", true));
        assertEquals(List.of("readings-value", "t-value"), List.copyOf(client.getAllSubjects(true)));
    }
}
