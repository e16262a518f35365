package org.carbonedge.platform.registry.compat;

import org.apache.avro.Schema;

/**
 * A registered version a new schema is checked against.
 *
 * @param version the version number under its subject, quoted in verbose messages
 * @param schema  the parsed schema
 */
public record ExistingSchema(int version, Schema schema) {
}
