package org.carbonedge.ledger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.ledger.Emissions;
import org.junit.jupiter.api.Test;

/** Per-key totals of three hand-made records, against figures computed by hand (see {@link Emissions}). */
class ContributionsTest {

    private static final double EPS = 1e-12;

    private static Map<String, Totals> ledgerOf(EmissionRecord... records) {
        Map<String, Totals> ledger = new HashMap<>();
        for (EmissionRecord r : records) {
            Contributions.of(r).forEach((key, t) -> ledger.merge(key, t, Totals::plus));
        }
        return ledger;
    }

    @Test
    void oneTwoDeviceInferenceTouchesTwelveKeys() {
        assertThat(Contributions.of(Emissions.twoDeviceOk())).containsOnlyKeys("all", "model:mnist-cnn",
                "policy:green", "model:mnist-cnn|policy:green", "hour:2026-11-26T23:00Z",
                "hour:2026-11-26T23:00Z|policy:green", "device:edge-a", "device:edge-b", "zone:DE", "zone:FR",
                "hour:2026-11-26T23:00Z|zone:DE", "hour:2026-11-26T23:00Z|zone:FR");
    }

    @Test
    void theLabelsAskedForAreRecordWideKeysAndOthersAreNot() {
        EmissionRecord r = EmissionRecord.newBuilder(Emissions.twoDeviceOk())
                .setAttributes(Map.of("tenant", "acme|eu", "request", "r-1")).build();
        Map<String, Totals> plain = Contributions.of(r);
        Map<String, Totals> labelled = Contributions.of(r, java.util.List.of("tenant", "app"));
        assertThat(plain.keySet()).noneMatch(k -> k.startsWith("label:"));
        assertThat(labelled.keySet()).filteredOn(k -> k.startsWith("label:"))
                .containsExactly("label:tenant=acme%7Ceu"); // no "app" label on the request; "request" not asked for
        assertThat(labelled.get("label:tenant=acme%7Ceu")).isEqualTo(labelled.get("all"));
        assertThat(DimensionKeys.dimensionOf("label:tenant=acme%7Ceu")).isEqualTo(DimensionKeys.LABEL);
    }

    @Test
    void grandTotalIsTheSumOfTheRecords() {
        Totals all = ledgerOf(Emissions.twoDeviceOk(), Emissions.oneDeviceFailed(), Emissions.rejected()).get("all");
        assertThat(all.inferencesOk()).isEqualTo(1);
        assertThat(all.inferencesFailed()).isEqualTo(1);
        assertThat(all.inferencesRejected()).isEqualTo(1);
        assertThat(all.inferences()).isEqualTo(3);
        assertThat(all.energyJoules()).isCloseTo(8.16, within(EPS));             // 5.76 + 2.4
        assertThat(all.facilityEnergyJoules()).isCloseTo(9.24, within(EPS));     // 5.4 × 1.2 + 0.36 + 2.4
        assertThat(all.operationalGco2()).isCloseTo(0.75, within(EPS));          // 0.4 + 0.05 + 0.3
        assertThat(all.transferGco2()).isCloseTo(0.04, within(EPS));
        assertThat(all.embodiedGco2()).isCloseTo(0.12, within(EPS));             // 0.08 + 0.04
        assertThat(all.totalGco2()).isCloseTo(0.91, within(EPS));
        assertThat(all.computeMillis()).isCloseTo(120, within(EPS));             // 60 + 20 + 40
        assertThat(all.meanLatencyMillis()).isCloseTo(120, within(EPS));         // OK inferences only
        assertThat(all.inferencesPerGram()).isCloseTo(1 / 0.91, within(EPS));
        assertThat(all.gco2PerInference()).isCloseTo(0.91, within(EPS));
        assertThat(all.firstCompletedAt()).isEqualTo(Instant.parse("2026-11-26T23:15:00Z"));
        assertThat(all.lastCompletedAt()).isEqualTo(Instant.parse("2026-11-27T00:05:00Z"));
    }

    @Test
    void devicesGetTheirStagesTheirOutgoingTransfersAndAComputeTimeShareOfEmbodiedCarbon() {
        Map<String, Totals> ledger = ledgerOf(Emissions.twoDeviceOk(), Emissions.oneDeviceFailed(), Emissions.rejected());
        Totals a = ledger.get("device:edge-a");
        assertThat(a.inferencesOk()).isEqualTo(1);
        assertThat(a.inferencesFailed()).isEqualTo(1);
        assertThat(a.inferencesRejected()).isZero();
        assertThat(a.computeMillis()).isCloseTo(100, within(EPS));
        assertThat(a.energyJoules()).isCloseTo(6.36, within(EPS));               // 3.6 + 0.36 + 2.4
        assertThat(a.facilityEnergyJoules()).isCloseTo(7.08, within(EPS));       // 3.6 × 1.2 + 0.36 + 2.4
        assertThat(a.operationalGco2()).isCloseTo(0.7, within(EPS));
        assertThat(a.transferGco2()).isCloseTo(0.04, within(EPS));
        assertThat(a.embodiedGco2()).isCloseTo(0.10, within(EPS));               // 0.08 × 60/80 + 0.04
        assertThat(a.totalGco2()).isCloseTo(0.84, within(EPS));
        assertThat(a.okLatencyMillisSum()).isCloseTo(120, within(EPS));

        Totals b = ledger.get("device:edge-b");
        assertThat(b.inferencesOk()).isEqualTo(1);
        assertThat(b.inferences()).isEqualTo(1);
        assertThat(b.energyJoules()).isCloseTo(1.8, within(EPS));
        assertThat(b.facilityEnergyJoules()).isCloseTo(2.16, within(EPS));
        assertThat(b.embodiedGco2()).isCloseTo(0.02, within(EPS));               // 0.08 × 20/80
        assertThat(b.totalGco2()).isCloseTo(0.07, within(EPS));

        assertThat(ledger.get("zone:DE")).isEqualTo(a);
        assertThat(ledger.get("zone:FR")).isEqualTo(b);
        // energy and grams over devices sum to the grand total; the two-device inference counts under both
        assertThat(a.totalGco2() + b.totalGco2()).isCloseTo(ledger.get("all").totalGco2(), within(EPS));
        assertThat(a.energyJoules() + b.energyJoules()).isCloseTo(ledger.get("all").energyJoules(), within(EPS));
        assertThat(a.inferences() + b.inferences()).isEqualTo(3);
    }

    @Test
    void modelsPoliciesAndHoursGetWholeRecords() {
        Map<String, Totals> ledger = ledgerOf(Emissions.twoDeviceOk(), Emissions.oneDeviceFailed(), Emissions.rejected());
        assertThat(ledger.get("model:mnist-cnn").totalGco2()).isCloseTo(0.91, within(EPS));
        assertThat(ledger.get("model:mnist-cnn").inferences()).isEqualTo(2);
        Totals squeezenet = ledger.get("model:squeezenet");
        assertThat(squeezenet.inferencesRejected()).isEqualTo(1);
        assertThat(squeezenet.totalGco2()).isZero();
        assertThat(squeezenet.inferencesPerGram()).isNaN();
        assertThat(squeezenet.gco2PerInference()).isNaN();
        assertThat(squeezenet.meanLatencyMillis()).isNaN();

        Totals green = ledger.get("policy:green");
        assertThat(green.inferencesOk()).isEqualTo(1);
        assertThat(green.inferencesRejected()).isEqualTo(1);
        assertThat(green.energyJoules()).isCloseTo(5.76, within(EPS));
        assertThat(green.totalGco2()).isCloseTo(0.57, within(EPS));
        assertThat(green.inferencesPerGram()).isCloseTo(1 / 0.57, within(EPS));
        assertThat(ledger.get("policy:performance").totalGco2()).isCloseTo(0.34, within(EPS));
        assertThat(ledger.get("model:mnist-cnn|policy:performance").inferencesFailed()).isEqualTo(1);

        // the rejected record completed at 23:59:59.999, still in the 23:00 hour
        Totals h23 = ledger.get("hour:2026-11-26T23:00Z");
        assertThat(h23.inferencesOk()).isEqualTo(1);
        assertThat(h23.inferencesRejected()).isEqualTo(1);
        assertThat(h23.totalGco2()).isCloseTo(0.57, within(EPS));
        assertThat(ledger.get("hour:2026-11-27T00:00Z").totalGco2()).isCloseTo(0.34, within(EPS));
        assertThat(ledger.get("hour:2026-11-26T23:00Z|policy:green").inferences()).isEqualTo(2);
        assertThat(ledger.get("hour:2026-11-26T23:00Z|zone:DE").totalGco2()).isCloseTo(0.5, within(EPS)); // 0.4+0.04+0.06
        assertThat(ledger.get("hour:2026-11-26T23:00Z|zone:FR").totalGco2()).isCloseTo(0.07, within(EPS));
        assertThat(ledger.get("hour:2026-11-27T00:00Z|zone:DE").totalGco2()).isCloseTo(0.34, within(EPS));
        assertThat(ledger).doesNotContainKey("hour:2026-11-27T00:00Z|zone:FR");
    }

    @Test
    void embodiedCarbonIsSplitEquallyPerStageWhenNoComputeTimeWasRecorded() {
        EmissionRecord r = Emissions.record("r", "m", "green", org.carbonedge.avro.InferenceStatus.OK,
                Instant.parse("2026-01-01T00:00:00Z"), 10, 1.0, 0.3,
                List.of(Emissions.stage(0, "x", "SE", 0, 1, 0.1), Emissions.stage(1, "y", "SE", 0, 1, 0.1),
                        Emissions.stage(2, "x", "SE", 0, 1, 0.1)), List.of());
        Map<String, Totals> c = Contributions.of(r);
        assertThat(c.get("device:x").embodiedGco2()).isCloseTo(0.2, within(EPS));
        assertThat(c.get("device:y").embodiedGco2()).isCloseTo(0.1, within(EPS));
        assertThat(c.get("zone:SE").inferences()).isEqualTo(1);
        assertThat(c.get("zone:SE").totalGco2()).isCloseTo(0.6, within(EPS));
    }

    @Test
    void plusIsCommutativeAndEmptyIsItsIdentity() {
        Totals a = Contributions.of(Emissions.twoDeviceOk()).get("all");
        Totals b = Contributions.of(Emissions.oneDeviceFailed()).get("all");
        assertThat(a.plus(b)).isEqualTo(b.plus(a));
        assertThat(Totals.EMPTY.plus(a)).isEqualTo(a);
        assertThat(a.plus(Totals.EMPTY)).isEqualTo(a);
    }

    @Test
    void aDeferredInferenceCountsOncePerKeyAndSharesItsSavingLikeItsEmissions() {
        // twoDeviceOk emitted 0.57 g (edge-a/DE 0.5, edge-b/FR 0.07); running at once would have emitted 0.95 g
        EmissionRecord r = Emissions.deferred(Emissions.twoDeviceOk(), "d1", 0.95, 7_200_000);
        Map<String, Totals> c = Contributions.of(r);
        Totals all = c.get("all");
        assertThat(all.deferredInferences()).isEqualTo(1);
        assertThat(all.deferredHeldMillis()).isEqualTo(7_200_000);
        assertThat(all.deferredRunNowGco2()).isCloseTo(0.95, within(EPS));
        assertThat(all.savedGco2()).isCloseTo(0.38, within(EPS));
        assertThat(all.savedFraction()).isCloseTo(0.4, within(EPS));
        assertThat(c.get("policy:green").savedGco2()).isCloseTo(0.38, within(EPS));
        assertThat(c.get("hour:2026-11-26T23:00Z").deferredInferences()).isEqualTo(1);

        Totals edgeA = c.get("device:edge-a");
        Totals edgeB = c.get("device:edge-b");
        assertThat(edgeA.deferredInferences()).isEqualTo(1);
        assertThat(edgeB.deferredHeldMillis()).isEqualTo(7_200_000);
        assertThat(edgeA.savedGco2()).isCloseTo(0.38 * 0.5 / 0.57, within(EPS));
        assertThat(edgeA.savedGco2() + edgeB.savedGco2()).isCloseTo(0.38, within(EPS));
        assertThat(edgeA.deferredRunNowGco2() + edgeB.deferredRunNowGco2()).isCloseTo(0.95, within(EPS));
        assertThat(c.get("zone:FR").savedGco2()).isCloseTo(edgeB.savedGco2(), within(EPS));

        // a record that could not wait adds nothing to the deferral totals
        Totals plain = Contributions.of(Emissions.twoDeviceOk()).get("all");
        assertThat(plain.deferredInferences()).isZero();
        assertThat(plain.savedGco2()).isZero();
        assertThat(plain.meanHeldMillis()).isNaN();
        assertThat(all.plus(plain).deferredInferences()).isEqualTo(1);
        assertThat(all.plus(all).meanHeldMillis()).isEqualTo(7_200_000.0);
    }

    @Test
    void waitingCanCostCarbonSoASavingCanBeNegative() {
        EmissionRecord worse = Emissions.deferred(Emissions.oneDeviceFailed(), "d2", 0.24, 60_000); // emitted 0.34 g
        Totals all = Contributions.of(worse).get("all");
        assertThat(all.savedGco2()).isCloseTo(-0.1, within(EPS));
        assertThat(all.inferencesFailed()).isEqualTo(1);
        assertThat(all.deferredInferences()).isEqualTo(1);
    }

    @Test
    void aRecordThatEmittedNothingSharesItsRunNowFigureByComputeTime() {
        EmissionRecord r = Emissions.deferred(Emissions.record("z", "m", "green",
                org.carbonedge.avro.InferenceStatus.OK, Instant.parse("2026-01-01T00:00:00Z"), 10, 1.0, 0,
                List.of(Emissions.stage(0, "x", "SE", 30, 1, 0), Emissions.stage(1, "y", "NO", 10, 1, 0)), List.of()),
                "z", 0.4, 1000);
        Map<String, Totals> c = Contributions.of(r);
        assertThat(c.get("device:x").deferredRunNowGco2()).isCloseTo(0.3, within(EPS));
        assertThat(c.get("zone:NO").savedGco2()).isCloseTo(0.1, within(EPS));
        assertThat(c.get("all").savedGco2()).isCloseTo(0.4, within(EPS));
    }

    @Test
    void familyRecordsCountUnderTheirFamilyAndVariantAndOkOnesDeliverTheirAccuracy() {
        EmissionRecord w075 = Emissions.variant(Emissions.twoDeviceOk(), "v1", "mobilenetv2", "mobilenetv2-w075", 0.698);
        EmissionRecord w050 = Emissions.variant(Emissions.twoDeviceOk(), "v2", "mobilenetv2", "mobilenetv2-w050", 0.654);
        // failed: its carbon counts as always, it delivered no accuracy
        EmissionRecord failed = Emissions.variant(Emissions.oneDeviceFailed(), "v3", "mobilenetv2", "mobilenetv2-w075",
                0.698);
        Map<String, Totals> ledger = ledgerOf(w075, w050, failed, Emissions.twoDeviceOk());

        Totals family = ledger.get("family:mobilenetv2");
        assertThat(family.inferencesOk()).isEqualTo(2);
        assertThat(family.inferencesFailed()).isEqualTo(1);
        assertThat(family.totalGco2()).isCloseTo(0.57 + 0.57 + 0.34, within(EPS));
        assertThat(family.accuracyInferences()).isEqualTo(2);
        assertThat(family.accuracySum()).isCloseTo(0.698 + 0.654, within(EPS));
        assertThat(family.meanAccuracy()).isCloseTo(0.676, within(EPS));
        assertThat(family.gco2PerInference()).isCloseTo(1.48 / 2, within(EPS));

        Totals wide = ledger.get("family:mobilenetv2|model:mobilenetv2-w075");
        assertThat(wide.inferences()).isEqualTo(2);
        assertThat(wide.meanAccuracy()).isCloseTo(0.698, within(EPS));
        assertThat(ledger.get("family:mobilenetv2|model:mobilenetv2-w050").meanAccuracy()).isCloseTo(0.654, within(EPS));
        assertThat(ledger.get("model:mobilenetv2-w075").accuracyInferences()).isEqualTo(1);

        // the record without a family is in no family key and delivers no accuracy
        assertThat(ledger.keySet().stream().filter(k -> k.startsWith("family:"))).containsExactlyInAnyOrder(
                "family:mobilenetv2", "family:mobilenetv2|model:mobilenetv2-w075",
                "family:mobilenetv2|model:mobilenetv2-w050");
        assertThat(ledger.get("model:mnist-cnn").accuracyInferences()).isZero();
        assertThat(ledger.get("model:mnist-cnn").meanAccuracy()).isNaN();
        assertThat(ledger.get("all").accuracyInferences()).isEqualTo(2);
        assertThat(ledger.get("all").inferences()).isEqualTo(4);

        // a two-device inference delivers its accuracy once under each device, like its latency
        assertThat(ledger.get("device:edge-b").accuracyInferences()).isEqualTo(2);
        assertThat(ledger.get("device:edge-a").accuracyInferences()).isEqualTo(2);
        assertThat(ledger.get("zone:FR").meanAccuracy()).isCloseTo(0.676, within(EPS));
        assertThat(ledger.get("hour:2026-11-26T23:00Z").meanAccuracy()).isCloseTo(0.676, within(EPS));
    }

    @Test
    void onlyAnOkInferenceWithAnAccuracyDeliversOne() {
        Totals.Resources none = Totals.Resources.NONE;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Totals ok = Totals.inference(org.carbonedge.avro.InferenceStatus.OK, 10, at, none, Totals.Deferral.NONE, 0.72);
        assertThat(ok.accuracyInferences()).isEqualTo(1);
        assertThat(ok.meanAccuracy()).isEqualTo(0.72);
        for (var status : org.carbonedge.avro.InferenceStatus.values()) {
            assertThat(Totals.inference(status, 10, at, none, Totals.Deferral.NONE, null).accuracyInferences()).isZero();
        }
        assertThat(Totals.inference(org.carbonedge.avro.InferenceStatus.FAILED, 10, at, none, Totals.Deferral.NONE, 0.72)
                .accuracySum()).isZero();
        assertThat(Totals.inference(org.carbonedge.avro.InferenceStatus.REJECTED, 10, at, none, Totals.Deferral.NONE,
                0.72).accuracyInferences()).isZero();
        assertThat(Totals.EMPTY.meanAccuracy()).isNaN();
        assertThat(ok.plus(Totals.EMPTY)).isEqualTo(ok);
        Totals zero = Totals.inference(org.carbonedge.avro.InferenceStatus.OK, 10, at, none, Totals.Deferral.NONE, 0.0);
        assertThat(ok.plus(zero).meanAccuracy()).isCloseTo(0.36, within(EPS)); // a 0 accuracy is delivered, not absent
    }
}
