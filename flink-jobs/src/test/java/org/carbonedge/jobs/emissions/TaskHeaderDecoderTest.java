package org.carbonedge.jobs.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonedge.core.carbon.TestRecords.T0;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.jobs.kafka.RawRecord;
import org.carbonedge.jobs.kafka.TestRegistry;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A task is read without its tensors: every other field, and where it lies in Kafka, come through intact. */
class TaskHeaderDecoderTest {

    static TestRegistry registry;
    static TopicCatalog catalog;

    @BeforeAll
    static void start() {
        registry = new TestRegistry();
        catalog = new TopicCatalog(registry.settings().registryClient(), true);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void decodesEverythingButTheTensorsAndKeepsThePosition() {
        var labelled = org.carbonedge.avro.ExecutionPlan.newBuilder(TestRecords.twoStagePlan())
                .setAttributes(java.util.Map.of("tenant", "acme")).build();
        PartitionTask task = PartitionTask.newBuilder(TestRecords.task("r-7", labelled, 1, T0,
                T0.plusMillis(40))).setAttempt(2).build();
        Topic<PartitionTask> topic = catalog.topic(Topics.tasks("dev-b"));
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), task);

        TaskSeen seen = TaskHeaderDecoder.FACTORY.create(registry.settings()).decode(
                new RawRecord(topic.name(), 0, 41, 0L, "r-7".getBytes(StandardCharsets.UTF_8), bytes));

        assertThat(seen).usingRecursiveComparison()
                .isEqualTo(TaskSeen.of(task, "carbonedge.tasks.dev-b", 0, 41));
        assertThat(TaskHeaderDecoder.PROJECTION.getField("inputs")).isNull();
    }

    @Test
    void refusesRecordsOfAnotherType() {
        Topic<PartitionResult> results = catalog.topic(Topics.PARTITION_RESULTS);
        byte[] bytes = results.valueSerde().serializer().serialize(results.name(),
                TestRecords.ok("r-1", TestRecords.twoStagePlan(), 0, T0, T0, T0.plusMillis(5), 1.0, 10).build());

        assertThatThrownBy(() -> TaskHeaderDecoder.FACTORY.create(registry.settings())
                .decode(new RawRecord(results.name(), 0, 1, 0L, null, bytes)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("PartitionResult");
    }
}
