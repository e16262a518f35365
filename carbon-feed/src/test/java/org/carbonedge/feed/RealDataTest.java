package org.carbonedge.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.quality.Gap;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.quality.ZoneQuality;
import org.carbonedge.feed.read.ElectricityMapsCsvReader;
import org.carbonedge.feed.read.EmissionFactor;
import org.carbonedge.feed.read.FormatDetector;
import org.carbonedge.feed.read.IntensityFormat;
import org.carbonedge.feed.read.NesoCsvReader;
import org.carbonedge.feed.read.NesoRecordMode;
import org.carbonedge.feed.read.ReadResult;
import org.carbonedge.feed.read.ReaderSettings;
import org.carbonedge.feed.text.UtcTimestamps.SlashOrder;
import org.junit.jupiter.api.Test;

/** Every shared grid file parses exactly and agrees with the figures in PROVENANCE.csv. */
class RealDataTest {

    private static List<Path> gridFiles() throws IOException {
        try (Stream<Path> s = Files.walk(SharedData.root().resolve("grid"))) {
            return s.filter(p -> p.toString().endsWith(".csv")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyGridFileParsesWithExactRowCountAndProvenanceStatistics() throws IOException {
        Map<String, Map<String, String>> provenance = SharedData.provenance();
        List<Path> files = gridFiles();
        assertEquals(11, files.size(), "10 Electricity Maps zones + 1 NESO file expected in " + files);
        for (Path file : files) {
            String local = SharedData.root().relativize(file).toString().replace('\\', '/');
            Map<String, String> expected = provenance.get(local);
            assertTrue(expected != null, "no PROVENANCE row for " + local);
            LoadedFeed feed = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(List.of(file));
            LoadedFeed.FileReport report = feed.files().get(0);
            long expectedRows = (long) Double.parseDouble(expected.get("rows"));
            assertEquals(expectedRows, report.rowsRead(), local + " rows");
            assertEquals(0, report.rejected(), local + " rejected: " + feed.rejected());
            assertEquals(1, feed.quality().size(), local + " zones");
            ZoneQuality q = feed.quality().values().iterator().next();
            if (local.startsWith("grid/electricitymaps/")) {
                assertEquals(expected.get("zone"), q.zone());
                assertEquals(expectedRows, q.rows(), local + " records");
                assertEquals(0, q.gaps().size(), local + " gaps");
                assertEquals(Instant.parse(expected.get("start_utc").replace(" ", "T").replace("+00:00", "Z")),
                        q.firstValidFrom(), local + " start");
                assertEquals(Double.parseDouble(expected.get("pct_estimated")),
                        100.0 * q.estimatedRows() / q.rows(), 0.05, local + " % estimated");
                assertEquals(Double.parseDouble(expected.get("ci_mean")), q.meanGco2PerKwh(), 0.1, local + " mean");
                assertEquals(Double.parseDouble(expected.get("ci_min")), q.minGco2PerKwh(), 0.051, local + " min");
                assertEquals(Double.parseDouble(expected.get("ci_max")), q.maxGco2PerKwh(), 0.051, local + " max");
            } else {
                // NESO: the PROVENANCE statistics are over the actual column; compare with MEASURED records only.
                List<GridIntensity> measured = feed.series().get("GB").stream()
                        .filter(r -> r.getKind() == IntensityKind.MEASURED).collect(Collectors.toList());
                double mean = measured.stream().mapToDouble(GridIntensity::getGco2PerKwh).average().orElseThrow();
                double min = measured.stream().mapToDouble(GridIntensity::getGco2PerKwh).min().orElseThrow();
                double max = measured.stream().mapToDouble(GridIntensity::getGco2PerKwh).max().orElseThrow();
                assertEquals(Double.parseDouble(expected.get("ci_mean")), mean, 0.1, local + " mean");
                assertEquals(Double.parseDouble(expected.get("ci_min")), min, 0.051, local + " min");
                assertEquals(Double.parseDouble(expected.get("ci_max")), max, 0.051, local + " max");
            }
        }
    }

    @Test
    void formatIsDetectedForEveryGridFile() throws IOException {
        for (Path file : gridFiles()) {
            IntensityFormat expected = file.toString().contains("neso") ? IntensityFormat.NESO_CSV
                    : IntensityFormat.ELECTRICITY_MAPS_CSV;
            assertEquals(expected, FormatDetector.detect(file, false), file.toString());
        }
    }

    @Test
    void spreadsheetResavedGbFileReadsAsUtcHourlyWithEstimatedFlags() {
        ReadResult gb = new ElectricityMapsCsvReader().read(SharedData.grid("electricitymaps/GB_2023_hourly.csv"));
        List<GridIntensity> records = gb.records();
        assertEquals(8760, records.size());
        assertEquals(Instant.parse("2023-01-01T00:00:00Z"), records.get(0).getValidFrom());
        assertEquals(Instant.parse("2023-01-01T01:00:00Z"), records.get(0).getValidTo());
        assertEquals(71.54, records.get(0).getGco2PerKwh(), 1e-9);
        assertEquals(Instant.parse("2023-12-31T23:00:00Z"), records.get(8759).getValidFrom());
        for (int i = 1; i < records.size(); i++) {
            assertEquals(Duration.ofHours(1),
                    Duration.between(records.get(i - 1).getValidFrom(), records.get(i).getValidFrom()),
                    "hourly step at record " + i);
        }
        assertEquals(7, records.stream().filter(r -> r.getKind() == IntensityKind.ESTIMATED).count());
        assertTrue(records.stream().allMatch(r -> r.getSignal() == SignalType.AVERAGE && r.getZone().equals("GB")
                && r.getSource().equals("electricitymaps-csv:GB_2023_hourly.csv")));
        // Read month-first, the same file must fail on the first day after the 12th, with a hint.
        ReadResult wrongOrder = new ElectricityMapsCsvReader(EmissionFactor.DIRECT, SlashOrder.MONTH_FIRST,
                Duration.ofHours(1)).read(SharedData.grid("electricitymaps/GB_2023_hourly.csv"));
        assertTrue(wrongOrder.rejected().get(0).toString().endsWith("'13/01/2023 00:00' has month 13; the file looks "
                + "day-first (dd/mm/yyyy)"), wrongOrder.rejected().get(0).toString());
    }

    @Test
    void lifeCycleColumnIsReadWhenChosen() {
        Path de = SharedData.grid("electricitymaps/DE_2023_hourly.csv");
        ReadResult direct = new ElectricityMapsCsvReader().read(de);
        ReadResult lca = ReaderSettings.defaults().withEmissionFactor(EmissionFactor.LIFECYCLE)
                .readerFor(IntensityFormat.ELECTRICITY_MAPS_CSV).read(de);
        assertEquals(152.03, direct.records().get(0).getGco2PerKwh(), 1e-9);
        assertEquals(199.59, lca.records().get(0).getGco2PerKwh(), 1e-9);
        assertEquals(8760, lca.records().size());
        double directMean = direct.records().stream().mapToDouble(GridIntensity::getGco2PerKwh).average().orElseThrow();
        double lcaMean = lca.records().stream().mapToDouble(GridIntensity::getGco2PerKwh).average().orElseThrow();
        assertTrue(lcaMean > directMean + 20, "life-cycle mean " + lcaMean + " vs direct " + directMean);
    }

    @Test
    void indiaWestIsEntirelyEstimated() {
        ReadResult in = new ElectricityMapsCsvReader().read(SharedData.grid("electricitymaps/IN-WE_2023_hourly.csv"));
        assertTrue(in.records().stream().allMatch(r -> r.getKind() == IntensityKind.ESTIMATED));
    }

    @Test
    void nesoGapIsFoundAndReportedExactly() {
        Path neso = SharedData.grid("neso/GB_national_2023_halfhourly.csv");
        LoadedFeed feed = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(List.of(neso));
        List<Gap> gaps = feed.gaps();
        assertEquals(1, gaps.size(), gaps.toString());
        Gap gap = gaps.get(0);
        assertEquals("GB", gap.zone());
        assertEquals(Instant.parse("2023-10-20T22:00:00Z"), gap.from());
        assertEquals(Instant.parse("2023-10-22T19:30:00Z"), gap.to());
        assertEquals(91, gap.missingIntervals());
        assertEquals(Duration.ofMinutes(45 * 60 + 30), gap.length());
        assertEquals(17430, feed.series().get("GB").size());
        assertEquals("zone=GB rows=17430 mean=152.15 min=0.00 max=309.00 gaps=1 rejected=0",
                feed.summaryLines().get(0));
    }

    @Test
    void nesoGapIsFilledWithEstimatedRecordsUnderHoldLast() {
        Path neso = SharedData.grid("neso/GB_national_2023_halfhourly.csv");
        LoadedFeed feed = new FeedLoader(FeedLoadOptions.of(GapPolicy.HOLD_LAST)).load(List.of(neso));
        List<GridIntensity> gb = feed.series().get("GB");
        assertEquals(17430 + 91, gb.size());
        assertEquals(91, feed.quality().get("GB").filled());
        assertEquals(17430, feed.quality().get("GB").rows(), "fills are not counted as rows");
        GridIntensity before = gb.stream()
                .filter(r -> r.getValidFrom().equals(Instant.parse("2023-10-20T21:30:00Z"))).findFirst().orElseThrow();
        List<GridIntensity> fills = gb.stream().filter(r -> r.getSource().startsWith("hold-last-fill:"))
                .collect(Collectors.toList());
        assertEquals(91, fills.size());
        assertEquals(Instant.parse("2023-10-20T22:00:00Z"), fills.get(0).getValidFrom());
        assertEquals(Instant.parse("2023-10-22T19:30:00Z"), fills.get(90).getValidTo());
        assertTrue(fills.stream().allMatch(f -> f.getKind() == IntensityKind.ESTIMATED
                && f.getGco2PerKwh() == before.getGco2PerKwh()));
        for (int i = 1; i < gb.size(); i++) {
            assertEquals(gb.get(i - 1).getValidTo(), gb.get(i).getValidFrom(), "contiguous at " + i);
        }
    }

    @Test
    void nesoEmptyActualsAreHandledInEveryMode() {
        Path neso = SharedData.grid("neso/GB_national_2023_halfhourly.csv");
        ReadResult fallback = new NesoCsvReader().read(neso);
        assertEquals(17430, fallback.records().size());
        assertEquals(0, fallback.rejected().size());
        List<GridIntensity> forecasts = fallback.records().stream()
                .filter(r -> r.getKind() == IntensityKind.FORECAST).collect(Collectors.toList());
        assertEquals(5, forecasts.size());
        assertEquals(Instant.parse("2023-01-26T13:30:00Z"), forecasts.get(0).getValidFrom());
        assertEquals(214.0, forecasts.get(0).getGco2PerKwh(), 0);
        assertTrue(fallback.notes().get(0).contains("5 intervals without an actual value"), fallback.notes().toString());

        ReadResult actualOnly = new NesoCsvReader("GB", NesoRecordMode.ACTUAL_ONLY).read(neso);
        assertEquals(17425, actualOnly.records().size());
        ReadResult both = new NesoCsvReader("GB", NesoRecordMode.ACTUAL_AND_FORECAST).read(neso);
        assertEquals(17425 + 17430, both.records().size());
        ReadResult forecastOnly = new NesoCsvReader("GB", NesoRecordMode.FORECAST_ONLY).read(neso);
        assertEquals(17430, forecastOnly.records().size());
        assertEquals(151.3, forecastOnly.records().stream().mapToDouble(GridIntensity::getGco2PerKwh)
                .average().orElseThrow(), 0.1);

        LoadedFeed actualOnlyFeed = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)
                .withReaderSettings(ReaderSettings.defaults().withNesoMode(NesoRecordMode.ACTUAL_ONLY)))
                .load(List.of(neso));
        assertEquals(2, actualOnlyFeed.gaps().size(), "the 5 empty actuals become a 2.5 h gap: "
                + actualOnlyFeed.gaps());
        assertEquals(5, actualOnlyFeed.gaps().get(0).missingIntervals());
        LoadedFeed bothFeed = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)
                .withReaderSettings(ReaderSettings.defaults().withNesoMode(NesoRecordMode.ACTUAL_AND_FORECAST)))
                .load(List.of(neso));
        assertEquals(0, bothFeed.quality().get("GB").duplicates(), "actual and forecast are not duplicates");
        assertEquals(1, bothFeed.gaps().size());
    }

    @Test
    void allTenZonesLoadTogetherForReplay() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SharedData.grid("electricitymaps"))) {
            files = s.sorted().collect(Collectors.toList());
        }
        LoadedFeed feed = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(files);
        assertEquals(87_600, feed.recordCount());
        assertEquals(10, feed.summaryLines().size());
        assertEquals("zone=DE rows=8760 mean=329.26 min=91.78 max=684.42 gaps=0 rejected=0",
                feed.summaryLines().get(2));
    }
}
