package org.carbonedge.platform.registry.store;

import java.util.List;
import java.util.function.Consumer;

/**
 * Durable log behind the registry. The registry keeps its whole state in memory and only needs two things from
 * storage: every record ever kept, in order, at start; and a synchronous, ordered append afterwards. Keeping
 * the interface that small lets a compacted Kafka topic back production while unit tests run on a list.
 *
 * <p>Single writer: one registry instance owns a store. A second instance over the same topic would not see the
 * first one's later writes (it only replays at start).
 */
public interface SchemaStore extends AutoCloseable {

    /** Feeds every stored record, oldest first, to {@code sink}. Called once, before any write. */
    void replay(Consumer<StoreEntry> sink);

    /**
     * Appends the records in order and returns only once all of them are durable.
     *
     * @throws StoreException if any record could not be written; the caller must not apply them
     */
    void write(List<StoreEntry> entries);

    /** Human-readable description for logs and error messages (e.g. "Kafka topic t at host:port"). */
    String describe();

    /**
     * What names this log across restarts, from which the registry derives its cluster id
     * ({@code GET /v1/metadata/id}). It must not change when only the address of the storage does (a broker on a
     * new port holds the same topic), so by default it is {@link #describe()} only for stores without an address.
     */
    default String identity() {
        return describe();
    }

    @Override
    void close();
}
