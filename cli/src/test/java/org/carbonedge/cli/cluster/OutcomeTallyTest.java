package org.carbonedge.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.junit.jupiter.api.Test;

/**
 * How {@code cluster chaos} judges a run: each request sent must end in exactly one outcome, whichever comes first —
 * the acknowledgement of the publish or the record — and whatever its kind.
 */
class OutcomeTallyTest {

    @Test
    void everyRequestIsCountedOnceInThePhaseItWasSentIn() {
        OutcomeTally tally = new OutcomeTally();
        tally.sent("ok", 0, 1);
        tally.onEmission(record("ok", InferenceStatus.OK));
        tally.onEmission(record("early", InferenceStatus.FAILED)); // read before its acknowledgement came back
        tally.sent("early", 0, 2);
        tally.sent("rejected", 1, 3);
        tally.onEmission(record("rejected", InferenceStatus.REJECTED));
        tally.sent("dead", 1, 4);
        tally.onDeadLetter("dead", deadLetter());
        tally.onEmission(record("not-ours", InferenceStatus.OK));

        assertThat(tally.counts(0)).isEqualTo(new OutcomeTally.Counts(2, 1, 1, 0, 0, 0, 0));
        assertThat(tally.counts(1)).isEqualTo(new OutcomeTally.Counts(2, 0, 0, 1, 1, 0, 0));
        assertThat(tally.pending()).isZero();
    }

    @Test
    void aRequestWithNoOutcomeIsLostAndOneWithTwoIsADuplicate() {
        OutcomeTally tally = new OutcomeTally();
        tally.sent("lost", 0, 1);
        tally.sent("twice", 0, 2);
        tally.onEmission(record("twice", InferenceStatus.OK));
        tally.onEmission(record("twice", InferenceStatus.FAILED));
        tally.sent("record-and-letter", 0, 3);
        tally.onEmission(record("record-and-letter", InferenceStatus.OK));
        tally.onDeadLetter("record-and-letter", deadLetter());

        OutcomeTally.Counts counts = tally.counts(0);
        assertThat(counts.lost()).isEqualTo(1);
        assertThat(counts.duplicates()).isEqualTo(2);
        assertThat(tally.pending()).isEqualTo(1);
    }

    @Test
    void reasonsAreCountedPerCauseWithNumbersFolded() {
        OutcomeTally tally = new OutcomeTally();
        for (int i = 0; i < 3; i++) {
            tally.sent("r" + i, 0, i);
            EmissionRecord r = record("r" + i, InferenceStatus.FAILED);
            r.setReason("stage 1 timed out after " + (1000 + i) + " ms");
            tally.onEmission(r);
        }
        tally.sent("ok", 0, 9);
        tally.onEmission(record("ok", InferenceStatus.OK));
        assertThat(tally.reasons(0)).containsExactly(java.util.Map.entry("FAILED: stage # timed out after # ms", 3L));
    }

    @Test
    void recoveryIsTheFirstOkRecordOfARequestSentAfterTheFault() {
        OutcomeTally tally = new OutcomeTally();
        tally.sent("before", 0, 100);
        tally.watchFrom(200);
        tally.onEmission(record("before", InferenceStatus.OK));
        assertThat(tally.firstOkNanos()).isNegative();
        tally.sent("after-failed", 0, 300);
        tally.onEmission(record("after-failed", InferenceStatus.FAILED));
        assertThat(tally.firstOkNanos()).isNegative();
        tally.sent("after", 0, 400);
        tally.onEmission(record("after", InferenceStatus.OK));
        assertThat(tally.firstOkNanos()).isPositive();
    }

    private static EmissionRecord record(String id, InferenceStatus status) {
        return EmissionRecord.newBuilder().setRequestId(id).setModelId("m").setPolicy("green").setStatus(status)
                .setSubmittedAt(Instant.EPOCH).setCompletedAt(Instant.EPOCH).setLatencyMillis(1).setParts(List.of())
                .setTransfers(List.of()).setEnergyJoules(0).setOperationalGco2(0).setTransferGco2(0).setEmbodiedGco2(0)
                .setTotalGco2(0).setMarginalGco2(null).setSignal(SignalType.AVERAGE).setIntensityKind(IntensityKind.MEASURED)
                .setPue(1.0).setAttributes(java.util.Map.of()).build();
    }

    private static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setSourceTopic("carbonedge.requests").setSourcePartition(0).setSourceOffset(0)
                .setReason("test").setService("ingest").setFailedAt(Instant.EPOCH).build();
    }
}
