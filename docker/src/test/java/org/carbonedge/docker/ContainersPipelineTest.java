package org.carbonedge.docker;

import java.nio.file.Path;

import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.pipeline.PipelineScenario;
import org.carbonedge.common.ClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The multi-host check: the embedded end-to-end scenario ({@link PipelineScenario}: N requests under every policy,
 * exactly N OK emission records read_committed) against a real Apache Kafka broker and a real Confluent Schema
 * Registry in containers, the images of docker/compose.yaml. Executors, rollup, feed and the Flink jobs (on
 * MiniClusters) run in this JVM against them. Skipped where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersPipelineTest {

    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(image("kafka"))
            .withNetwork(NETWORK)
            .withListener("kafka:19092");

    @Container
    private static final GenericContainer<?> REGISTRY = new GenericContainer<>(image("schema-registry"))
            .withNetwork(NETWORK)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .dependsOn(KAFKA)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    @TempDir
    Path dir;

    @Test
    void everyRequestUnderEveryPolicyEndsInExactlyOneEmissionRecord() throws Exception {
        ClientSettings cluster = ClientSettings.of(KAFKA.getBootstrapServers(),
                "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081));
        EmbeddedPipeline.Options options = EmbeddedPipeline.Options.defaults(dir).withPorts(0, 0).onCluster(cluster);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options)) {
            PipelineScenario.everyRequestEndsInExactlyOneEmissionRecord(pipeline, 4);
        }
    }

    /** The image docker/compose.yaml runs for {@code service}, so the test and the deployment use the same versions. */
    private static String image(String service) {
        return DeploymentFiles.services().get(service).get("image").toString();
    }
}
