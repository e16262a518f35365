package org.carbonedge.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic bound to the serdes that read and write it: what producers, consumers, Kafka Streams and Flink
 * connectors are built from.
 */
public record Topic<V extends SpecificRecord>(TopicDef<V> def, Serde<String> keySerde, Serde<V> valueSerde) {

    public String name() {
        return def.name();
    }
}
