package org.carbonedge.feed.read;

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
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.feed.FeedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElectricityMapsCsvReaderTest {
    static final String HEADER_2023 = "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),"
            + "Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,"
            + "Data Estimated,Data Estimation Method";
    static final String HEADER_2024 = "Datetime (UTC),Country,Zone name,Zone id,Carbon intensity gCO₂eq/kWh (direct),"
            + "Carbon intensity gCO₂eq/kWh (Life cycle),Carbon-free energy percentage (CFE%),"
            + "Renewable energy percentage (RE%),Data source,Data estimated,Data estimation method";

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void eachMalformedRowIsRejectedWithFileLineAndReason() throws IOException {
        Path file = write("DE_bad.csv", HEADER_2023,
                "2023-01-01 00:00:00,Germany,Germany,DE,100.5,150.0,80,70,entsoe.eu,false,",
                "2023-01-01 01:00:00,Germany,Germany,DE,NaN,150.0,80,70,entsoe.eu,false,",
                "2023-01-01 02:00:00,Germany,Germany,DE,-5,150.0,80,70,entsoe.eu,false,",
                "2023-01-01 03:00:00,Germany,Germany,DE,3500,150.0,80,70,entsoe.eu,false,",
                "2023-01-01 04:00:00,Germany,Germany,DE,abc,150.0,80,70,entsoe.eu,false,",
                "2023-01-01 05:00:00,Germany,Germany,DE,,150.0,80,70,entsoe.eu,false,",
                "2023-02-30 06:00:00,Germany,Germany,DE,100,150.0,80,70,entsoe.eu,false,",
                "2023-01-01 07:00:00,Germany",
                "2023-01-01 08:00:00,Germany,Germany,DE,100,150.0,80,70,entsoe.eu,maybe,",
                "2023-01-01 09:00:00,Germany,\"Germ,any,DE,100,150.0,80,70,entsoe.eu,false,",
                "2023-01-01 10:00:00,Germany,Germany,,100,150.0,80,70,entsoe.eu,false,",
                "",
                "2023-01-01 11:00:00,Germany,Germany,DE,Infinity,150.0,80,70,entsoe.eu,false,",
                "2023-01-01 12:00:00,Germany,Germany,DE,101.5,150.0,80,70,entsoe.eu,true,");
        ReadResult result = new ElectricityMapsCsvReader().read(file);
        List<String> messages = result.rejected().stream().map(RejectedRow::toString).collect(Collectors.toList());
        String f = file.toString();
        assertEquals(List.of(
                f + ":3: direct intensity: value NaN is not a finite number",
                f + ":4: direct intensity: negative intensity -5.00 gCO2/kWh",
                f + ":5: direct intensity: implausible intensity 3500.00 gCO2/kWh (limit 3000)",
                f + ":6: direct intensity: 'abc' is not a number",
                f + ":7: direct intensity: missing value",
                f + ":8: Datetime (UTC): '2023-02-30 06:00:00' is not a valid date",
                f + ":9: expected 11 columns, found 2",
                f + ":10: Data Estimated: 'maybe' is not true or false",
                f + ":11: unterminated quoted field 3",
                f + ":12: missing Zone Id",
                f + ":14: direct intensity: value Infinity is not a finite number"), messages);
        assertEquals(13, result.rowsRead(), "blank line not counted");
        assertEquals(2, result.records().size());
        assertEquals("DE", result.rejected().get(0).zone());
        GridIntensity last = result.records().get(1);
        assertEquals(101.5, last.getGco2PerKwh(), 0);
        assertEquals(IntensityKind.ESTIMATED, last.getKind());
        assertEquals(Instant.parse("2023-01-01T12:00:00Z"), last.getValidFrom());
    }

    @Test
    void readsThe2024HeaderGenerationAndHonoursOffsets() throws IOException {
        Path file = write("FR_2024_hourly.csv", HEADER_2024,
                "2024-01-01 00:00:00,France,France,FR,20.5,40.25,95,30,rte-france.com,false,",
                "2024-01-01T02:00:00+01:00,France,France,FR,21.5,41.25,95,30,rte-france.com,true,ESTIMATED_TSA");
        ReadResult direct = new ElectricityMapsCsvReader().read(file);
        assertEquals(2, direct.records().size(), direct.rejected().toString());
        assertEquals(Instant.parse("2024-01-01T01:00:00Z"), direct.records().get(1).getValidFrom());
        assertEquals(IntensityKind.ESTIMATED, direct.records().get(1).getKind());
        ReadResult lca = ReaderSettings.defaults().withEmissionFactor(EmissionFactor.LIFECYCLE)
                .readerFor(IntensityFormat.ELECTRICITY_MAPS_CSV).read(file);
        assertEquals(40.25, lca.records().get(0).getGco2PerKwh(), 0);
        assertEquals(IntensityFormat.ELECTRICITY_MAPS_CSV, FormatDetector.detect(file, false));
    }

    @Test
    void toleratesBomCrlfAndUpperCaseBooleans() throws IOException {
        Path file = dir.resolve("GB.csv");
        Files.writeString(file, "\uFEFF" + HEADER_2023 + "\r\n"
                + "01/01/2023 00:00,Great Britain,Great Britain,GB,71.54,103.5,85.53,61.24,bmreports.com,FALSE,\r\n"
                + "01/01/2023 01:00,Great Britain,Great Britain,GB,65.29,95.6,87.13,62.47,bmreports.com,TRUE,\r\n",
                StandardCharsets.UTF_8);
        ReadResult result = new ElectricityMapsCsvReader().read(file);
        assertEquals(2, result.records().size(), result.rejected().toString());
        assertEquals(IntensityKind.MEASURED, result.records().get(0).getKind());
        assertEquals(IntensityKind.ESTIMATED, result.records().get(1).getKind());
        assertEquals(Instant.parse("2023-01-01T02:00:00Z"), result.records().get(1).getValidTo());
    }

    @Test
    void missingColumnsFailTheWholeFileWithOneLine() throws IOException {
        Path file = write("nozone.csv", "Datetime (UTC),Country,Carbon Intensity gCO₂eq/kWh (direct)",
                "2023-01-01 00:00:00,Germany,100");
        FeedException e = assertThrows(FeedException.class, () -> new ElectricityMapsCsvReader().read(file));
        assertEquals(file + ":1: missing column 'Zone Id' (header: Datetime (UTC),Country,Carbon Intensity "
                + "gCO₂eq/kWh (direct))", e.getMessage());
        Path noLca = write("nolca.csv", "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)",
                "2023-01-01 00:00:00,DE,100");
        FeedException lca = assertThrows(FeedException.class, () -> ReaderSettings.defaults()
                .withEmissionFactor(EmissionFactor.LIFECYCLE).readerFor(IntensityFormat.ELECTRICITY_MAPS_CSV)
                .read(noLca));
        assertTrue(lca.getMessage().startsWith(noLca + ":1: missing column 'Carbon Intensity gCO₂eq/kWh (LCA) or "
                + "(Life cycle)'"), lca.getMessage());
        Path empty = write("empty.csv");
        assertEquals(empty + ": empty file (no header line)", assertThrows(FeedException.class,
                () -> new ElectricityMapsCsvReader().read(empty)).getMessage());
        Path absent = dir.resolve("absent.csv");
        assertEquals(absent + ": no such file", assertThrows(FeedException.class,
                () -> new ElectricityMapsCsvReader().read(absent)).getMessage());
        assertEquals(dir + ": is a directory, not a file", assertThrows(FeedException.class,
                () -> new ElectricityMapsCsvReader().read(dir)).getMessage());
    }
}
