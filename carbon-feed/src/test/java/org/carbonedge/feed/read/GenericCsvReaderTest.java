package org.carbonedge.feed.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;
import org.junit.jupiter.api.Test;

class GenericCsvReaderTest {
    private static ReadResult read(GenericCsvMapping mapping, String csv) {
        return new GenericCsvReader(mapping).read(new StringReader(csv), "custom.csv");
    }

    @Test
    void convertsUnitsToGramsPerKilowattHour() {
        String csv = "ts,moer\n2024-01-01T00:00:00Z,1000\n2024-01-01T00:05:00Z,7000\n";
        ReadResult lbs = read(GenericCsvMapping.builder("ts", "moer").zone("CAISO_NORTH").units(Units.LBS_PER_MWH)
                .interval(Duration.ofMinutes(5)).signal(SignalType.MARGINAL).build(), csv);
        assertEquals(453.59237, lbs.records().get(0).getGco2PerKwh(), 1e-9);
        assertEquals("custom.csv:3: moer: implausible intensity 3175.15 gCO2/kWh (limit 3000)",
                lbs.rejected().get(0).toString());
        assertEquals(Instant.parse("2024-01-01T00:05:00Z"), lbs.records().get(0).getValidTo());
        ReadResult kg = read(GenericCsvMapping.builder("ts", "moer").zone("X").units(Units.parse("kg/MWh")).build(), csv);
        assertEquals(1000.0, kg.records().get(0).getGco2PerKwh(), 0);
        assertEquals(Units.LBS_PER_MWH, Units.parse("lbs_co2_per_mwh"));
        assertEquals(Units.G_PER_KWH, Units.parse("gCO2/kWh"));
    }

    @Test
    void zoneColumnDelimiterEpochAndEndColumn() {
        String csv = "zone;start;end;value\nDE;1672531200;1672534800;300.5\nFR;1672531200;1672531200;30\n;1672531200;1672534800;1\n";
        ReadResult result = read(GenericCsvMapping.builder("start", "value").zoneColumn("zone").endColumn("end")
                .timeFormat("epoch-s").delimiter(';').build(), csv);
        assertEquals(1, result.records().size());
        assertEquals(Instant.parse("2023-01-01T00:00:00Z"), result.records().get(0).getValidFrom());
        assertEquals(Instant.parse("2023-01-01T01:00:00Z"), result.records().get(0).getValidTo());
        assertEquals(List.of("custom.csv:3: end is not after start", "custom.csv:4: zone: missing zone"),
                result.rejected().stream().map(RejectedRow::toString).collect(Collectors.toList()));
    }

    @Test
    void localTimesAreConvertedWithTheDeclaredZoneAndDstAmbiguityIsRefused() {
        String csv = "Zeit,Wert\n"
                + "26.03.2023 01:30,300\n"
                + "26.03.2023 02:30,300\n"
                + "29.10.2023 02:30,300\n"
                + "29.10.2023 04:00,300\n";
        ReadResult result = read(GenericCsvMapping.builder("Zeit", "Wert").zone("DE").timeFormat("dd.MM.yyyy HH:mm")
                .timeZone(ZoneId.of("Europe/Berlin")).build(), csv);
        assertEquals(List.of(Instant.parse("2023-03-26T00:30:00Z"), Instant.parse("2023-10-29T03:00:00Z")),
                result.records().stream().map(r -> r.getValidFrom()).collect(Collectors.toList()));
        assertEquals(List.of(
                "custom.csv:3: Zeit: '26.03.2023 02:30' does not exist in Europe/Berlin (skipped by a daylight-saving change)",
                "custom.csv:4: Zeit: '29.10.2023 02:30' is ambiguous in Europe/Berlin (repeated by a daylight-saving change); refusing to guess"),
                result.rejected().stream().map(RejectedRow::toString).collect(Collectors.toList()));
    }

    @Test
    void offsetLessTimesNeedADeclaredZone() {
        assertEquals("generic CSV: --time-format 'dd.MM.yyyy HH:mm' has no offset or zone; declare the time zone of "
                + "the column (e.g. --time-zone UTC)", assertThrows(FeedException.class,
                () -> new GenericCsvReader(GenericCsvMapping.builder("t", "v").zone("X").timeFormat("dd.MM.yyyy HH:mm")
                        .build())).getMessage());
        ReadResult iso = read(GenericCsvMapping.builder("t", "v").zone("X").build(), "t,v\n2023-01-01 00:00,5\n");
        assertEquals("custom.csv:2: t: '2023-01-01 00:00' has no UTC offset; refusing to guess its time zone (write it "
                + "with Z or +00:00, or declare the column's time zone)", iso.rejected().get(0).toString());
        ReadResult utc = read(GenericCsvMapping.builder("t", "v").zone("X").timeZone(ZoneId.of("UTC")).build(),
                "t,v\n2023-01-01 00:00,5\n");
        assertEquals(Instant.parse("2023-01-01T00:00:00Z"), utc.records().get(0).getValidFrom());
        ReadResult pattern = read(GenericCsvMapping.builder("t", "v").zone("X").timeFormat("yyyy/MM/dd HH:mmXXX")
                .build(), "t,v\n2023/01/01 02:00+02:00,5\n");
        assertEquals(Instant.parse("2023-01-01T00:00:00Z"), pattern.records().get(0).getValidFrom());
    }

    @Test
    void mappingMistakesAreOneLineErrors() {
        assertEquals("generic CSV: give exactly one of --zone or --zone-column", assertThrows(FeedException.class,
                () -> GenericCsvMapping.builder("t", "v").build()).getMessage());
        assertEquals("custom.csv:1: missing column 'value' (header: t,v)", assertThrows(FeedException.class,
                () -> read(GenericCsvMapping.builder("t", "value").zone("X").build(), "t,v\n")).getMessage());
        assertEquals("unknown units 'mg/J': use g/kWh, lbs/MWh or kg/MWh",
                assertThrows(FeedException.class, () -> Units.parse("mg/J")).getMessage());
    }
}
