package org.carbonedge.platform.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.carbonedge.platform.registry.core.RegistryService;
import org.carbonedge.platform.registry.core.SchemaSubmission;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.carbonedge.platform.registry.store.StoreEntry;
import org.carbonedge.platform.registry.store.StoreException;
import org.junit.jupiter.api.Test;

/** Start-up checks: options, unreadable store records, unknown record types, an unreachable broker. */
class RegistryStartupTest {

    @Test
    void optionsRefuseBadValuesWithClearMessages() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> RegistryOptions.of("localhost:9092", "t", "127.0.0.1", 70_000));
        assertTrue(port.getMessage().contains("70000"), port.getMessage());
        IllegalArgumentException topic = assertThrows(IllegalArgumentException.class,
                () -> RegistryOptions.of("localhost:9092", " "));
        assertTrue(topic.getMessage().contains("topic"), topic.getMessage());
        RegistryOptions defaults = RegistryOptions.of("localhost:9092", "carbonedge._schemas");
        assertEquals("127.0.0.1", defaults.host());
        assertEquals(0, defaults.port());
        assertEquals(1, defaults.replicationFactor());
    }

    @Test
    void anUnreadableStoreRecordStopsTheStartInsteadOfLosingSchemas() {
        InMemorySchemaStore store = new InMemorySchemaStore();
        store.write(List.of(new StoreEntry("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1}", "{broken")));
        StoreException e = assertThrows(StoreException.class, () -> new RegistryService(store));
        assertTrue(e.getMessage().contains("unreadable schema registry record"), e.getMessage());
    }

    @Test
    void recordTypesFromANewerVersionAreSkipped() {
        InMemorySchemaStore store = new InMemorySchemaStore();
        // Confluent writes CLEAR_SUBJECT records too; this registry does not know them (MODE it now reads, see
        // RegistryHardeningTest)
        store.write(List.of(new StoreEntry("{\"keytype\":\"CLEAR_SUBJECT\",\"subject\":\"s\"}", "{\"subject\":\"s\"}")));
        RegistryService registry = new RegistryService(store);
        assertEquals(1, registry.register("s", new SchemaSubmission(TestSchemas.DEVICE, null, 0)));
    }

    @Test
    void anUnreachableBrokerFailsTheStartWithTheAddressInTheMessage() {
        RegistryOptions options = new RegistryOptions("127.0.0.1:1", "carbonedge._schemas", "127.0.0.1", 0,
                (short) 1, Duration.ofSeconds(2));
        StoreException e = assertThrows(StoreException.class, () -> SchemaRegistryServer.start(options));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertTrue(e.getMessage().contains("carbonedge._schemas"), e.getMessage());
    }
}
