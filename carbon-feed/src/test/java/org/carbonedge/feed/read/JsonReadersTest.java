package org.carbonedge.feed.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;
import org.junit.jupiter.api.Test;

class JsonReadersTest {
    private static ReadResult read(IntensityReader reader, String json) {
        return reader.read(new StringReader(json), "sample.json");
    }

    @Test
    void wattTimeMoerIsMarginalAndConvertedFromPoundsPerMegawattHour() {
        String json = "{\n"
                + "  \"data\": [\n"
                + "    {\"point_time\": \"2024-01-01T00:00:00+00:00\", \"value\": 1000.0, \"version\": \"1.0\"},\n"
                + "    {\"point_time\": \"2024-01-01T00:05:00+00:00\", \"value\": -3, \"version\": \"1.0\"},\n"
                + "    {\"point_time\": \"2024-01-01T00:10:00\", \"value\": 900, \"version\": \"1.0\"}\n"
                + "  ],\n"
                + "  \"meta\": {\"region\": \"CAISO_NORTH\", \"signal_type\": \"co2_moer\", \"units\": \"lbs_co2_per_mwh\","
                + " \"data_point_period_seconds\": 300, \"model\": {\"date\": \"2023-03-01\"}}\n"
                + "}";
        ReadResult result = read(new WattTimeJsonReader(), json);
        assertEquals(1, result.records().size());
        GridIntensity r = result.records().get(0);
        assertEquals(453.59237, r.getGco2PerKwh(), 1e-9, "1000 lbs/MWh × 0.45359237");
        assertEquals(SignalType.MARGINAL, r.getSignal());
        assertEquals(IntensityKind.MEASURED, r.getKind());
        assertEquals("CAISO_NORTH", r.getZone());
        assertEquals(Duration.ofMinutes(5), Duration.between(r.getValidFrom(), r.getValidTo()));
        assertEquals("sample.json:4: value -3.0 lbs/MWh: negative intensity -1.36 gCO2/kWh",
                result.rejected().get(0).toString());
        assertTrue(result.rejected().get(1).toString().startsWith("sample.json:5: point_time: '2024-01-01T00:10:00' "
                + "has no UTC offset"), result.rejected().get(1).toString());
        assertEquals(IntensityFormat.WATTTIME_JSON, FormatDetector.detect(json, "x", false));
    }

    @Test
    void wattTimeAoerForecastsAreAverageForecastsWithIssueTime() {
        String json = "{\"data\":[{\"point_time\":\"2024-01-01T00:00:00Z\",\"value\":800}],"
                + "\"meta\":{\"region\":\"PJM_DC\",\"signal_type\":\"co2_aoer\",\"generated_at\":\"2023-12-31T23:55:00+00:00\"}}";
        GridIntensity r = read(new WattTimeJsonReader("edge-dc"), json).records().get(0);
        assertEquals(SignalType.AVERAGE, r.getSignal());
        assertEquals(IntensityKind.FORECAST, r.getKind());
        assertEquals(Instant.parse("2023-12-31T23:55:00Z"), r.getPublishedAt());
        assertEquals("edge-dc", r.getZone());
        assertEquals(800 * 0.45359237, r.getGco2PerKwh(), 1e-9);

        String historicalForecasts = "{\"data\":[{\"generated_at\":\"2024-01-01T00:00:00Z\",\"forecast\":["
                + "{\"point_time\":\"2024-01-01T00:05:00Z\",\"value\":700},{\"point_time\":\"2024-01-01T00:10:00Z\",\"value\":710}]}],"
                + "\"meta\":{\"region\":\"CAISO_NORTH\",\"signal_type\":\"co2_moer\"}}";
        ReadResult batch = read(new WattTimeJsonReader(), historicalForecasts);
        assertEquals(2, batch.records().size());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), batch.records().get(1).getPublishedAt());
    }

    @Test
    void wattTimeNonIntensitySignalsAreRefused() {
        String json = "{\"data\":[],\"meta\":{\"region\":\"CAISO_NORTH\",\"signal_type\":\"health_damage\"}}";
        assertEquals("sample.json: WattTime signal_type 'health_damage' is not a CO2 intensity (use co2_moer or co2_aoer)",
                assertThrows(FeedException.class, () -> read(new WattTimeJsonReader(), json)).getMessage());
    }

    @Test
    void carbonAwareSdkEmissionsArrayWithTimeSpanDurations() {
        String json = "[\n"
                + "  {\"location\":\"eastus\",\"time\":\"2022-09-01T00:00:00+00:00\",\"rating\":420.5,\"duration\":\"01:00:00\"},\n"
                + "  {\"location\":\"eastus\",\"time\":\"2022-09-01T01:00:00+00:00\",\"rating\":400,\"duration\":\"1.00:00:00\"},\n"
                + "  {\"Location\":\"westus\",\"Time\":\"2022-09-01T00:00:00Z\",\"Rating\":90,\"Duration\":\"PT15M\"},\n"
                + "  {\"location\":\"westus\",\"time\":\"2022-09-01T00:15:00Z\",\"rating\":-1,\"duration\":\"00:15\"}\n"
                + "]";
        ReadResult result = read(new CarbonAwareSdkJsonReader(), json);
        assertEquals(3, result.records().size());
        assertEquals(Duration.ofDays(1), Duration.between(result.records().get(1).getValidFrom(),
                result.records().get(1).getValidTo()));
        assertEquals(Duration.ofMinutes(15), Duration.between(result.records().get(2).getValidFrom(),
                result.records().get(2).getValidTo()));
        assertEquals(SignalType.MARGINAL, result.records().get(0).getSignal());
        assertEquals("sample.json:5: rating: negative intensity -1.00 gCO2/kWh", result.rejected().get(0).toString());
        assertEquals(IntensityFormat.CARBON_AWARE_SDK_JSON, FormatDetector.detect(json, "x", false));
    }

    @Test
    void carbonAwareSdkDataFileNeedsExplicitUtcForOffsetLessTimes() {
        String json = "{\"Description\":\"Test data\",\"Emissions\":[\n"
                + "{\"Location\":\"Sydney\",\"Rating\":\"60\",\"Time\":\"2021-01-01T00:00:01\"},\n"
                + "{\"Location\":\"Sydney\",\"Rating\":\"62\",\"Time\":\"2021-01-01T00:30:01\"}]}";
        ReadResult strict = read(new CarbonAwareSdkJsonReader(), json);
        assertEquals(0, strict.records().size());
        assertTrue(strict.rejected().get(0).toString().startsWith("sample.json:2: time: '2021-01-01T00:00:01' has no "
                + "UTC offset"), strict.rejected().get(0).toString());
        ReadResult utc = read(new CarbonAwareSdkJsonReader(SignalType.AVERAGE, true), json);
        assertEquals(2, utc.records().size());
        assertEquals(Duration.ofMinutes(30), Duration.between(utc.records().get(0).getValidFrom(),
                utc.records().get(0).getValidTo()), "duration inferred from the next point");
        assertEquals(Duration.ofMinutes(30), Duration.between(utc.records().get(1).getValidFrom(),
                utc.records().get(1).getValidTo()), "last point repeats the previous step");
        assertEquals(SignalType.AVERAGE, utc.records().get(0).getSignal());
    }

    @Test
    void carbonAwareSdkForecastsAreForecastRecords() {
        String json = "[{\"generatedAt\":\"2022-06-01T00:00:00Z\",\"requestedAt\":\"2022-06-01T00:00:00Z\","
                + "\"location\":\"eastus\",\"windowSize\":5,\"optimalDataPoints\":[],"
                + "\"forecastData\":[{\"location\":\"eastus\",\"timestamp\":\"2022-06-01T00:05:00Z\",\"duration\":5,\"value\":65.4},"
                + "{\"timestamp\":\"2022-06-01T00:10:00Z\",\"duration\":5,\"value\":66}]}]";
        ReadResult result = read(new CarbonAwareSdkJsonReader(), json);
        assertEquals(2, result.records().size());
        GridIntensity r = result.records().get(1);
        assertEquals("eastus", r.getZone());
        assertEquals(IntensityKind.FORECAST, r.getKind());
        assertEquals(Instant.parse("2022-06-01T00:00:00Z"), r.getPublishedAt());
        assertEquals(Duration.ofMinutes(5), Duration.between(r.getValidFrom(), r.getValidTo()));
    }

    @Test
    void electricityMapsApiShapes() {
        String latest = "{\"zone\":\"DE\",\"carbonIntensity\":302,\"datetime\":\"2019-05-21T00:00:00.000Z\","
                + "\"updatedAt\":\"2019-05-21T00:32:12.000Z\",\"emissionFactorType\":\"lifecycle\",\"isEstimated\":true,"
                + "\"estimationMethod\":\"TIME_SLICER_AVERAGE\"}";
        GridIntensity r = read(new ElectricityMapsJsonReader(), latest).records().get(0);
        assertEquals("DE", r.getZone());
        assertEquals(IntensityKind.ESTIMATED, r.getKind());
        assertEquals(Instant.parse("2019-05-21T01:00:00Z"), r.getValidTo());
        assertEquals(IntensityFormat.ELECTRICITY_MAPS_JSON, FormatDetector.detect(latest, "x", false));

        String history = "{\"zone\":\"FR\",\"history\":[\n"
                + "{\"zone\":\"FR\",\"carbonIntensity\":30,\"datetime\":\"2024-01-01T00:00:00.000Z\",\"isEstimated\":false},\n"
                + "{\"zone\":\"FR\",\"carbonIntensity\":null,\"datetime\":\"2024-01-01T01:00:00.000Z\",\"isEstimated\":false}\n"
                + "]}";
        ReadResult h = read(new ElectricityMapsJsonReader(), history);
        assertEquals(1, h.records().size());
        assertEquals(IntensityKind.MEASURED, h.records().get(0).getKind());
        assertEquals("sample.json:3: carbonIntensity is null (no data for this hour)", h.rejected().get(0).toString());

        String forecast = "{\"zone\":\"DE\",\"forecast\":[{\"carbonIntensity\":310,\"datetime\":\"2024-01-01T05:00:00.000Z\"}],"
                + "\"updatedAt\":\"2024-01-01T04:12:00.000Z\"}";
        GridIntensity f = read(new ElectricityMapsJsonReader(), forecast).records().get(0);
        assertEquals(IntensityKind.FORECAST, f.getKind());
        assertEquals(Instant.parse("2024-01-01T04:12:00Z"), f.getPublishedAt());
        assertNull(r.getPublishedAt());
    }

    @Test
    void malformedJsonGivesFileAndLine() {
        String broken = "{\"data\":[\n{\"point_time\":\"2024-01-01T00:00:00Z\",\"value\":1},\n{\"point_time\": oops}]}";
        FeedException e = assertThrows(FeedException.class, () -> read(new WattTimeJsonReader(), broken));
        assertTrue(e.getMessage().startsWith("sample.json:3: malformed JSON: Unrecognized token 'oops'"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        assertEquals("sample.json: empty file (no JSON value)",
                assertThrows(FeedException.class, () -> read(new NesoJsonReader(), "  ")).getMessage());
        assertEquals("sample.json: not a WattTime v3 response (no 'data' array)",
                assertThrows(FeedException.class, () -> read(new WattTimeJsonReader(), "{\"x\":1}")).getMessage());
    }
}
