package org.carbonedge.ledger.query;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.carbonedge.ledger.core.Totals;
import org.carbonedge.ledger.streams.LedgerTopology;

/**
 * Interactive queries over the ledger's totals: a key is read from the instance that owns it (Kafka Streams'
 * metadata for the key), locally when that is this instance and over HTTP otherwise; "every key" gathers each
 * instance's own keys.
 */
public final class TotalsQueries {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final RemoteLedger remote;

    public TotalsQueries(KafkaStreams streams, HostInfo self, RemoteLedger remote) {
        this.streams = streams;
        this.self = self;
        this.remote = remote;
    }

    /** This instance as {@code host:port}. */
    public String self() {
        return self.host() + ":" + self.port();
    }

    /**
     * The totals of one key, from its owner.
     *
     * @param localOnly answer from this instance's store only (a forwarded query)
     * @throws LedgerUnavailableException while the ledger rebalances or the owner does not answer
     */
    public Optional<Served<Totals>> one(String key, boolean localOnly) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(LedgerTopology.STORE, key, Serdes.String().serializer());
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw new LedgerUnavailableException("the ledger is starting or rebalancing; retry shortly");
        }
        if (owner.activeHost().equals(self)) {
            return Optional.ofNullable(readLocal(store -> store.get(key))).map(t -> new Served<>(t, self()));
        }
        if (localOnly) {
            throw new LedgerUnavailableException("key '" + key + "' moved to " + owner.activeHost().host() + ":"
                    + owner.activeHost().port() + " while this query was forwarded; retry");
        }
        return remote.one(owner.activeHost(), key);
    }

    /**
     * Every key's totals.
     *
     * @param localOnly this instance's keys only (a forwarded query)
     */
    public Map<String, Totals> all(boolean localOnly) {
        if (localOnly) {
            return localAll();
        }
        Collection<StreamsMetadata> instances = streams.streamsMetadataForStore(LedgerTopology.STORE);
        if (instances.isEmpty()) {
            throw new LedgerUnavailableException("the ledger is starting or rebalancing; retry shortly");
        }
        Map<String, Totals> out = new HashMap<>();
        for (StreamsMetadata instance : instances) {
            out.putAll(instance.hostInfo().equals(self) ? localAll() : remote.all(instance.hostInfo()));
        }
        return out;
    }

    private Map<String, Totals> localAll() {
        return readLocal(store -> {
            Map<String, Totals> out = new HashMap<>();
            try (KeyValueIterator<String, Totals> all = store.all()) {
                all.forEachRemaining(kv -> out.put(kv.key, kv.value));
            }
            return out;
        });
    }

    /** Reads this instance's store (active tasks only); a store moving away mid-read is a retryable 503. */
    private <T> T readLocal(Function<ReadOnlyKeyValueStore<String, Totals>, T> read) {
        try {
            return read.apply(streams.store(StoreQueryParameters.fromNameAndType(LedgerTopology.STORE,
                    QueryableStoreTypes.keyValueStore())));
        } catch (InvalidStateStoreException e) {
            throw new LedgerUnavailableException("the ledger's store is not queryable now (" + e.getMessage() + "); retry", e);
        }
    }
}
