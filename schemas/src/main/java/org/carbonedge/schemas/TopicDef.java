package org.carbonedge.schemas;

import java.util.Map;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a CarbonEdge topic is, independent of any running cluster: its name, the Avro type of its values, and the
 * settings it is created with. Keys are always UTF-8 strings (requestId, deviceId, zone or modelId).
 *
 * @param name        full topic name, {@code carbonedge.<name>}
 * @param valueType   generated Avro class of the values
 * @param valueSchema Avro schema of the values (registered under {@link #valueSubject()})
 * @param partitions  partitions to create it with
 * @param configs     topic-level configs (cleanup policy, retention)
 */
public record TopicDef<V extends SpecificRecord>(
        String name, Class<V> valueType, Schema valueSchema, int partitions, Map<String, String> configs) {

    public TopicDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(valueSchema, "valueSchema");
        configs = Map.copyOf(configs);
    }

    /** Subject of the value schema under Confluent's TopicNameStrategy. */
    public String valueSubject() {
        return name + "-value";
    }

    /** Whether the topic keeps only the latest value per key. */
    public boolean compacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }
}
