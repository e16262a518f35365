package org.carbonedge.schemas.serde;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;

/**
 * Every schema in {@code schemas/src/main/avro}, parsed from the files (shared types in {@code common/} first, as
 * the Avro plugin imports them), plus a recursive one no project schema has, to fuzz nesting.
 */
public final class ProjectSchemas {

    /** A linked list with children: recursion through a union and an array. */
    public static final Schema RECURSIVE = new Schema.Parser().parse("""
            {"type":"record","name":"Node","namespace":"org.carbonedge.test","fields":[
              {"name":"label","type":"string"},
              {"name":"next","type":["null","Node"]},
              {"name":"children","type":{"type":"array","items":"Node"}},
              {"name":"tags","type":{"type":"map","values":["null","int"]}},
              {"name":"nothing","type":{"type":"array","items":"null"}},
              {"name":"flag","type":"boolean"},
              {"name":"id","type":{"type":"fixed","name":"Id","size":4}}]}""");

    private ProjectSchemas() {
    }

    /** The top-level record schemas of the project's {@code .avsc} files, then {@link #RECURSIVE}. */
    public static List<Schema> all() {
        Path dir = avroDir();
        Schema.Parser parser = new Schema.Parser();
        for (String common : List.of("TensorDataType", "SignalType", "IntensityKind", "DeviceStatus", "Tensor",
                "TensorSpec", "PlanStage", "PlanDeferral", "ExecutionPlan")) {
            parse(parser, dir.resolve("common").resolve(common + ".avsc").toFile());
        }
        List<Schema> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".avsc")).sorted()
                    .forEach(p -> out.add(parse(parser, p.toFile())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.add(RECURSIVE);
        return out;
    }

    private static Schema parse(Schema.Parser parser, File file) {
        try {
            return parser.parse(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path avroDir() {
        for (Path p : List.of(Path.of("src/main/avro"), Path.of("schemas/src/main/avro"), Path.of("../schemas/src/main/avro"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("schemas/src/main/avro not found from " + Path.of("").toAbsolutePath());
    }
}
