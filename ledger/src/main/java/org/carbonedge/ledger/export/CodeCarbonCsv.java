package org.carbonedge.ledger.export;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;

import org.carbonedge.ledger.core.DimensionKeys;
import org.carbonedge.ledger.core.Totals;

/**
 * Ledger totals as a CodeCarbon {@code emissions.csv}, so tools that read CodeCarbon output (its dashboard, pandas
 * notebooks) read CarbonEdge's: CodeCarbon 2.x's 31 columns, in its order and units, one row per ledger key.
 *
 * <p>Mapping (a row is one key's totals, not one tracked run):
 * <ul>
 *   <li>{@code timestamp}: the key's last completion, UTC, {@code %Y-%m-%dT%H:%M:%S};
 *       {@code project_name}: {@code carbonedge}; {@code run_id}: the ledger key (e.g. {@code zone:DE});</li>
 *   <li>{@code duration}: device compute seconds attributed to the key (not wall time: energy is per compute
 *       time, so power = energy / duration stays a device's mean power);</li>
 *   <li>{@code emissions}: total kg CO2e (operational + transfer + embodied); {@code emissions_rate}: kg/s of
 *       duration;</li>
 *   <li>{@code cpu_energy} and {@code energy_consumed}: energy in kWh before PUE, as the records give it. Device
 *       energy models cover the whole device (CPU and RAM together) and include network transfer, so
 *       {@code gpu_energy} and {@code ram_energy} are 0; {@code cpu_power} is energy / duration in W,
 *       {@code gpu_power} and {@code ram_power} 0;</li>
 *   <li>{@code country_name}, {@code country_iso_code} (ISO 3166 alpha-3) and {@code region} for keys with a zone
 *       whose code starts with an ISO country (e.g. {@code DE}, {@code US-CAL-CISO}); region is the zone code;</li>
 *   <li>{@code on_cloud}: N; {@code tracking_mode}: process (per inference); {@code pue}: the effective PUE;</li>
 *   <li>machine columns (os, python_version, codecarbon_version, cpu/gpu counts and models, position, RAM size,
 *       cloud provider and region) are empty: a key spans several devices.</li>
 * </ul>
 *
 * <p>Two boundaries (issue #18): each row above is the <b>device boundary</b> ({@code tracking_mode} process: the
 * inferences' own device time). A key that also counted the pipeline's own CPU or devices' idle time (all, hours,
 * zones, devices) gets a second row, {@code run_id} {@code <key>|boundary:whole} and {@code tracking_mode} machine
 * (CodeCarbon's name for measuring the whole machine), whose {@code emissions}, {@code cpu_energy} and
 * {@code energy_consumed} add the control plane's and the idle energy and carbon.
 */
public final class CodeCarbonCsv {

    /** CodeCarbon 2.x's emissions.csv header. */
    public static final List<String> HEADER = List.of("timestamp", "project_name", "run_id", "duration", "emissions",
            "emissions_rate", "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy",
            "energy_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os",
            "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude",
            "latitude", "ram_total_size", "tracking_mode", "on_cloud", "pue");

    public static final String PROJECT_NAME = "carbonedge";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private CodeCarbonCsv() {
    }

    /** The whole file: header, then one row per key in key order. */
    public static String write(SortedMap<String, Totals> totals) {
        StringBuilder out = new StringBuilder(Csv.line(HEADER));
        totals.forEach((key, t) -> {
            out.append(Csv.line(row(key, t)));
            if (t.controlPlaneEnergyJoules() + t.idleEnergyJoules() > 0) {
                out.append(Csv.line(wholeBoundaryRow(key, t)));
            }
        });
        return out.toString();
    }

    /** The key's whole-boundary row: the device boundary plus the control plane's and idle energy and carbon. */
    static List<String> wholeBoundaryRow(String key, Totals t) {
        List<String> row = row(key, t);
        double kwh = (t.energyJoules() + t.controlPlaneEnergyJoules() + t.idleEnergyJoules()) / Totals.JOULES_PER_KWH;
        double emissionsKg = t.wholeBoundaryGco2() / 1000.0;
        double durationSeconds = t.computeMillis() / 1000.0;
        row.set(HEADER.indexOf("run_id"), key + "|boundary:whole");
        row.set(HEADER.indexOf("emissions"), Csv.number(emissionsKg));
        row.set(HEADER.indexOf("emissions_rate"), Csv.number(durationSeconds > 0 ? emissionsKg / durationSeconds : 0));
        row.set(HEADER.indexOf("cpu_energy"), Csv.number(kwh));
        row.set(HEADER.indexOf("energy_consumed"), Csv.number(kwh));
        row.set(HEADER.indexOf("tracking_mode"), "machine");
        return row;
    }

    static List<String> row(String key, Totals t) {
        double durationSeconds = t.computeMillis() / 1000.0;
        double emissionsKg = t.totalGco2() / 1000.0;
        String zone = DimensionKeys.valueOf(key, DimensionKeys.ZONE);
        Locale country = zone == null ? null : country(zone);
        List<String> row = new ArrayList<>(HEADER.size());
        row.add(t.lastCompletedAt() == null ? "" : TIMESTAMP.format(t.lastCompletedAt()));
        row.add(PROJECT_NAME);
        row.add(key);
        row.add(Csv.number(durationSeconds));
        row.add(Csv.number(emissionsKg));
        row.add(Csv.number(durationSeconds > 0 ? emissionsKg / durationSeconds : 0));
        row.add(Csv.number(durationSeconds > 0 ? t.energyJoules() / durationSeconds : 0));
        row.add("0.0");
        row.add("0.0");
        row.add(Csv.number(t.energyKwh()));
        row.add("0.0");
        row.add("0.0");
        row.add(Csv.number(t.energyKwh()));
        row.add(country == null ? "" : country.getDisplayCountry(Locale.ENGLISH));
        row.add(country == null ? "" : country.getISO3Country());
        row.add(zone == null ? "" : zone);
        for (int i = 0; i < 12; i++) { // cloud_provider .. ram_total_size
            row.add("");
        }
        row.add("process");
        row.add("N");
        row.add(Csv.number(Double.isNaN(t.pue()) ? 1.0 : t.pue()));
        return row;
    }

    /** The country a zone code starts with ({@code DE}, {@code US-CAL-CISO}, {@code SE_3}), or null. */
    static Locale country(String zone) {
        if (zone.length() < 2 || (zone.length() > 2 && zone.charAt(2) != '-' && zone.charAt(2) != '_')) {
            return null;
        }
        String code = zone.substring(0, 2).toUpperCase(Locale.ROOT);
        return COUNTRIES.contains(code) ? new Locale("", code) : null;
    }
}
