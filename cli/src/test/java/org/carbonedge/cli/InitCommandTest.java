package org.carbonedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.platform.EmbeddedKafkaBroker;
import org.carbonedge.platform.registry.RegistryOptions;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbonedge init} on a bare broker and registry (what a multi-host deployment starts with): every topic and
 * schema, the device task topics and the model afterwards; a second run creates nothing.
 */
class InitCommandTest {

    @TempDir
    Path dir;

    @Test
    void preparesABareClusterAndIsIdempotent() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
             SchemaRegistryServer registry = SchemaRegistryServer.start(
                     RegistryOptions.of(broker.bootstrapServers(), Topics.SCHEMAS_STORE, "127.0.0.1", 0))) {
            String[] args = {"init", "--bootstrap", broker.bootstrapServers(), "--registry", registry.url(),
                    "--replication-factor", "1", "--device", "edge-a", "--model", "mnist-cnn", "--parts", "2",
                    "--model-store", dir.resolve("models").toString()};
            CliRun first = CliRun.run(args);
            assertThat(first.exitCode()).as(first.toString()).isZero();
            int topics = Topics.all().size() + 1;
            assertThat(first.out()).contains("init topics=" + topics + " created=" + topics + " schemas=" + topics + " models=mnist-cnn");

            ClientSettings settings = ClientSettings.of(broker.bootstrapServers(), registry.url());
            try (Admin admin = Admin.create(settings.admin())) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(names).contains(Topics.tasks("edge-a").name())
                        .containsAll(Topics.all().stream().map(t -> t.name()).toList());
            }
            for (var def : Topics.all()) {
                assertThat(settings.registryClient().lookupId(def.valueSubject(), def.valueSchema())).isPositive();
            }
            assertThat(Files.exists(dir.resolve("models/mnist-cnn/manifest.json"))).isTrue();

            String[] againArgs = {"init", "--bootstrap", broker.bootstrapServers(), "--registry", registry.url(),
                    "--device", "edge-a", "--no-models"};
            CliRun again = CliRun.run(againArgs);
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains(" created=0 ");
        }
    }

    @Test
    void badArgumentsExitWithTwo() {
        assertThat(CliRun.run("init", "--parts", "0").exitCode()).isEqualTo(CarbonEdge.EXIT_USAGE);
        assertThat(CliRun.run("init", "--model", "resnet-9000").exitCode()).isEqualTo(CarbonEdge.EXIT_USAGE);
        assertThat(CliRun.run("init", "--replication-factor", "0").exitCode()).isEqualTo(CarbonEdge.EXIT_USAGE);
        assertThat(CliRun.run("init", "--device", "bad/id").exitCode()).isEqualTo(CarbonEdge.EXIT_USAGE);
    }
}
