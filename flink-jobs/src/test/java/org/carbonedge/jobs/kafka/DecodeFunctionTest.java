package org.carbonedge.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.core.carbon.TestRecords.T0;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.InstantiationUtil;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decoding never fails the job: bad bytes and invalid values become dead letters with their origin and bytes. */
class DecodeFunctionTest {

    static TestRegistry registry;
    static Topic<PartitionResult> results;

    @BeforeAll
    static void start() {
        registry = new TestRegistry();
        results = new TopicCatalog(registry.settings().registryClient(), true).topic(Topics.PARTITION_RESULTS);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void decodesGoodRecordsAndDeadLettersTheRestWithReasonOriginAndRawBytes() throws Exception {
        PartitionResult good = TestRecords.ok("r-1", TestRecords.twoStagePlan(), 0, T0, T0, T0.plusMillis(5), 1.0, 10).build();
        PartitionResult negative = PartitionResult.newBuilder(good).setEnergyJoules(-1).build();
        byte[] goodBytes = results.valueSerde().serializer().serialize(results.name(), good);
        byte[] wrongMagic = "{\"json\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownId = {0, 0, 0, 0x7f, 0x7f, 1, 2, 3};
        byte[] truncated = Arrays.copyOf(goodBytes, goodBytes.length / 2);
        byte[] negativeBytes = results.valueSerde().serializer().serialize(results.name(), negative);

        DecodeFunction<PartitionResult> decode = new DecodeFunction<>(registry.settings(), PartitionResult.class, "test",
                r -> r.getEnergyJoules() < 0 ? "negative energy " + r.getEnergyJoules() : null);
        try (OneInputStreamOperatorTestHarness<RawRecord, PartitionResult> harness =
                     ProcessFunctionTestHarnesses.forProcessFunction(InstantiationUtil.clone(decode))) {
            List<byte[]> values = Arrays.asList(wrongMagic, goodBytes, unknownId, null, truncated, negativeBytes);
            for (int i = 0; i < values.size(); i++) {
                harness.processElement(new RawRecord(results.name(), 2, 100 + i, 0L,
                        ("r-" + i).getBytes(StandardCharsets.UTF_8), values.get(i)), 0L);
            }

            assertThat(harness.extractOutputValues()).containsExactly(good);
            List<DeadLetter> letters = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(100L, 102L, 104L, 105L);
            assertThat(letters).allSatisfy(l -> {
                assertThat(l.getSourceTopic()).isEqualTo("carbonedge.partition-results");
                assertThat(l.getSourcePartition()).isEqualTo(2);
                assertThat(l.getService()).isEqualTo("test");
            });
            assertThat(letters.get(0).getReason()).contains("magic byte");
            assertThat(letters.get(0).getValue().array()).isEqualTo(wrongMagic);
            assertThat(DeadLetters.keyOf(letters.get(0))).isEqualTo("r-0");
            assertThat(letters.get(1).getReason()).contains("schema id");
            assertThat(letters.get(2).getReason()).contains("PartitionResult");
            assertThat(letters.get(2).getErrorClass()).isNotNull();
            assertThat(letters.get(3).getReason()).isEqualTo("negative energy -1.0");
            assertThat(letters.get(3).getErrorClass()).isNull();
            assertThat(letters.get(3).getValue().array()).isEqualTo(negativeBytes);
        }
    }
}
