/**
 * CarbonEdge's embedded, Confluent-compatible schema registry: the Avro subset of Confluent's REST API, so that
 * Confluent clients and serializers (and any client following that API) work against the one-machine platform
 * without Confluent's server. Start it with
 * {@link org.carbonedge.platform.registry.SchemaRegistryServer#start(org.carbonedge.platform.registry.RegistryOptions)}.
 *
 * <h2>Served</h2>
 * {@code GET /}, {@code GET /schemas} (paged, {@code subjectPrefix}, {@code deleted}, {@code latestOnly}),
 * {@code GET /schemas/types}, {@code GET /schemas/ids/{id}} (and {@code /schema}, {@code /subjects},
 * {@code /versions}), {@code GET /subjects} (paged, {@code deleted}, {@code deletedOnly}),
 * {@code POST|DELETE /subjects/{s}}, {@code GET|POST /subjects/{s}/versions}, {@code GET|DELETE
 * /subjects/{s}/versions/{v}}, {@code GET /subjects/{s}/versions/{v}/schema},
 * {@code POST /compatibility/subjects/{s}/versions[/{v}]}, {@code GET|PUT|DELETE /config} and {@code /config/{s}},
 * {@code GET|PUT /mode}, {@code GET|PUT|DELETE /mode/{s}}, {@code GET /v1/metadata/id} — with Confluent's
 * statuses, error codes and bodies; {@code normalize=true} on register and look-up.
 *
 * <h2>Not served (by design)</h2>
 * PROTOBUF and JSON schema types (refused with 42201); schema references (refused with 42201: a schema stored
 * without them would name types nobody can resolve); the IMPORT and READONLY_OVERRIDE modes (42204), and so
 * importing with explicit ids; contexts, metadata and rule sets; leader election — one registry instance is the
 * single writer of its topic.
 *
 * <h2>Layout</h2>
 * {@code http} routes and encodes requests, {@code api} holds the JSON shapes, {@code core} the rules and
 * in-memory state, {@code compat} the Avro compatibility levels, {@code store} the durable log (a compacted
 * Kafka topic, or a list for tests).
 */
package org.carbonedge.platform.registry;
