package org.carbonedge.flinkruntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The class path a Flink cluster process runs on: the jars of the Flink distribution's {@code lib/} as resolved from
 * Maven Central by this module's build, and nothing else. A TaskManager started on the class path of the process
 * that launched it would see CarbonEdge, the Kafka connector and Avro twice — once from its own class path, once from
 * the job jar — and, as Flink loads {@code org.apache.flink.*} parent-first, would run the connector of its own class
 * path instead of the job jar's: the clashes a real cluster shows would stay hidden.
 */
public final class FlinkRuntimeClasspath {

    private static final String RESOURCE = "flink-runtime.classpath";

    private FlinkRuntimeClasspath() {
    }

    /** The class path, entries separated by the platform's path separator. */
    public static String get() {
        try (InputStream in = FlinkRuntimeClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: build the flink-runtime module first");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (classpath.isEmpty()) {
                throw new IllegalStateException(RESOURCE + " is empty");
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }
}
