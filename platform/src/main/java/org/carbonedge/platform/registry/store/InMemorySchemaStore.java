package org.carbonedge.platform.registry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A store that keeps its log in a list, for fast tests. Closing it does not clear the list, so a new registry
 * started on the same instance replays everything: that is how tests simulate a restart without a broker.
 */
public final class InMemorySchemaStore implements SchemaStore {

    private final List<StoreEntry> log = new ArrayList<>();
    private volatile boolean failWrites;

    @Override
    public synchronized void replay(Consumer<StoreEntry> sink) {
        log.forEach(sink);
    }

    @Override
    public synchronized void write(List<StoreEntry> entries) {
        if (failWrites) {
            throw new StoreException("in-memory store is set to fail writes");
        }
        log.addAll(entries);
    }

    /** Number of records written so far (tombstones included). */
    public synchronized int size() {
        return log.size();
    }

    /** Makes every later write fail, to test how the registry reports store errors. */
    public void failWrites(boolean fail) {
        this.failWrites = fail;
    }

    @Override
    public String describe() {
        return "in-memory store";
    }

    @Override
    public void close() {
        // nothing to release; the log stays for a later replay
    }
}
