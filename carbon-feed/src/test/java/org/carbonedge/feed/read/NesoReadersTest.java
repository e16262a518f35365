package org.carbonedge.feed.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;
import org.junit.jupiter.api.Test;

class NesoReadersTest {

    @Test
    void csvRowsAreCheckedPerColumn() {
        String csv = "from,to,forecast,actual,index\n"
                + "2023-01-01 00:00:00+00:00,2023-01-01 00:30:00+00:00,75,65.0,low\n"
                + "2023-01-01 00:30:00+00:00,2023-01-01 00:30:00+00:00,75,65.0,low\n"
                + "2023-01-01 01:00:00+00:00,2023-01-01 01:30:00+00:00,,,low\n"
                + "2023-01-01 01:30:00+00:00,2023-01-01 02:00:00+00:00,75,-2,low\n"
                + "2023-01-01 02:00:00,2023-01-01 02:30:00,80,,moderate\n"
                + "yesterday,2023-01-01 03:00:00+00:00,80,81,moderate\n";
        ReadResult result = new NesoCsvReader().read(new StringReader(csv), "neso.csv");
        assertEquals(List.of("neso.csv:3: 'to' is not after 'from'",
                "neso.csv:4: both forecast and actual are empty",
                "neso.csv:5: actual: negative intensity -2.00 gCO2/kWh",
                "neso.csv:7: from: 'yesterday' is not a recognised timestamp (expected ISO-8601 such as "
                        + "2023-01-01T00:00:00Z)"),
                result.rejected().stream().map(RejectedRow::toString).collect(Collectors.toList()));
        assertEquals(2, result.records().size());
        assertEquals(IntensityKind.MEASURED, result.records().get(0).getKind());
        assertEquals(IntensityKind.FORECAST, result.records().get(1).getKind());
        assertEquals(Instant.parse("2023-01-01T02:00:00Z"), result.records().get(1).getValidFrom(),
                "the API documents UTC, so offset-less times are UTC");
        assertEquals("neso-csv:neso.csv", result.records().get(0).getSource());
    }

    @Test
    void nationalJsonWithNullActualFallsBackToForecast() {
        String json = "{\"data\":[\n"
                + "{\"from\":\"2018-01-20T12:00Z\",\"to\":\"2018-01-20T12:30Z\",\"intensity\":{\"forecast\":266,\"actual\":263,\"index\":\"moderate\"}},\n"
                + "{\"from\":\"2018-01-20T12:30Z\",\"to\":\"2018-01-20T13:00Z\",\"intensity\":{\"forecast\":270,\"actual\":null,\"index\":\"moderate\"}},\n"
                + "{\"from\":\"2018-01-20T13:00Z\",\"to\":\"2018-01-20T13:30Z\",\"intensity\":{\"forecast\":\"NaN\",\"actual\":null,\"index\":\"moderate\"}}\n"
                + "]}";
        ReadResult result = new NesoJsonReader().read(new StringReader(json), "intensity.json");
        assertEquals(2, result.records().size());
        assertEquals(263.0, result.records().get(0).getGco2PerKwh(), 0);
        assertEquals(IntensityKind.MEASURED, result.records().get(0).getKind());
        assertEquals(IntensityKind.FORECAST, result.records().get(1).getKind());
        assertEquals(Instant.parse("2018-01-20T12:30:00Z"), result.records().get(1).getValidFrom());
        assertEquals("intensity.json:4: forecast: value NaN is not a finite number", result.rejected().get(0).toString());
        assertEquals(SignalType.AVERAGE, result.records().get(0).getSignal());
    }

    @Test
    void regionalShapesBecomeRegionZonesWithForecasts() {
        String all = "{\"data\":[{\"from\":\"2018-05-15T11:30Z\",\"to\":\"2018-05-15T12:00Z\",\"regions\":["
                + "{\"regionid\":1,\"dnoregion\":\"Scottish Hydro Electric Power Distribution\",\"shortname\":\"North Scotland\","
                + "\"intensity\":{\"forecast\":0,\"index\":\"very low\"},\"generationmix\":[{\"fuel\":\"gas\",\"perc\":0}]},"
                + "{\"regionid\":13,\"dnoregion\":\"UKPN London\",\"shortname\":\"London\","
                + "\"intensity\":{\"forecast\":181,\"index\":\"moderate\"},\"generationmix\":[]}]}]}";
        ReadResult regions = new NesoJsonReader().read(new StringReader(all), "regional.json");
        assertEquals(List.of("GB-REGION-1", "GB-REGION-13"),
                regions.records().stream().map(r -> r.getZone()).collect(Collectors.toList()));
        assertTrue(regions.records().stream().allMatch(r -> r.getKind() == IntensityKind.FORECAST));
        assertEquals(181.0, regions.records().get(1).getGco2PerKwh(), 0);

        String one = "{\"data\":{\"regionid\":13,\"dnoregion\":\"UKPN London\",\"shortname\":\"London\",\"data\":["
                + "{\"from\":\"2018-05-15T11:30Z\",\"to\":\"2018-05-15T12:00Z\",\"intensity\":{\"forecast\":181,\"index\":\"moderate\"}},"
                + "{\"from\":\"2018-05-15T12:00Z\",\"to\":\"2018-05-15T12:30Z\",\"intensity\":{\"forecast\":175,\"index\":\"moderate\"}}]}}";
        ReadResult region = new NesoJsonReader().read(new StringReader(one), "region13.json");
        assertEquals(2, region.records().size());
        assertEquals("GB-REGION-13", region.records().get(1).getZone());
        assertEquals(IntensityFormat.NESO_JSON, FormatDetector.detect(one, "x", false));
    }

    @Test
    void apiErrorAnswerBecomesOneLineError() {
        String json = "{\"error\":{\"code\":\"400 Bad Request\",\"message\":\"Please enter a valid start datetime.\"}}";
        FeedException e = assertThrows(FeedException.class,
                () -> new NesoJsonReader().read(new StringReader(json), "err.json"));
        assertEquals("err.json: Carbon Intensity API error 400 Bad Request: Please enter a valid start datetime.",
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
