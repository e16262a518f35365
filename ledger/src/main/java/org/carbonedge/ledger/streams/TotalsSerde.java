package org.carbonedge.ledger.streams;

import java.io.IOException;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.carbonedge.ledger.LedgerJson;
import org.carbonedge.ledger.core.Totals;

/**
 * JSON serde for {@link Totals} in the ledger's own repartition topic and state store changelog. Totals are the
 * ledger's private state, not a topic contract shared with other services, so they carry no registry schema.
 *
 * <p>Compatibility with state already stored is by field name, not by a version: fields a stored value lacks (the
 * deferral totals and the accuracy delivered, added later) read as 0, and fields this version does not know are ignored, so a changelog written
 * by an older ledger restores as it was and an older ledger reads a newer value without the new figures.
 */
public final class TotalsSerde implements Serde<Totals> {

    @Override
    public Serializer<Totals> serializer() {
        return (topic, totals) -> {
            if (totals == null) {
                return null;
            }
            try {
                return LedgerJson.mapper().writeValueAsBytes(totals);
            } catch (IOException e) {
                throw new SerializationException("cannot write ledger totals for " + topic + ": " + e.getMessage(), e);
            }
        };
    }

    @Override
    public Deserializer<Totals> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return LedgerJson.mapper().readValue(bytes, Totals.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read ledger totals from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
