package org.carbonedge.ledger.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.avro.ServiceEnergyKind;
import org.carbonedge.ledger.core.Overheads;
import org.carbonedge.ledger.Emissions;
import org.carbonedge.ledger.core.Contributions;
import org.carbonedge.ledger.core.Totals;
import org.junit.jupiter.api.Test;

/** CodeCarbon rows and SCI figures of the hand-made records, computed by hand. */
class ExportsTest {

    private static final double EPS = 1e-12;

    private static TreeMap<String, Totals> ledger() {
        TreeMap<String, Totals> ledger = new TreeMap<>();
        for (EmissionRecord r : List.of(Emissions.twoDeviceOk(), Emissions.oneDeviceFailed(), Emissions.rejected())) {
            Contributions.of(r).forEach((key, t) -> ledger.merge(key, t, Totals::plus));
        }
        return ledger;
    }

    @Test
    void codeCarbonRowUsesItsColumnsAndUnits() {
        List<String> row = CodeCarbonCsv.row("zone:DE", ledger().get("zone:DE"));
        assertThat(row).hasSize(CodeCarbonCsv.HEADER.size()).hasSize(31);
        Map<String, String> byColumn = new TreeMap<>();
        for (int i = 0; i < row.size(); i++) {
            byColumn.put(CodeCarbonCsv.HEADER.get(i), row.get(i));
        }
        assertThat(byColumn.get("timestamp")).isEqualTo("2026-11-27T00:05:00");
        assertThat(byColumn.get("project_name")).isEqualTo("carbonedge");
        assertThat(byColumn.get("run_id")).isEqualTo("zone:DE");
        assertThat(Double.parseDouble(byColumn.get("duration"))).isCloseTo(0.1, within(EPS));          // 100 ms
        assertThat(Double.parseDouble(byColumn.get("emissions"))).isCloseTo(0.00084, within(EPS));     // 0.84 g
        assertThat(Double.parseDouble(byColumn.get("emissions_rate"))).isCloseTo(0.0084, within(EPS));  // kg/s
        assertThat(Double.parseDouble(byColumn.get("cpu_power"))).isCloseTo(63.6, within(1e-9));       // 6.36 J / 0.1 s
        assertThat(Double.parseDouble(byColumn.get("energy_consumed"))).isCloseTo(6.36 / 3.6e6, within(EPS));
        assertThat(byColumn.get("cpu_energy")).isEqualTo(byColumn.get("energy_consumed"));
        assertThat(byColumn.get("country_name")).isEqualTo("Germany");
        assertThat(byColumn.get("country_iso_code")).isEqualTo("DEU");
        assertThat(byColumn.get("region")).isEqualTo("DE");
        assertThat(byColumn.get("on_cloud")).isEqualTo("N");
        assertThat(Double.parseDouble(byColumn.get("pue"))).isCloseTo(7.08 / 6.36, within(EPS));
    }

    @Test
    void zonesThatAreNotCountriesHaveNoCountry() {
        assertThat(CodeCarbonCsv.country("US-CAL-CISO").getISO3Country()).isEqualTo("USA");
        assertThat(CodeCarbonCsv.country("SE_3").getISO3Country()).isEqualTo("SWE");
        assertThat(CodeCarbonCsv.country("DEMO")).isNull();
        assertThat(CodeCarbonCsv.country("zone-high")).isNull();
        assertThat(CodeCarbonCsv.country("XX")).isNull();
    }

    @Test
    void csvQuotesKeysWithCommas() {
        assertThat(Csv.line(List.of("policy:custom:0.2,0.8", "a\"b", "plain")))
                .isEqualTo("\"policy:custom:0.2,0.8\",\"a\"\"b\",plain\r\n");
        String file = CodeCarbonCsv.write(new TreeMap<>(Map.of("all", ledger().get("all"))));
        assertThat(file).startsWith(String.join(",", CodeCarbonCsv.HEADER) + "\r\n");
        assertThat(file.split("\r\n")).hasSize(2);
    }

    @Test
    void sciIsEnergyTimesIntensityPlusEmbodiedPerOkInference() {
        List<SciReport.Row> rows = SciReport.rows(ledger());
        assertThat(rows).extracting(SciReport.Row::key).containsExactly("policy:green", "policy:performance",
                "model:mnist-cnn", "model:squeezenet", "model:mnist-cnn|policy:green",
                "model:mnist-cnn|policy:performance", "model:squeezenet|policy:green");
        SciReport.Row green = rows.get(0);
        double e = 6.84 / 3.6e6;                            // facility kWh: 5.4 J × 1.2 + 0.36 J
        assertThat(green.energyKwh()).isCloseTo(e, within(EPS));
        assertThat(green.gco2PerKwh()).isCloseTo(0.49 / e, within(1e-6)); // (0.45 + 0.04) g / E
        assertThat(green.embodiedGco2()).isCloseTo(0.08, within(EPS));
        assertThat(green.inferences()).isEqualTo(1);
        assertThat(green.sciGco2PerInference()).isCloseTo(0.57, within(EPS));
        assertThat(green.rejectedInferences()).isEqualTo(1);
        assertThat(green.policy()).isEqualTo("green");
        assertThat(green.model()).isNull();

        SciReport.Row performance = rows.get(1);
        assertThat(performance.inferences()).isZero();
        assertThat(performance.sciGco2PerInference()).isNaN(); // R = 0: undefined, not infinite
        assertThat(rows.get(2).sciGco2PerInference()).isCloseTo(0.91, within(EPS)); // mnist-cnn: 0.91 g / 1

        String csv = SciReport.csv(rows);
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo(String.join(",", SciReport.CSV_HEADER));
        assertThat(lines[2]).startsWith("policy:performance,policy,,performance,0,").contains(",,"); // empty SCI
        assertThat(lines).hasSize(8);
    }

    /**
     * Both boundaries: an hour's control-plane and idle carbon go to the policies that were served in that hour, in
     * proportion to their OK inferences; other rows share the whole period's.
     */
    @Test
    void sciRowsGiveTheWholeBoundaryBesideTheDeviceBoundary() {
        TreeMap<String, Totals> ledger = ledger(); // one OK inference: green, 23:15 on 26 Nov
        // priced at 3.6e6 g/kWh, so gCO2 = joules: 23:00 control plane 0.01, idle 0.02; 00:00 control plane 0.05
        overhead(ledger, ServiceEnergyKind.CONTROL_PLANE, "2026-11-26T23:50:00Z", 0.01);
        overhead(ledger, ServiceEnergyKind.DEVICE_IDLE, "2026-11-26T23:50:00Z", 0.02);
        overhead(ledger, ServiceEnergyKind.CONTROL_PLANE, "2026-11-27T00:10:00Z", 0.05);

        List<SciReport.Row> rows = SciReport.rows(ledger);
        SciReport.Row green = rows.get(0);
        assertThat(green.sciGco2PerInference()).as("device boundary unchanged").isCloseTo(0.57, within(EPS));
        assertThat(green.controlPlaneGco2()).as("the 23:00 hour's, where green served").isCloseTo(0.01, within(EPS));
        assertThat(green.idleGco2()).isCloseTo(0.02, within(EPS));
        assertThat(green.sciWholeGco2PerInference()).isCloseTo(0.60, within(EPS));
        assertThat(green.controlPlaneShare()).isCloseTo(0.01 / 0.60, within(EPS));
        assertThat(rows.get(1).controlPlaneGco2()).as("performance served nothing").isZero();
        SciReport.Row mnist = rows.get(2);
        assertThat(mnist.controlPlaneGco2()).as("a model row: the whole period's share").isCloseTo(0.06, within(EPS));
        assertThat(mnist.sciWholeGco2PerInference()).isCloseTo(0.91 + 0.06 + 0.02, within(EPS));

        String[] lines = SciReport.csv(rows).split("\r\n");
        assertThat(lines[0]).endsWith(",control_plane_gco2,idle_gco2,sci_whole_gco2_per_inference,control_plane_share");

        // emissions.csv: a key that counted overhead gets its whole-boundary row after its device-boundary one
        String[] csv = CodeCarbonCsv.write(new TreeMap<>(Map.of("all", ledger.get("all")))).split("\r\n");
        assertThat(csv).hasSize(3);
        List<String> device = List.of(csv[1].split(","));
        List<String> whole = List.of(csv[2].split(","));
        int emissions = CodeCarbonCsv.HEADER.indexOf("emissions");
        assertThat(whole.get(CodeCarbonCsv.HEADER.indexOf("run_id"))).isEqualTo("all|boundary:whole");
        assertThat(whole.get(CodeCarbonCsv.HEADER.indexOf("tracking_mode"))).isEqualTo("machine");
        assertThat(device.get(CodeCarbonCsv.HEADER.indexOf("tracking_mode"))).isEqualTo("process");
        assertThat(Double.parseDouble(whole.get(emissions)) - Double.parseDouble(device.get(emissions)))
                .isCloseTo((0.01 + 0.02 + 0.05) / 1000, within(1e-12));
        assertThat(SciReport.DEVICE_BOUNDARY).startsWith("device boundary");
        assertThat(SciReport.WHOLE_BOUNDARY).startsWith("whole boundary");
    }

    private static void overhead(TreeMap<String, Totals> ledger, ServiceEnergyKind kind, String end, double joules) {
        Instant at = Instant.parse(end);
        ServiceEnergy e = ServiceEnergy.newBuilder().setService("edge-a").setKind(kind).setZone("DE")
                .setIntervalStart(at.minusSeconds(10)).setIntervalEnd(at).setEnergyJoules(joules).setSource("test").build();
        Overheads.of(e, 3.6e6).forEach((key, t) -> ledger.merge(key, t, Totals::plus));
    }

    @Test
    void sciRowsSayWhatWaitingSaved() {
        TreeMap<String, Totals> ledger = ledger();
        Contributions.of(Emissions.deferred(Emissions.twoDeviceOk(), "d", 0.95, 7_200_000))
                .forEach((key, t) -> ledger.merge(key, t, Totals::plus));
        List<SciReport.Row> rows = SciReport.rows(ledger);
        SciReport.Row green = rows.get(0);
        assertThat(green.key()).isEqualTo("policy:green");
        assertThat(green.deferredInferences()).isEqualTo(1);
        assertThat(green.deferredHeldMillis()).isEqualTo(7_200_000);
        assertThat(green.runNowGco2()).isCloseTo(0.95, within(EPS));
        assertThat(green.savedGco2()).isCloseTo(0.38, within(EPS));
        assertThat(rows.get(1).deferredInferences()).isZero();

        String[] lines = SciReport.csv(rows).split("\r\n");
        assertThat(lines[0]).contains(",deferred_inferences,deferred_held_millis,run_now_gco2,saved_gco2,");
        assertThat(lines[1]).startsWith("policy:green,").contains(",1,7200000,0.95,");
        assertThat(lines[2]).contains(",0,0,0.0,0.0,");
    }

    @Test
    void sciRowsPerFamilyAndVariantSayTheAccuracyDelivered() {
        TreeMap<String, Totals> ledger = ledger();
        for (EmissionRecord r : List.of(
                Emissions.variant(Emissions.twoDeviceOk(), "v1", "mobilenetv2", "mobilenetv2-w075", 0.698),
                Emissions.variant(Emissions.oneDeviceFailed(), "v2", "mobilenetv2", "mobilenetv2-w075", 0.698))) {
            Contributions.of(r).forEach((key, t) -> ledger.merge(key, t, Totals::plus));
        }
        List<SciReport.Row> rows = SciReport.rows(ledger);
        assertThat(rows).extracting(SciReport.Row::key).endsWith("family:mobilenetv2",
                "family:mobilenetv2|model:mobilenetv2-w075");
        SciReport.Row family = rows.get(rows.size() - 2);
        assertThat(family.family()).isEqualTo("mobilenetv2");
        assertThat(family.model()).isNull();
        assertThat(family.inferences()).isEqualTo(1);
        assertThat(family.failedInferences()).isEqualTo(1);
        assertThat(family.sciGco2PerInference()).isCloseTo(0.57 + 0.34, within(EPS)); // the failed one's carbon too
        assertThat(family.accuracyInferences()).isEqualTo(1);
        assertThat(family.meanAccuracy()).isCloseTo(0.698, within(EPS));
        assertThat(rows.get(rows.size() - 1).model()).isEqualTo("mobilenetv2-w075");
        assertThat(rows.get(0).key()).isEqualTo("policy:green"); // v1 ran under green
        assertThat(rows.get(0).family()).isNull();
        assertThat(rows.get(0).meanAccuracy()).isCloseTo(0.698, within(EPS));
        SciReport.Row squeezenet = rows.stream().filter(r -> r.key().equals("model:squeezenet")).findFirst().orElseThrow();
        assertThat(squeezenet.accuracyInferences()).isZero();
        assertThat(squeezenet.meanAccuracy()).isNaN();

        String[] lines = SciReport.csv(rows).split("\r\n");
        assertThat(lines[0]).contains(",saved_gco2,family,accuracy_inferences,mean_accuracy,");
        assertThat(lines[lines.length - 1]).startsWith("family:mobilenetv2|model:mobilenetv2-w075,family|model,"
                + "mobilenetv2-w075,,1,").contains(",mobilenetv2,1,0.698,");
        assertThat(lines).filteredOn(l -> l.startsWith("model:squeezenet,")).singleElement().asString()
                .contains(",,0,,"); // no family, no accuracy delivered
    }
}
