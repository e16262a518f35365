package org.carbonedge.ledger.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.carbonedge.ledger.Emissions;
import org.carbonedge.ledger.LedgerJson;
import org.carbonedge.ledger.core.Contributions;
import org.carbonedge.ledger.core.Totals;
import org.carbonedge.ledger.query.TotalsView;
import org.junit.jupiter.api.Test;

/**
 * The totals the ledger stores (changelog, repartition topic) and forwards between instances stay readable across
 * the deferral fields' arrival, and the accuracy fields' after them: a value written before them reads with zero
 * deferral totals and no accuracy delivered.
 */
class TotalsSerdeTest {

    /** {@code Contributions.of(Emissions.twoDeviceOk()).get("all")} as the ledger stored it before deferral. */
    static final String STORED_BEFORE_DEFERRAL = "{\"inferencesOk\":1,\"inferencesFailed\":0,\"inferencesRejected\":0,"
            + "\"okLatencyMillisSum\":120.0,\"computeMillis\":80.0,\"energyJoules\":5.76,\"facilityEnergyJoules\":6.84,"
            + "\"operationalGco2\":0.45,\"transferGco2\":0.04,\"embodiedGco2\":0.08,\"totalGco2\":0.57,"
            + "\"firstCompletedAt\":\"2026-11-26T23:15:00Z\",\"lastCompletedAt\":\"2026-11-26T23:15:00Z\"}";

    private final TotalsSerde serde = new TotalsSerde();

    @Test
    void aValueStoredBeforeDeferralStillReadsWithNothingDeferred() {
        Totals old = serde.deserializer().deserialize("changelog",
                STORED_BEFORE_DEFERRAL.getBytes(StandardCharsets.UTF_8));
        assertThat(old.inferencesOk()).isEqualTo(1);
        assertThat(old.totalGco2()).isEqualTo(0.57);
        assertThat(old.lastCompletedAt()).isEqualTo(Instant.parse("2026-11-26T23:15:00Z"));
        assertThat(old.deferredInferences()).isZero();
        assertThat(old.deferredHeldMillis()).isZero();
        assertThat(old.deferredRunNowGco2()).isZero();
        assertThat(old.savedGco2()).isZero();

        // and it adds up with a new value as if it had always had the fields
        Totals deferred = Contributions.of(Emissions.deferred(Emissions.twoDeviceOk(), "d", 0.95, 1000)).get("all");
        Totals sum = old.plus(deferred);
        assertThat(sum.inferencesOk()).isEqualTo(2);
        assertThat(sum.deferredInferences()).isEqualTo(1);
        assertThat(sum.savedGco2()).isEqualTo(deferred.savedGco2());
    }

    @Test
    void newValuesRoundTripWithTheirDeferralTotals() {
        Totals t = Contributions.of(Emissions.deferred(Emissions.twoDeviceOk(), "d", 0.95, 7_200_000)).get("all");
        byte[] bytes = serde.serializer().serialize("changelog", t);
        assertThat(serde.deserializer().deserialize("changelog", bytes)).isEqualTo(t);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"deferredHeldMillis\":7200000");
    }

    @Test
    void anOlderInstancesForwardedAnswerReadsWithNothingDeferred() throws Exception {
        String older = "{\"key\":\"all\",\"dimension\":\"all\",\"inferences\":1,\"inferencesOk\":1,"
                + "\"inferencesFailed\":0,\"inferencesRejected\":0,\"energyJoules\":5.76,\"energyKwh\":1.6E-6,"
                + "\"facilityEnergyJoules\":6.84,\"pue\":1.1875,\"operationalGco2\":0.45,\"transferGco2\":0.04,"
                + "\"embodiedGco2\":0.08,\"totalGco2\":0.57,\"gco2PerInference\":0.57,\"inferencesPerGram\":1.75,"
                + "\"meanLatencyMillis\":120.0,\"okLatencyMillisSum\":120.0,\"computeMillis\":80.0,"
                + "\"firstCompletedAt\":\"2026-11-26T23:15:00Z\",\"lastCompletedAt\":\"2026-11-26T23:15:00Z\"}";
        Totals t = LedgerJson.mapper().readValue(older, TotalsView.class).toTotals();
        assertThat(t.inferencesOk()).isEqualTo(1);
        assertThat(t.deferredInferences()).isZero();
        assertThat(t.savedGco2()).isZero();
        assertThat(t.accuracyInferences()).isZero();
        assertThat(t.meanAccuracy()).isNaN();

        Totals deferred = Contributions.of(Emissions.deferred(Emissions.twoDeviceOk(), "d", 0.95, 1000)).get("all");
        String json = LedgerJson.mapper().writeValueAsString(TotalsView.of("all", deferred));
        assertThat(LedgerJson.mapper().readValue(json, TotalsView.class).toTotals()).isEqualTo(deferred);
        assertThat(json).contains("\"deferredInferences\":1", "\"meanHeldMillis\":1000.0");
    }

    /** A deferred {@code twoDeviceOk} as the ledger stored it with deferral but before accuracy delivered. */
    static final String STORED_BEFORE_ACCURACY = STORED_BEFORE_DEFERRAL.substring(0,
            STORED_BEFORE_DEFERRAL.length() - 1) + ",\"deferredInferences\":1,\"deferredHeldMillis\":1000,"
            + "\"deferredRunNowGco2\":0.95,\"savedGco2\":0.38}";

    @Test
    void aValueStoredBeforeAccuracyStillReadsWithNoAccuracyDelivered() {
        Totals old = serde.deserializer().deserialize("changelog",
                STORED_BEFORE_ACCURACY.getBytes(StandardCharsets.UTF_8));
        assertThat(old.inferencesOk()).isEqualTo(1);
        assertThat(old.deferredHeldMillis()).isEqualTo(1000);
        assertThat(old.savedGco2()).isEqualTo(0.38);
        assertThat(old.accuracyInferences()).isZero();
        assertThat(old.accuracySum()).isZero();
        assertThat(old.meanAccuracy()).isNaN();
        assertThat(serde.deserializer().deserialize("changelog",
                STORED_BEFORE_DEFERRAL.getBytes(StandardCharsets.UTF_8)).accuracyInferences()).isZero();

        // the mean is then over the inferences that did name an accuracy, not diluted by the older ones
        Totals variant = Contributions.of(Emissions.variant(Emissions.twoDeviceOk(), "v", "mobilenetv2",
                "mobilenetv2-w075", 0.698)).get("all");
        Totals sum = old.plus(variant);
        assertThat(sum.inferencesOk()).isEqualTo(2);
        assertThat(sum.accuracyInferences()).isEqualTo(1);
        assertThat(sum.meanAccuracy()).isEqualTo(0.698);
    }

    @Test
    void accuracyRoundTripsInStoredValuesAndForwardedAnswers() throws Exception {
        Totals t = Contributions.of(Emissions.variant(Emissions.twoDeviceOk(), "v", "mobilenetv2",
                "mobilenetv2-w075", 0.698)).get("family:mobilenetv2");
        byte[] bytes = serde.serializer().serialize("changelog", t);
        assertThat(serde.deserializer().deserialize("changelog", bytes)).isEqualTo(t);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"accuracyInferences\":1",
                "\"accuracySum\":0.698");

        String json = LedgerJson.mapper().writeValueAsString(TotalsView.of("family:mobilenetv2", t));
        assertThat(json).contains("\"dimension\":\"family\"", "\"gco2PerInference\":0.57",
                "\"meanAccuracy\":0.698");
        assertThat(LedgerJson.mapper().readValue(json, TotalsView.class).toTotals()).isEqualTo(t);

        // no accuracy delivered: the mean is null in JSON, and reads back as nothing delivered
        Totals plain = Contributions.of(Emissions.twoDeviceOk()).get("all");
        String plainJson = LedgerJson.mapper().writeValueAsString(TotalsView.of("all", plain));
        assertThat(plainJson).contains("\"accuracyInferences\":0", "\"meanAccuracy\":null");
        assertThat(LedgerJson.mapper().readValue(plainJson, TotalsView.class).toTotals()).isEqualTo(plain);
    }
}
