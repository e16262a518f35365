package org.carbonedge.ledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.ledger.Emissions;
import org.carbonedge.ledger.core.Contributions;
import org.carbonedge.ledger.core.Totals;
import org.carbonedge.ledger.query.LedgerUnavailableException;
import org.junit.jupiter.api.Test;

/** The ledger's Prometheus samples, deferral and accuracy delivered included, read from the totals at each scrape. */
class LedgerMetricsTest {

    private static String scrape(LedgerMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void deferralIsExportedAndANegativeSavingIsAGauge() throws Exception {
        Map<String, Totals> totals = new HashMap<>();
        for (EmissionRecord r : new EmissionRecord[] {Emissions.deferred(Emissions.twoDeviceOk(), "d1", 0.95, 7_200_000),
                Emissions.deferred(Emissions.oneDeviceFailed(), "d2", 0.24, 1_800_000)}) {
            Contributions.of(r).forEach((key, t) -> totals.merge(key, t, Totals::plus));
        }
        String text = scrape(new LedgerMetrics(() -> totals));
        assertThat(text)
                .contains("carbonedge_ledger_deferred_inferences_total{dimension=\"model\",value=\"mnist-cnn\"} 2.0")
                .contains("carbonedge_ledger_deferred_held_seconds_total{dimension=\"model\",value=\"mnist-cnn\"} 9000.0")
                .contains("carbonedge_ledger_deferred_run_now_gco2_total{dimension=\"policy\",value=\"green\"} 0.95")
                .contains("# TYPE carbonedge_ledger_saved_gco2 gauge")
                // performance waited and emitted 0.1 g more than it would have at once
                .containsPattern("carbonedge_ledger_saved_gco2\\{dimension=\"policy\",value=\"performance\"} -0\\.(1|0999+\\d*)\\n")
                .doesNotContain("dimension=\"hour\"");
    }

    @Test
    void accuracyDeliveredIsACountAndASumPerFamilyAndModel() throws Exception {
        Map<String, Totals> totals = new HashMap<>();
        for (EmissionRecord r : new EmissionRecord[] {
                Emissions.variant(Emissions.twoDeviceOk(), "v1", "mobilenetv2", "mobilenetv2-w075", 0.75),
                Emissions.variant(Emissions.twoDeviceOk(), "v2", "mobilenetv2", "mobilenetv2-w050", 0.5),
                Emissions.variant(Emissions.oneDeviceFailed(), "v3", "mobilenetv2", "mobilenetv2-w050", 0.5)}) {
            Contributions.of(r).forEach((key, t) -> totals.merge(key, t, Totals::plus));
        }
        String text = scrape(new LedgerMetrics(() -> totals));
        assertThat(text)
                .contains("carbonedge_ledger_accuracy_inferences_total{dimension=\"family\",value=\"mobilenetv2\"} 2.0")
                .contains("carbonedge_ledger_accuracy_ratio_total{dimension=\"family\",value=\"mobilenetv2\"} 1.25")
                .contains("carbonedge_ledger_accuracy_ratio_total{dimension=\"model\",value=\"mobilenetv2-w050\"} 0.5")
                .contains("carbonedge_ledger_inferences_total{dimension=\"family\",status=\"failed\",value=\"mobilenetv2\"} 1.0")
                .contains("# TYPE carbonedge_ledger_accuracy_ratio_total counter")
                .doesNotContain("dimension=\"family|model\"");
    }

    @Test
    void aRebalancingLedgerExportsNothingRatherThanFailingTheScrape() throws Exception {
        String text = scrape(new LedgerMetrics(() -> {
            throw new LedgerUnavailableException("rebalancing");
        }));
        assertThat(text).doesNotContain("carbonedge_ledger_saved_gco2{");
    }
}
