package org.carbonedge.feed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carbonedge.feed.text.CsvLine;

/**
 * Locates the shared real data (never copied into the repo): system property {@code carbonedge.shared.data}, else
 * {@code ../shared/data} from the repo root (the module runs tests from {@code carbon-feed/}, so both
 * {@code ../shared/data} and {@code ../../shared/data} are tried). Tests skip with a clear message when absent.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String property = System.getProperty("carbonedge.shared.data");
        List<Path> candidates = new ArrayList<>();
        if (property != null && !property.isBlank()) {
            candidates.add(Paths.get(property));
        }
        candidates.add(Paths.get("../shared/data"));
        candidates.add(Paths.get("../../shared/data"));
        for (Path p : candidates) {
            if (Files.isDirectory(p.resolve("grid"))) {
                return p.normalize();
            }
        }
        assumeTrue(false, "shared data not found (tried " + candidates
                + "); set -Dcarbonedge.shared.data=/path/to/shared/data to run this test");
        return null;
    }

    public static Path grid(String relative) {
        return root().resolve("grid").resolve(relative);
    }

    /** PROVENANCE.csv rows keyed by local_path, as column name → value. */
    public static Map<String, Map<String, String>> provenance() {
        Path file = root().resolve("PROVENANCE.csv");
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            CsvLine csv = new CsvLine(',');
            csv.parse(lines.get(0));
            List<String> header = new ArrayList<>();
            for (int i = 0; i < csv.size(); i++) {
                header.add(csv.field(i));
            }
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                if (!csv.parse(line)) {
                    throw new IllegalStateException("bad PROVENANCE line: " + line);
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < csv.size(); i++) {
                    row.put(header.get(i), csv.field(i));
                }
                out.put(row.get("local_path"), row);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
