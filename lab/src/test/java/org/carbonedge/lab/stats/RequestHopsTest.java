package org.carbonedge.lab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.carbonedge.lab.stats.RequestHops.Report;
import org.carbonedge.lab.stats.RequestHops.Stamp;
import org.carbonedge.lab.stats.RequestHops.Timeline;
import org.junit.jupiter.api.Test;

class RequestHopsTest {

    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    /** Request i: validated 1 ms after submission, planned +2, started +3, ended +i+1 (compute i+1 ms), result +10, emission +1000. */
    private static Timeline timeline(int i) {
        long s = T0 + i * 100 * MS;
        long start = s + 6 * MS;
        long end = start + (i + 1) * MS;
        long[] stamps = {s, s + MS, s + 3 * MS, start, end, end + 10 * MS, end + 1_010 * MS};
        return new Timeline("r" + i, stamps, (end - s) / 1e6, i + 1, true);
    }

    @Test
    void knownTimestampsGiveKnownPercentilesOfEveryHop() {
        List<Timeline> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(timeline(i));
        }
        Report r = RequestHops.analyse(all, MS);
        assertThat(r.requests()).isEqualTo(100);
        assertThat(r.complete()).isEqualTo(100);
        assertThat(r.missing()).isEmpty();
        assertThat(r.incomplete()).isEmpty();
        assertThat(r.outOfOrder()).isZero();
        // compute of request i is i+1 ms: nearest rank over 1..100 ms puts p50 at 51, p95 at 96, p99 at 100
        assertThat(r.compute().p50()).isEqualTo(51);
        assertThat(r.compute().p95()).isEqualTo(96);
        assertThat(r.compute().p99()).isEqualTo(100);
        assertThat(r.compute().max()).isEqualTo(100);
        assertThat(r.compute().min()).isEqualTo(1);
        assertThat(r.besideLater()).isZero();
        assertThat(r.e2e().p50()).isCloseTo(57, within(1e-9));
        // added latency is the same 6 ms for everyone: what the pipeline adds, not what the model takes
        assertThat(r.added().p50()).isCloseTo(6, within(1e-9));
        assertThat(r.added().p99()).isCloseTo(6, within(1e-9));
        assertThat(r.hop(Stamp.SUBMITTED, Stamp.VALIDATED).p99()).isCloseTo(1, within(1e-9));
        assertThat(r.hop(Stamp.VALIDATED, Stamp.PLANNED).p50()).isCloseTo(2, within(1e-9));
        assertThat(r.hop(Stamp.PLANNED, Stamp.DEVICE_START).p50()).isCloseTo(3, within(1e-9));
        assertThat(r.hop(Stamp.DEVICE_START, Stamp.DEVICE_END).p95()).isCloseTo(96, within(1e-9));
        assertThat(r.hop(Stamp.DEVICE_END, Stamp.RESULT_VISIBLE).p50()).isCloseTo(10, within(1e-9));
        assertThat(r.hop(Stamp.RESULT_VISIBLE, Stamp.EMISSION_VISIBLE).p50()).isCloseTo(1_000, within(1e-9));
        assertThat(r.hop(Stamp.SUBMITTED, Stamp.EMISSION_VISIBLE).p50()).isCloseTo(1_067, within(1e-9));
        assertThat(r.since(Stamp.PLANNED).p50()).isCloseTo(3, within(1e-9));
        assertThat(r.since(Stamp.EMISSION_VISIBLE).p99()).isCloseTo(1_116, within(1e-9));
        assertThat(r.hops()).hasSize(RequestHops.HOPS.size()).hasSize(7);
    }

    @Test
    void aRequestMissingAHopIsCountedAndNamedNotSilentlyDropped() {
        List<Timeline> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(timeline(i));
        }
        long[] noValidation = all.get(3).stamps().clone();
        noValidation[Stamp.VALIDATED.ordinal()] = RequestHops.MISSING;
        all.set(3, new Timeline("r3", noValidation, all.get(3).e2eMillis(), all.get(3).computeMillis(), true));
        long[] noRecord = all.get(7).stamps().clone();
        noRecord[Stamp.EMISSION_VISIBLE.ordinal()] = RequestHops.MISSING;
        all.set(7, new Timeline("r7", noRecord, Double.NaN, Double.NaN, false));
        all.set(8, new Timeline("r8", all.get(8).stamps(), all.get(8).e2eMillis(), all.get(8).computeMillis(), false));

        Report r = RequestHops.analyse(all, MS);
        assertThat(r.requests()).isEqualTo(10);
        assertThat(r.complete()).isEqualTo(7);
        assertThat(r.incomplete()).containsExactly("r3", "r7", "r8");
        assertThat(r.missing()).containsOnlyKeys(Stamp.VALIDATED, Stamp.EMISSION_VISIBLE)
                .containsEntry(Stamp.VALIDATED, 1).containsEntry(Stamp.EMISSION_VISIBLE, 1);
        assertThat(r.notOk()).as("r8 has a record that is not OK; r7 has none").isEqualTo(1);
        assertThat(r.e2e().n()).isEqualTo(7);
        assertThat(r.hop(Stamp.SUBMITTED, Stamp.VALIDATED).n()).isEqualTo(7);
        // computes left: 1, 2, 3, 5, 6, 7, 10 ms
        assertThat(r.compute().p50()).isEqualTo(5);
        assertThat(r.compute().max()).isEqualTo(10);
    }

    @Test
    void aStampEarlierThanTheOneBeforeItBeyondTheToleranceIsOutOfOrder() {
        Timeline rounded = timeline(0);
        long[] s = rounded.stamps().clone();
        // planned (a record field, whole ms) 0.6 ms before the observed validation: within 1 ms of rounding
        s[Stamp.PLANNED.ordinal()] = s[Stamp.VALIDATED.ordinal()] - 600_000;
        Timeline withinRounding = new Timeline("a", s, rounded.e2eMillis(), rounded.computeMillis(), true);
        long[] late = rounded.stamps().clone();
        late[Stamp.RESULT_VISIBLE.ordinal()] = late[Stamp.DEVICE_END.ordinal()] - 3 * MS;
        Timeline beyond = new Timeline("b", late, rounded.e2eMillis(), rounded.computeMillis(), true);

        // the bench's reader of validated requests reads beside the router: the router may plan first
        long[] planFirst = rounded.stamps().clone();
        planFirst[Stamp.VALIDATED.ordinal()] = planFirst[Stamp.PLANNED.ordinal()] + 2 * MS;
        Timeline besideLater = new Timeline("c", planFirst, rounded.e2eMillis(), rounded.computeMillis(), true);
        // ... but not before the request was submitted
        long[] beforeSubmission = rounded.stamps().clone();
        beforeSubmission[Stamp.PLANNED.ordinal()] = beforeSubmission[Stamp.SUBMITTED.ordinal()] - 2 * MS;
        Timeline impossible = new Timeline("d", beforeSubmission, rounded.e2eMillis(), rounded.computeMillis(), true);

        Report r = RequestHops.analyse(List.of(withinRounding, beyond, besideLater, impossible), MS);
        assertThat(r.complete()).isEqualTo(4);
        assertThat(r.outOfOrder()).isEqualTo(2);
        assertThat(r.outOfOrderIds()).containsExactly("b", "d");
        assertThat(r.besideLater()).as("c, and d whose plan also precedes its validation").isEqualTo(2);
        assertThat(r.hop(Stamp.VALIDATED, Stamp.PLANNED).min()).isCloseTo(-3, within(1e-9));
        assertThat(RequestHops.analyse(List.of(beyond), MS).hop(Stamp.DEVICE_END, Stamp.RESULT_VISIBLE).p50())
                .as("kept, negative").isCloseTo(-3, within(1e-9));
    }

    @Test
    void noRequestsGiveNaNAndBadInputIsRefused() {
        Report r = RequestHops.analyse(List.of(), 0);
        assertThat(r.complete()).isZero();
        assertThat(r.e2e().p50()).isNaN();
        assertThat(r.since(Stamp.EMISSION_VISIBLE).n()).isZero();
        assertThatThrownBy(() -> new Timeline("x", new long[3], 1, 1, true)).isInstanceOf(IllegalArgumentException.class);
        long[] unsubmitted = timeline(0).stamps().clone();
        unsubmitted[0] = RequestHops.MISSING;
        assertThatThrownBy(() -> new Timeline("x", unsubmitted, 1, 1, true)).hasMessageContaining("no submission");
        assertThatThrownBy(() -> new RequestHops.Hop(Stamp.PLANNED, Stamp.VALIDATED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestHops.analyse(List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
