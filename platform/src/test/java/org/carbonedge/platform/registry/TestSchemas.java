package org.carbonedge.platform.registry;

/** Avro schemas used across the registry tests, as JSON text. */
final class TestSchemas {

    /** v1: id and value. */
    static final String READING_V1 = """
            {"type":"record","name":"Reading","namespace":"org.carbonedge.test","fields":[
              {"name":"id","type":"string"},
              {"name":"value","type":"double"}]}""";

    /** v2: adds a field with a default — backward and forward compatible with v1. */
    static final String READING_V2 = """
            {"type":"record","name":"Reading","namespace":"org.carbonedge.test","fields":[
              {"name":"id","type":"string"},
              {"name":"value","type":"double"},
              {"name":"zone","type":"string","default":"unknown"}]}""";

    /** Adds a field without a default — not backward compatible with v1 or v2. */
    static final String READING_NO_DEFAULT = """
            {"type":"record","name":"Reading","namespace":"org.carbonedge.test","fields":[
              {"name":"id","type":"string"},
              {"name":"value","type":"double"},
              {"name":"deviceId","type":"string"}]}""";

    /** An unrelated record, to get a second global id. */
    static final String DEVICE = """
            {"type":"record","name":"Device","namespace":"org.carbonedge.test","fields":[
              {"name":"deviceId","type":"string"}]}""";

    private TestSchemas() {
    }
}
