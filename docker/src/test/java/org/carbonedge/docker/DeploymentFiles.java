package org.carbonedge.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files of {@code docker/} read the way Docker Compose and Prometheus read them (YAML anchors and
 * merge keys resolved), for the tests that check them against each other, the code and the README.
 */
final class DeploymentFiles {

    /** The module directory (Maven runs tests there). */
    static final Path DOCKER = Path.of("").toAbsolutePath();
    static final Path ROOT = DOCKER.getParent();
    static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    static final Path ENV_FILE = DOCKER.resolve("carbonedge.env");
    static final Path PROMETHEUS = DOCKER.resolve("prometheus/prometheus.yml");
    static final Path DASHBOARD = DOCKER.resolve("grafana/dashboards/carbonedge.json");
    static final Path README = ROOT.resolve("README.md");

    private static final Pattern README_VARIABLE = Pattern.compile("^\\| `(CARBONEDGE_[A-Z0-9_]+(?:<NAME>)?)`");

    private DeploymentFiles() {
    }

    /** A YAML document as nested maps and lists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return (Map<String, Object>) new Yaml(options).load(read(file));
    }

    /** The compose file's services, by name. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) yaml(COMPOSE).get("services");
    }

    /** KEY=VALUE lines of an env file (comments and blank lines skipped). */
    static Map<String, String> envFile(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                int eq = l.indexOf('=');
                out.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return out;
    }

    /** Variable names of the README's Configuration table, e.g. CARBONEDGE_BOOTSTRAP_SERVERS, CARBONEDGE_KAFKA_<NAME>. */
    static List<String> documentedVariables() {
        List<String> out = new ArrayList<>();
        boolean inConfiguration = false;
        for (String line : read(README).split("\n")) {
            if (line.startsWith("## ")) {
                inConfiguration = line.equals("## Configuration");
            } else if (inConfiguration) {
                Matcher m = README_VARIABLE.matcher(line);
                if (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** Whether {@code variable} is in the table, by name or by a documented prefix such as CARBONEDGE_KAFKA_<NAME>. */
    static boolean documented(String variable, List<String> table) {
        return table.stream().anyMatch(d -> d.endsWith("<NAME>")
                ? variable.startsWith(d.substring(0, d.length() - "<NAME>".length())) : d.equals(variable));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
