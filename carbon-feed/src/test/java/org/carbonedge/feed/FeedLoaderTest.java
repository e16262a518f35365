package org.carbonedge.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.quality.ZoneQuality;
import org.carbonedge.feed.read.GenericCsvMapping;
import org.carbonedge.feed.read.IntensityFormat;
import org.carbonedge.feed.read.ReaderSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedLoaderTest {
    private static final String HEADER = "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),"
            + "Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,"
            + "Data Estimated,Data Estimation Method";

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static String row(String time, String zone, String value) {
        return time + ",C,C," + zone + "," + value + ",1,1,1,s,false,";
    }

    @Test
    void duplicatesKeepTheFirstAndOutOfOrderRowsAreSortedAndCounted() throws IOException {
        Path file = write("de.csv", HEADER,
                row("2023-01-01 00:00:00", "DE", "100"),
                row("2023-01-01 01:00:00", "DE", "110"),
                row("2023-01-01 01:00:00", "DE", "999"),
                row("2023-01-01 03:00:00", "DE", "130"),
                row("2023-01-01 02:00:00", "DE", "120"),
                row("2023-01-01 04:00:00", "DE", "-1"));
        LoadedFeed feed = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(List.of(file));
        List<GridIntensity> de = feed.series().get("DE");
        assertEquals(List.of(100.0, 110.0, 120.0, 130.0),
                de.stream().map(GridIntensity::getGco2PerKwh).collect(Collectors.toList()));
        ZoneQuality q = feed.quality().get("DE");
        assertEquals(1, q.duplicates());
        assertEquals(1, q.outOfOrder());
        assertEquals(0, q.gaps().size());
        assertEquals(1, q.rejected());
        assertEquals("zone=DE rows=4 mean=115.00 min=100.00 max=130.00 gaps=0 rejected=1", feed.summaryLines().get(0));
        assertEquals(file + ":7: direct intensity: negative intensity -1.00 gCO2/kWh", feed.rejected().get(0).toString());
    }

    @Test
    void filesAreMergedPerZoneAndOverlapsAreDuplicates() throws IOException {
        Path later = write("b.csv", HEADER, row("2023-01-01 02:00:00", "FR", "30"), row("2023-01-01 03:00:00", "FR", "31"));
        Path earlier = write("a.csv", HEADER, row("2023-01-01 00:00:00", "FR", "28"), row("2023-01-01 01:00:00", "FR", "29"),
                row("2023-01-01 02:00:00", "FR", "77"));
        LoadedFeed feed = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(List.of(later, earlier));
        List<GridIntensity> fr = feed.series().get("FR");
        assertEquals(4, fr.size());
        assertEquals(30.0, fr.get(2).getGco2PerKwh(), 0, "the first file given wins");
        assertEquals(1, feed.quality().get("FR").duplicates());
        assertEquals(3, feed.quality().get("FR").outOfOrder());
        assertEquals(2, feed.files().size());
    }

    @Test
    void gapPolicyIsAppliedExplicitly() throws IOException {
        Path file = write("gb.csv", HEADER, row("2023-01-01 00:00:00", "GB", "100"), row("2023-01-01 03:00:00", "GB", "130"));
        LoadedFeed leave = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(List.of(file));
        assertEquals(2, leave.series().get("GB").size());
        assertEquals(2, leave.gaps().get(0).missingIntervals());
        assertEquals(GapPolicy.LEAVE, leave.gapPolicy());
        LoadedFeed hold = new FeedLoader(FeedLoadOptions.of(GapPolicy.HOLD_LAST)).load(List.of(file));
        List<GridIntensity> gb = hold.series().get("GB");
        assertEquals(4, gb.size());
        assertEquals(Instant.parse("2023-01-01T01:00:00Z"), gb.get(1).getValidFrom());
        assertEquals(100.0, gb.get(2).getGco2PerKwh(), 0);
        assertEquals("hold-last-fill:electricitymaps-csv:gb.csv", gb.get(2).getSource());
        assertEquals("zone=GB rows=2 mean=115.00 min=100.00 max=130.00 gaps=1 rejected=0", hold.summaryLines().get(0));
        assertEquals(GapPolicy.HOLD_LAST, GapPolicy.parse("hold-last"));
        assertEquals("unknown gap policy 'fill': use hold-last or leave",
                assertThrows(FeedException.class, () -> GapPolicy.parse("fill")).getMessage());
    }

    @Test
    void badFilesFailWithOneLine() throws IOException {
        Path allBad = write("bad.csv", HEADER, row("2023-01-01 00:00:00", "DE", "x"), row("2023-01-01 01:00:00", "DE", "NaN"));
        FeedException e = assertThrows(FeedException.class,
                () -> new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(List.of(allBad)));
        assertEquals(allBad + ": no usable rows (2 rejected; first: " + allBad
                + ":2: direct intensity: 'x' is not a number)", e.getMessage());

        Path oneBad = write("onebad.csv", HEADER, row("2023-01-01 00:00:00", "DE", "1"), row("2023-01-01 01:00:00", "DE", "NaN"));
        FeedException strict = assertThrows(FeedException.class,
                () -> new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE).withStrict(true)).load(List.of(oneBad)));
        assertEquals(oneBad + ":3: direct intensity: value NaN is not a finite number", strict.getMessage());

        Path headerOnly = write("header.csv", HEADER);
        assertEquals(headerOnly + ": no data rows", assertThrows(FeedException.class,
                () -> new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(List.of(headerOnly))).getMessage());

        Path unknown = write("prices.csv", "time,price_eur", "2023-01-01T00:00:00Z,80");
        FeedException notRecognised = assertThrows(FeedException.class,
                () -> new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(List.of(unknown)));
        assertEquals(unknown + ": format not recognised from header 'time,price_eur'; use --format generic-csv with "
                + "--time-column, --value-column and --zone or --zone-column", notRecognised.getMessage());

        Path json = write("odd.json", "{\"foo\": 1}");
        assertTrue(assertThrows(FeedException.class, () -> new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE))
                .load(List.of(json))).getMessage().startsWith(json + ": JSON not recognised"));
        assertEquals("no input files given", assertThrows(FeedException.class,
                () -> new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(List.of())).getMessage());
        assertEquals("unknown format 'xml': use auto or one of electricitymaps-csv, electricitymaps-json, neso-csv, "
                + "neso-json, watttime-json, carbon-aware-json, generic-csv", assertThrows(FeedException.class,
                () -> IntensityFormat.fromCliName("xml")).getMessage());
    }

    @Test
    void unknownCsvIsReadWithTheGenericMappingWhenGiven() throws IOException {
        Path file = write("custom.csv", "when,g", "2023-01-01T00:00:00Z,80", "2023-01-01T01:00:00Z,81");
        FeedLoadOptions options = FeedLoadOptions.of(GapPolicy.LEAVE).withReaderSettings(ReaderSettings.defaults()
                .withGenericMapping(GenericCsvMapping.builder("when", "g").zone("edge-1").build()));
        LoadedFeed feed = new FeedLoader(options).load(List.of(file));
        assertEquals(IntensityFormat.GENERIC_CSV, feed.files().get(0).format());
        assertEquals(2, feed.series().get("edge-1").size());
        assertEquals("generic CSV needs a column mapping: --time-column, --value-column and --zone or --zone-column",
                assertThrows(FeedException.class, () -> new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)
                        .withFormat(IntensityFormat.GENERIC_CSV)).load(List.of(file))).getMessage());
    }
}
