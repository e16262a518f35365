package org.carbonedge.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core stays plain Java: no source under {@code core/src/main/java} imports or names Kafka, Flink or ONNX Runtime,
 * so the planner, the scorers and the carbon accounting can be used by anything (the router job, the experiments, the
 * oracle, a Streams router) without pulling a runtime in. The classpath half of the rule is the enforcer's
 * {@code bannedDependencies} in core's pom.
 */
class CoreHasNoRuntimeImportsTest {

    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");

    /** An import (plain or static) of a banned package, or a fully-qualified use of one in code. */
    private static final Pattern BANNED = Pattern.compile("\\b(org\\.apache\\.kafka|org\\.apache\\.flink|ai\\.onnxruntime)\\.");

    @Test
    void mainSourcesUseNoKafkaFlinkOrOnnxRuntime() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("core's main sources, scanned from %s", MAIN_SOURCES.toAbsolutePath()).hasSizeGreaterThan(20);

        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = read(source);
            for (int i = 0; i < lines.size(); i++) {
                String code = codeOf(lines.get(i));
                if (BANNED.matcher(code).find()) {
                    offences.add(MAIN_SOURCES.relativize(source) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(offences).as("Kafka/Flink/ONNX Runtime in carbonedge-core (move it to the module that runs it)").isEmpty();
    }

    @Test
    void theScanSeesAnImport() {
        assertThat(BANNED.matcher(codeOf("import org.apache.flink.api.common.functions.MapFunction;")).find()).isTrue();
        assertThat(BANNED.matcher(codeOf("import static org.apache.kafka.common.utils.Utils.sleep;")).find()).isTrue();
        assertThat(BANNED.matcher(codeOf("    var env = new ai.onnxruntime.OrtEnvironment();")).find()).isTrue();
        assertThat(BANNED.matcher(codeOf(" * unlike org.apache.flink.Foo, this is plain")).find()).isFalse();
        assertThat(BANNED.matcher(codeOf("int x = 1; // not org.apache.kafka.Bar")).find()).isFalse();
    }

    /** The line without a trailing {@code //} comment, and empty for a line of a block or Javadoc comment. */
    private static String codeOf(String line) {
        String stripped = line.strip();
        if (stripped.startsWith("*") || stripped.startsWith("/*") || stripped.startsWith("//")) {
            return "";
        }
        int comment = line.indexOf("//");
        return comment >= 0 ? line.substring(0, comment) : line;
    }

    private static List<String> read(Path source) {
        try {
            return Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
