package org.carbonedge.feed.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.IntensityHistory;
import org.carbonedge.core.carbon.IntensityLimits;
import org.carbonedge.core.forecast.IntensityForecast;
import org.carbonedge.core.forecast.IntensityPoint;
import org.carbonedge.core.forecast.RegularSeries;
import org.carbonedge.core.forecast.SeasonalForecaster;
import org.junit.jupiter.api.Test;

/** The built-in forecaster's output as records on the grid-intensity topic's schema. */
class ForecastRecordsTest {
    private static final Instant START = Instant.parse("2023-05-01T00:00:00Z");

    private static RegularSeries tenDays() {
        List<IntensityPoint> points = new ArrayList<>();
        for (int i = 0; i < 24 * 10; i++) {
            points.add(new IntensityPoint(START.plus(Duration.ofHours(i)), 150 + 50 * Math.cos(i * Math.PI / 12)));
        }
        return RegularSeries.of(points, Duration.ofHours(1));
    }

    @Test
    void eachForecastIntervalBecomesAForecastRecordPublishedAtTheIssueTime() {
        Instant issuedAt = START.plus(Duration.ofDays(10)).plusSeconds(15 * 60);
        IntensityForecast forecast = new SeasonalForecaster().forecast(tenDays(), issuedAt, Duration.ofHours(48));

        List<GridIntensity> records = ForecastRecords.of("DE", SignalType.AVERAGE, forecast);

        assertThat(records).hasSize(49); // 00:00 (running at the issue time) .. the hour containing issue + 48 h
        Instant from = START.plus(Duration.ofDays(10));
        for (int i = 0; i < records.size(); i++) {
            GridIntensity r = records.get(i);
            assertThat(r.getZone()).isEqualTo("DE");
            assertThat(r.getKind()).isEqualTo(IntensityKind.FORECAST);
            assertThat(r.getSignal()).isEqualTo(SignalType.AVERAGE);
            assertThat(r.getSource()).isEqualTo("carbonedge-seasonal");
            assertThat(r.getPublishedAt()).isEqualTo(issuedAt);
            assertThat(r.getValidFrom()).isEqualTo(from.plus(Duration.ofHours(i)));
            assertThat(r.getValidTo()).isEqualTo(from.plus(Duration.ofHours(i + 1)));
            assertThat(r.getGco2PerKwh()).isEqualTo(forecast.gco2PerKwh(i));
            assertThat(IntensityHistory.problem(r)).isNull();
        }
    }

    @Test
    void consumersPreferTheMeasuredValueAndTheNewestForecast() {
        Instant issue1 = START.plus(Duration.ofDays(10));
        Instant issue2 = issue1.plus(Duration.ofHours(1));
        IntensityHistory history = new IntensityHistory("DE", SignalType.AVERAGE, IntensityLimits.defaults());
        ForecastRecords.of("DE", SignalType.AVERAGE, forecastWithValue(issue1, 100)).forEach(history::add);
        ForecastRecords.of("DE", SignalType.AVERAGE, forecastWithValue(issue2, 120)).forEach(history::add);

        Instant threeHoursOn = issue1.plus(Duration.ofHours(3));
        assertThat(history.at(threeHoursOn).orElseThrow().gco2PerKwh()).isEqualTo(120);

        history.add(GridIntensity.newBuilder().setZone("DE").setValidFrom(threeHoursOn)
                .setValidTo(threeHoursOn.plus(Duration.ofHours(1))).setGco2PerKwh(90).setSignal(SignalType.AVERAGE)
                .setKind(IntensityKind.MEASURED).setSource("test").setPublishedAt(null).build());
        assertThat(history.at(threeHoursOn).orElseThrow().gco2PerKwh()).isEqualTo(90);
    }

    private static IntensityForecast forecastWithValue(Instant issuedAt, double value) {
        double[] values = new double[24];
        java.util.Arrays.fill(values, value);
        return new IntensityForecast("carbonedge-seasonal", issuedAt, issuedAt, Duration.ofHours(1), values, "test");
    }

    @Test
    void recordsSurviveTheAvroRoundTripWithTheirIssueTime() throws IOException {
        Instant issuedAt = START.plus(Duration.ofDays(10));
        GridIntensity r = ForecastRecords.of("GB", SignalType.AVERAGE,
                new SeasonalForecaster().forecast(tenDays(), issuedAt, Duration.ofHours(2))).get(1);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(GridIntensity.class).write(r, enc);
        enc.flush();
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
        GridIntensity back = new SpecificDatumReader<>(GridIntensity.class).read(null, dec);

        assertThat(back).isEqualTo(r);
        assertThat(back.getPublishedAt()).isEqualTo(issuedAt);
    }

    @Test
    void anEmptyForecastGivesNoRecords() {
        IntensityForecast empty = IntensityForecast.empty("carbonedge-seasonal", START, START, Duration.ofHours(1),
                "no observation before " + START);
        assertThat(ForecastRecords.of("DE", SignalType.AVERAGE, empty)).isEmpty();
    }
}
