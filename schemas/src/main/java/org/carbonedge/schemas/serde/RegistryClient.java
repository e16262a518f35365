package org.carbonedge.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;

/**
 * CarbonEdge's door to a schema registry, built on the real Confluent client (7.5, shipped shaded inside
 * flink-sql-avro-confluent-registry because no io.confluent artifact is on Maven Central). It speaks to the
 * embedded registry and to a Confluent Schema Registry alike, and keeps the shaded types out of the rest of the
 * code: callers see plain {@link Schema}s and ids.
 */
public final class RegistryClient {

    private static final int CACHE_CAPACITY = 1_000;

    private final String url;
    private final SchemaRegistryClient client;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /**
     * @param url     base URL, e.g. {@code http://127.0.0.1:8081}
     * @param configs Confluent client settings (basic.auth.*, schema.registry.ssl.*), may be empty
     */
    public RegistryClient(String url, Map<String, ?> configs) {
        this.url = url;
        this.client = new CachedSchemaRegistryClient(url, CACHE_CAPACITY, configs);
    }

    public RegistryClient(String url) {
        this(url, Map.of());
    }

    public String url() {
        return url;
    }

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    public int register(String subject, Schema schema) {
        try {
            return client.register(subject, new AvroSchema(schema.toString()));
        } catch (RestClientException e) {
            throw new RegistryException("registry refused schema for subject " + subject + ": " + e.getMessage()
                    + " (HTTP " + e.getStatus() + ", error " + e.getErrorCode() + ")", e.getErrorCode(), e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Id of {@code schema} under {@code subject}, which must already be registered. */
    public int lookupId(String subject, Schema schema) {
        try {
            return client.getId(subject, new AvroSchema(schema.toString()));
        } catch (RestClientException e) {
            throw new RegistryException("schema for subject " + subject + " is not registered (error "
                    + e.getErrorCode() + "); auto-registration is off: run `carbonedge up` or register it first",
                    e.getErrorCode(), e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** The writer schema behind a global id, cached forever (ids are immutable). */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        try {
            String text = client.getSchemaById(id).canonicalString();
            Schema schema = new Schema.Parser().parse(text);
            schemasById.put(id, schema);
            return schema;
        } catch (RestClientException e) {
            throw new RegistryException("unknown schema id " + id + " (error " + e.getErrorCode() + ")", e.getErrorCode(), e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Whether {@code schema} may be registered under {@code subject} by its compatibility rules. */
    public boolean isCompatible(String subject, Schema schema) {
        try {
            return client.testCompatibility(subject, new AvroSchema(schema.toString()));
        } catch (RestClientException e) {
            throw new RegistryException("compatibility check failed for " + subject + ": " + e.getMessage(), e.getErrorCode(), e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private RegistryException unreachable(IOException e) {
        return new RegistryException("schema registry at " + url + " is unreachable: " + e.getMessage(), -1, e);
    }
}
