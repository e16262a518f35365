package org.carbonedge.platform.registry.store;

import java.util.Objects;

/**
 * One record of the registry's log: a key and a value, both JSON text, exactly as they sit in the compacted
 * topic. A {@code null} value is a tombstone (the key is deleted), which is what lets compaction drop
 * permanently deleted schemas and configs.
 *
 * @param key   JSON key, deterministic for a given logical key so compaction keeps only the last value
 * @param value JSON value, or {@code null} for a tombstone
 */
public record StoreEntry(String key, String value) {

    public StoreEntry {
        Objects.requireNonNull(key, "key");
    }

    /** A record that deletes {@code key}. */
    public static StoreEntry tombstone(String key) {
        return new StoreEntry(key, null);
    }

    public boolean isTombstone() {
        return value == null;
    }
}
