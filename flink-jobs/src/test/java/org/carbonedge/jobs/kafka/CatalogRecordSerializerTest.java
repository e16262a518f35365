package org.carbonedge.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonedge.core.carbon.TestRecords.T0;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RegistryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the sinks write: the catalog's wire format, the right topic and key, after Java serialization by Flink. */
class CatalogRecordSerializerTest {

    static TestRegistry registry;
    static TopicCatalog catalog;

    @BeforeAll
    static void start() {
        registry = new TestRegistry();
        catalog = new TopicCatalog(registry.settings().registryClient(), true);
        registry.settings().registryClient().register(Topics.tasks("dev-b").valueSubject(), PartitionTask.getClassSchema());
        registry.settings().registryClient().register(Topics.DEAD_LETTER.valueSubject(), DeadLetter.getClassSchema());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void tasksGoToTheTaskTopicOfTheirStagesDeviceKeyedByRequest() throws Exception {
        PartitionTask task = TestRecords.task("r-7", TestRecords.twoStagePlan(), 1, T0, T0.plusMillis(3));
        CatalogRecordSerializer<PartitionTask> serializer =
                InstantiationUtil.clone(CatalogRecordSerializer.forDeviceTasks(registry.settings()));
        serializer.open(null, null);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(task, null, 42L);

        assertThat(record.topic()).isEqualTo("carbonedge.tasks.dev-b");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("r-7");
        assertThat(record.timestamp()).isEqualTo(42L);
        var values = catalog.topic(Topics.tasks("dev-b")).valueSerde().deserializer();
        assertThat(values.deserialize(record.topic(), record.value())).isEqualTo(task);
    }

    @Test
    void deadLettersAreKeyedByTheirSourceKey() throws Exception {
        DeadLetter letter = DeadLetters.of(new RawRecord("carbonedge.requests", 0, 9, 0L,
                "req-9".getBytes(StandardCharsets.UTF_8), new byte[]{1}), "bad", null, "router", Instant.EPOCH);
        CatalogRecordSerializer<DeadLetter> serializer = InstantiationUtil.clone(
                CatalogRecordSerializer.forTopic(registry.settings(), Topics.DEAD_LETTER, DeadLetters::keyOf));
        serializer.open(null, null);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(letter, null, null);

        assertThat(record.topic()).isEqualTo("carbonedge.dead-letter");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("req-9");
    }

    @Test
    void aTopicWhoseSchemaIsNotRegisteredIsRefusedWithTheReason() {
        CatalogRecordSerializer<EmissionRecord> serializer = CatalogRecordSerializer.forTopic(
                registry.settings(), Topics.EMISSIONS, EmissionRecord::getRequestId);
        serializer.open(null, null);
        EmissionRecord any = EmissionRecord.newBuilder().setRequestId("r").setModelId("m").setPolicy("green")
                .setStatus(org.carbonedge.avro.InferenceStatus.OK).setSubmittedAt(T0).setCompletedAt(T0)
                .setLatencyMillis(0).setParts(java.util.List.of()).setEnergyJoules(0).setOperationalGco2(0)
                .setTransferGco2(0).setEmbodiedGco2(0).setTotalGco2(0).setSignal(org.carbonedge.avro.SignalType.AVERAGE)
                .setIntensityKind(org.carbonedge.avro.IntensityKind.MEASURED).setPue(1.0).build();
        assertThatThrownBy(() -> serializer.serialize(any, null, null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("not registered");
    }

    @Test
    void exactlyOnceNeedsAPrefixAndEachSinkGetsItsOwn() {
        assertThatThrownBy(() -> new Delivery(DeliveryGuarantee.EXACTLY_ONCE, " ", Delivery.DEFAULT_TRANSACTION_TIMEOUT))
                .hasMessageContaining("transactional id prefix");
        assertThat(Delivery.exactlyOnce("job").forSink("emissions").transactionalIdPrefix()).isEqualTo("job-emissions");
        assertThat(Delivery.atLeastOnce().forSink("x").transactionalIdPrefix()).isNull();
        assertThat(KafkaSources.DEVICE_TASKS.matcher("carbonedge.tasks.edge-1").matches()).isTrue();
        assertThat(KafkaSources.DEVICE_TASKS.matcher("carbonedge.tasks.").matches()).isFalse();
        assertThat(KafkaSources.DEVICE_TASKS.matcher("carbonedgeXtasks.a").matches()).isFalse();
    }
}
