package org.carbonedge.jobs.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.core.carbon.TestRecords.T0;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.InstantiationUtil;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.jobs.kafka.DeadLetters;
import org.carbonedge.jobs.kafka.DecodeFunction;
import org.carbonedge.jobs.kafka.RawRecord;
import org.carbonedge.jobs.kafka.TestRegistry;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.FuzzTally;
import org.carbonedge.schemas.serde.HostileRecords;
import org.carbonedge.schemas.serde.RandomDatums;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated tasks and results through the Flink decoders, with the real registry: the task-header
 * projection on its own (decoded or rejected with a reason, bounded allocation), then both {@link DecodeFunction}s
 * of the emissions job in Flink's operator test harness, where every record must come out decoded or as a dead
 * letter with a reason, and the operator must never throw.
 */
class DecodeFuzzTest {

    private static final int VALID = 600;
    private static final int MUTANTS_PER_VALID = 6;

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
    void taskHeadersAreDecodedOrRejectedWithAReason() {
        Topic<PartitionTask> topic = catalog.topic(Topics.tasks("dev-a"));
        TaskHeaderDecoder decoder = new TaskHeaderDecoder(registry.settings().registryClient());
        FuzzTally tally = new FuzzTally("TaskHeaderDecoder");
        for (byte[] input : inputs(topic, task(), new Random(1))) {
            tally.attempt(input, b -> decoder.decode(new RawRecord(topic.name(), 0, 0, 0L, null, b)));
        }
        System.out.println(tally.summary());
        assertThat(tally.escapes()).isEmpty();
        assertThat(tally.decodedCount()).isGreaterThan(VALID);
        assertThat(tally.maxAllocatedBytes()).isLessThan(64L << 20);
    }

    @Test
    void theEmissionsJobsDecodeFunctionsDeadLetterWhatTheyCannotDecode() throws Exception {
        Topic<PartitionTask> tasks = catalog.topic(Topics.tasks("dev-a"));
        Topic<PartitionResult> results = catalog.topic(Topics.PARTITION_RESULTS);
        PartitionResult result = TestRecords.ok("r-1", TestRecords.twoStagePlan(), 0, T0, T0, T0.plusMillis(5), 1.0, 10)
                .build();
        FuzzTally tally = new FuzzTally("Flink DecodeFunction (tasks, results)");
        harness(new DecodeFunction<>(registry.settings(), TaskHeaderDecoder.FACTORY, TypeInformation.of(TaskSeen.class),
                "PartitionTask", "fuzz", Validation::partitionTask), inputs(tasks, task(), new Random(2)), tasks.name(), tally);
        harness(new DecodeFunction<>(registry.settings(), PartitionResult.class, "fuzz", Validation::partitionResult),
                inputs(results, result, new Random(3)), results.name(), tally);
        System.out.println(tally.summary());
        assertThat(tally.escapes()).isEmpty();
        assertThat(tally.escapedCount()).isZero();
        assertThat(tally.decodedCount()).isPositive();
    }

    private static <T> void harness(DecodeFunction<T> function, List<byte[]> inputs, String topic, FuzzTally tally)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, T> harness =
                     ProcessFunctionTestHarnesses.forProcessFunction(InstantiationUtil.clone(function))) {
            for (int i = 0; i < inputs.size(); i++) {
                try {
                    harness.processElement(new RawRecord(topic, 0, i, 0L, null, inputs.get(i)), 0L);
                } catch (Throwable t) {
                    tally.escaped(t);
                }
            }
            harness.extractOutputValues().forEach(v -> tally.decoded());
            List<StreamRecord<DeadLetter>> letters = new ArrayList<>(harness.getSideOutput(DeadLetters.TAG));
            letters.forEach(l -> tally.rejected(l.getValue().getReason()));
            assertThat(harness.extractOutputValues().size() + letters.size()).isEqualTo(inputs.size());
        }
    }

    private static PartitionTask task() {
        return TestRecords.task("r-7", TestRecords.twoStagePlan(), 1, T0, T0.plusMillis(40));
    }

    /** The hostile 13-byte record, then valid records (the sample, then random ones) each followed by mutants. */
    private static <V extends org.apache.avro.specific.SpecificRecord> List<byte[]> inputs(Topic<V> topic, V sample,
                                                                                           Random random) {
        byte[] sampleBytes = topic.valueSerde().serializer().serialize(topic.name(), sample);
        int id = java.nio.ByteBuffer.wrap(sampleBytes, 1, 4).getInt();
        RandomDatums datums = new RandomDatums(random);
        HostileRecords hostile = new HostileRecords(random);
        List<byte[]> out = new ArrayList<>(List.of(HostileRecords.claiming2GiB(id)));
        for (int i = 0; i < VALID; i++) {
            byte[] valid = i == 0 ? sampleBytes
                    : RandomDatums.frame(id, RandomDatums.encode(sample.getSchema(), datums.of(sample.getSchema())));
            out.add(valid);
            for (int m = 0; m < MUTANTS_PER_VALID; m++) {
                out.add(hostile.mutate(valid));
            }
        }
        return out;
    }
}
