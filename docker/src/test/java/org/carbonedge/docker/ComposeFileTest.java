package org.carbonedge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.docker.DeploymentFiles.COMPOSE;
import static org.carbonedge.docker.DeploymentFiles.DOCKER;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carbonedge.cli.CarbonEdge;
import org.carbonedge.executor.device.DeviceProfiles;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker/compose.yaml checked without a Docker engine: images, start order, configuration, commands, CPU limits and
 * the Prometheus scrape targets agree with each other, with the CLI and with the README.
 */
class ComposeFileTest {

    private static final String CARBONEDGE_IMAGE = "carbonedge/carbonedge:dev";
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)");
    private static final Pattern PROM_PORT = Pattern.compile("metrics\\.reporter\\.prom\\.port:\\s*(\\d+)");

    private final Map<String, Map<String, Object>> services = DeploymentFiles.services();

    @Test
    void everyServiceHasAnImageOrABuildThatExists() {
        Set<String> stages = dockerfileStages();
        services.forEach((name, s) -> {
            assertThat(s.get("image") != null || s.get("build") != null).as(name + " has image or build").isTrue();
            if (s.get("build") instanceof Map<?, ?> build) {
                assertThat(DOCKER.resolve((String) build.get("context"))).as(name + " build context").isDirectory();
                assertThat(DOCKER.resolve((String) build.get("context")).resolve((String) build.get("dockerfile")))
                        .as(name + " Dockerfile").isRegularFile();
                assertThat(stages).as(name + " build target").contains((String) build.get("target"));
            }
        });
    }

    @Test
    void everyDependencyExistsAndStartOrderHasNoCycle() {
        Map<String, Set<String>> after = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            Set<String> targets = dependsOn(s);
            assertThat(services.keySet()).as(name + " depends_on").containsAll(targets);
            after.put(name, targets);
        });
        Set<String> started = new HashSet<>();
        while (started.size() < services.size()) {
            List<String> ready = after.entrySet().stream().filter(e -> !started.contains(e.getKey()))
                    .filter(e -> started.containsAll(e.getValue())).map(Map.Entry::getKey).toList();
            assertThat(ready).as("services that can start after " + started).isNotEmpty();
            started.addAll(ready);
        }
        // nothing of CarbonEdge starts before its topics, schemas and models exist
        services.forEach((name, s) -> {
            if (CARBONEDGE_IMAGE.equals(s.get("image")) && !name.equals("init") || name.equals("job-submitter")) {
                assertThat(condition(s, "init")).as(name + " waits for init").isEqualTo("service_completed_successfully");
            }
        });
        assertThat(condition(services.get("init"), "kafka")).isEqualTo("service_healthy");
        assertThat(condition(services.get("init"), "schema-registry")).isEqualTo("service_healthy");
    }

    @Test
    void everyCarbonEdgeVariableIsDocumentedInTheReadmeTable() {
        List<String> table = DeploymentFiles.documentedVariables();
        assertThat(table).contains("CARBONEDGE_BOOTSTRAP_SERVERS", "CARBONEDGE_REGISTRY_URL", "CARBONEDGE_KAFKA_<NAME>");
        Set<String> used = new HashSet<>();
        Matcher m = INTERPOLATION.matcher(DeploymentFiles.read(COMPOSE));
        while (m.find()) {
            used.add(m.group(1));
        }
        services.forEach((name, s) -> {
            if (s.get("environment") instanceof Map<?, ?> env) {
                env.keySet().forEach(k -> used.add((String) k));
            }
            if (s.get("env_file") != null) {
                assertThat(DOCKER.resolve((String) s.get("env_file"))).as(name + " env_file").isRegularFile();
                used.addAll(DeploymentFiles.envFile(DOCKER.resolve((String) s.get("env_file"))).keySet());
            }
        });
        // the commented-out security examples of the env file must be documented too
        Matcher commented = Pattern.compile("(?m)^# (CARBONEDGE_[A-Z0-9_]+)=").matcher(DeploymentFiles.read(DeploymentFiles.ENV_FILE));
        while (commented.find()) {
            used.add(commented.group(1));
        }
        List<String> ours = used.stream().filter(v -> v.startsWith("CARBONEDGE_")).sorted().toList();
        assertThat(ours).contains("CARBONEDGE_BOOTSTRAP_SERVERS", "CARBONEDGE_KAFKA_SECURITY_PROTOCOL");
        assertThat(ours).allSatisfy(v -> assertThat(DeploymentFiles.documented(v, table)).as(v + " in README Configuration").isTrue());
        assertThat(used.stream().filter(v -> !v.startsWith("CARBONEDGE_")).filter(v -> !thirdParty(v)).toList())
                .as("variables that are neither CarbonEdge's nor an image's own").isEmpty();
    }

    @Test
    void everyCarbonEdgeCommandParsesAndExecutorsAreLimitedToTheirProfilesQuota() {
        services.forEach((name, s) -> {
            if (!CARBONEDGE_IMAGE.equals(s.get("image"))) {
                return;
            }
            List<String> args = command(s);
            CommandLine.ParseResult parsed = new CommandLine(new CarbonEdge()).parseArgs(args.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(name + ": " + args).isTrue();
            if (args.get(0).equals("executor")) {
                double quota = DeviceProfiles.named(value(args, "--profile")).cpuQuota();
                assertThat(((Number) s.get("cpus")).doubleValue()).as(name + " cpus = its profile's quota").isEqualTo(quota);
                assertThat(value(args, "--device-id")).as(name + " device id").isEqualTo(name);
            }
        });
        assertThat(services.values().stream().filter(s -> command(s).contains("executor")).count()).isEqualTo(3);
    }

    @Test
    void volumesAreDeclaredAndBindMountsExist() {
        Set<String> declared = ((Map<?, ?>) DeploymentFiles.yaml(COMPOSE).get("volumes")).keySet().stream()
                .map(Object::toString).collect(java.util.stream.Collectors.toSet());
        services.forEach((name, s) -> {
            for (Object v : (Collection<?>) s.getOrDefault("volumes", List.of())) {
                String source = v.toString().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(Files.exists(DOCKER.resolve(source))).as(name + " mounts " + source).isTrue();
                } else {
                    assertThat(declared).as(name + " volume").contains(source);
                }
            }
        });
        assertThat(services.get("init").get("volumes").toString()).contains("models:/data/models");
        assertThat(services.get("flink-taskmanager").get("volumes").toString()).contains("flink-checkpoints:");
    }

    @Test
    void prometheusScrapesEveryMetricsEndpointAtItsServiceAndPort() {
        Map<String, Integer> metricsPorts = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            Integer port = metricsPort(s);
            if (port != null) {
                metricsPorts.put(name, port);
            }
        });
        assertThat(metricsPorts).containsKeys("edge-high", "edge-medium", "edge-green", "feed", "gateway", "ledger",
                "flink-jobmanager", "flink-taskmanager");
        Map<String, Integer> targets = new LinkedHashMap<>();
        for (Object job : (List<?>) DeploymentFiles.yaml(DeploymentFiles.PROMETHEUS).get("scrape_configs")) {
            for (Object sc : (List<?>) ((Map<?, ?>) job).get("static_configs")) {
                for (Object t : (List<?>) ((Map<?, ?>) sc).get("targets")) {
                    String[] hostPort = t.toString().split(":");
                    targets.put(hostPort[0], Integer.parseInt(hostPort[1]));
                }
            }
        }
        assertThat(targets).isEqualTo(metricsPorts);
    }

    @Test
    void theCarbonEdgeImageRunsAsANonRootUserOnAJre() {
        String dockerfile = DeploymentFiles.read(DOCKER.resolve("Dockerfile"));
        String stage = dockerfile.substring(dockerfile.indexOf(" AS carbonedge"), dockerfile.indexOf(" AS flink"));
        assertThat(dockerfile).contains("ARG JRE_IMAGE=eclipse-temurin:17-jre");
        assertThat(stage).contains("USER carbonedge").doesNotContain("USER root");
        assertThat(dockerfile).containsPattern("ARG FLINK_IMAGE=flink:2\\.2\\.\\d+-java17");
        assertThat(services.get("kafka").get("image").toString()).startsWith("apache/kafka:4.2.");
        assertThat(services.get("schema-registry").get("image").toString()).startsWith("confluentinc/cp-schema-registry:");
        // the build context is the repository root: local build output must not leak into the image
        assertThat(DeploymentFiles.read(DeploymentFiles.ROOT.resolve(".dockerignore")).lines()).contains("**/target", ".git");
    }

    private static Set<String> dockerfileStages() {
        Set<String> stages = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^FROM \\S+ AS (\\S+)").matcher(DeploymentFiles.read(DOCKER.resolve("Dockerfile")));
        while (m.find()) {
            stages.add(m.group(1));
        }
        return stages;
    }

    private static Set<String> dependsOn(Map<String, Object> s) {
        Object d = s.get("depends_on");
        if (d instanceof Map<?, ?> m) {
            return m.keySet().stream().map(Object::toString).collect(java.util.stream.Collectors.toSet());
        }
        if (d instanceof List<?> l) {
            return l.stream().map(Object::toString).collect(java.util.stream.Collectors.toSet());
        }
        return Set.of();
    }

    private static String condition(Map<String, Object> s, String target) {
        Object d = s.get("depends_on");
        return d instanceof Map<?, ?> m && m.get(target) instanceof Map<?, ?> c ? (String) c.get("condition") : null;
    }

    private static List<String> command(Map<String, Object> s) {
        Object c = s.get("command");
        List<String> out = new ArrayList<>();
        if (c instanceof List<?> l) {
            l.forEach(x -> out.add(x.toString()));
        }
        return out;
    }

    private static String value(List<String> args, String option) {
        int i = args.indexOf(option);
        return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
    }

    /** The port a service serves /metrics on, or null when it serves none. */
    private static Integer metricsPort(Map<String, Object> s) {
        List<String> args = command(s);
        if (value(args, "--metrics-port") != null) {
            return Integer.parseInt(value(args, "--metrics-port"));
        }
        if (!args.isEmpty() && (args.get(0).equals("gateway") || args.get(0).equals("ledger"))) {
            return Integer.parseInt(value(args, "--port"));
        }
        if (s.get("environment") instanceof Map<?, ?> env && env.get("FLINK_PROPERTIES") != null) {
            Matcher m = PROM_PORT.matcher(env.get("FLINK_PROPERTIES").toString());
            return m.find() ? Integer.parseInt(m.group(1)) : null;
        }
        return null;
    }

    /** Variables the third-party images read themselves (documented by those images). */
    private static boolean thirdParty(String v) {
        return v.startsWith("KAFKA_") || v.equals("CLUSTER_ID") || v.startsWith("SCHEMA_REGISTRY_")
                || v.equals("FLINK_PROPERTIES") || v.startsWith("GF_");
    }
}
