package org.carbonedge.feed.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.forecast.SeasonalForecaster;
import org.junit.jupiter.api.Test;

/**
 * The built-in forecaster as a stream step: one forecast per zone per hour of data, issued from what was measured
 * before it (the same records whatever came after), none for zones with a provider forecast, none twice after a
 * restart, and nothing from records it cannot use.
 */
class ZoneForecastIssuerTest {

    private static final Instant START = Instant.parse("2023-01-01T00:00:00Z");
    private static final long HOUR = 3_600_000L;

    /** Hour {@code h} of a zone whose intensity follows a daily cycle with some noise. */
    private static GridIntensity measured(String zone, int h, Random noise) {
        double v = 300 + 100 * Math.sin(2 * Math.PI * (h % 24) / 24.0) + noise.nextGaussian() * 10;
        return record(zone, START.plusMillis(h * HOUR), Duration.ofHours(1), v, IntensityKind.MEASURED, "test", null);
    }

    private static GridIntensity record(String zone, Instant from, Duration length, double v, IntensityKind kind,
                                        String source, Instant publishedAt) {
        return GridIntensity.newBuilder().setZone(zone).setValidFrom(from).setValidTo(from.plus(length))
                .setGco2PerKwh(v).setSignal(SignalType.AVERAGE).setKind(kind).setSource(source)
                .setPublishedAt(publishedAt).build();
    }

    private static ZoneForecastIssuer issuer() {
        return ZoneForecastIssuer.hourly(new SeasonalForecaster(), 10);
    }

    @Test
    void eachNewHourOfMeasurementsIssuesAForecastFromWhatWasKnownThen() {
        ZoneForecastIssuer issuer = issuer();
        Random noise = new Random(3);
        List<List<GridIntensity>> issues = new ArrayList<>();
        List<GridIntensity> history = new ArrayList<>();
        for (int h = 0; h < 30 * 24; h++) {
            GridIntensity m = measured("DE", h, noise);
            history.add(m);
            List<GridIntensity> out = issuer.accept(m);
            if (!out.isEmpty()) {
                issues.add(out);
            }
        }
        assertThat(issues.size()).as("about one per hour once there is history").isGreaterThan(28 * 24);
        List<GridIntensity> last = issues.get(issues.size() - 1);
        Instant issuedAt = START.plusMillis(30 * 24 * HOUR);
        assertThat(last).allSatisfy(r -> {
            assertThat(r.getKind()).isEqualTo(IntensityKind.FORECAST);
            assertThat(r.getSource()).isEqualTo(SeasonalForecaster.SOURCE);
            assertThat(r.getPublishedAt()).isEqualTo(issuedAt);
            assertThat(r.getValidFrom()).isAfterOrEqualTo(issuedAt);
        });
        assertThat(last).hasSize(48);
        assertThat(last.get(6).getGco2PerKwh()).as("the daily cycle: 06:00 is the peak").isGreaterThan(360);
        assertThat(last.get(18).getGco2PerKwh()).as("18:00 the trough").isLessThan(240);

        // no peeking: the issue at hour 600 is the same when nothing after it was ever seen
        ZoneForecastIssuer fresh = issuer();
        List<GridIntensity> at600 = List.of();
        for (int h = 0; h < 600; h++) {
            List<GridIntensity> out = fresh.accept(history.get(h));
            if (!out.isEmpty()) {
                at600 = out;
            }
        }
        assertThat(at600).isEqualTo(issues.stream().filter(i -> i.get(0).getPublishedAt()
                .equals(START.plusMillis(600 * HOUR))).findFirst().orElseThrow());
    }

    @Test
    void aZoneWithAProviderForecastIsLeftToItAndOwnRecordsReadBackAreNotIssuedAgain() {
        ZoneForecastIssuer issuer = issuer();
        Random noise = new Random(5);
        for (int h = 0; h < 20 * 24; h++) {
            issuer.accept(measured("GB", h, noise));
        }
        Instant t = START.plusMillis(20 * 24 * HOUR);
        issuer.accept(record("GB", t, Duration.ofMinutes(30), 200, IntensityKind.FORECAST, "neso", t.minusSeconds(60)));
        assertThat(issuer.accept(measured("GB", 20 * 24, noise))).as("the provider forecasts GB").isEmpty();

        // a restart: the issuer reads its own forecast back before the measurement that caused it
        ZoneForecastIssuer restarted = issuer();
        Random again = new Random(5);
        for (int h = 0; h < 20 * 24 - 1; h++) {
            restarted.accept(measured("FR", h, again));
        }
        Instant issue = START.plusMillis(20 * 24 * HOUR);
        restarted.accept(record("FR", issue, Duration.ofHours(1), 250, IntensityKind.FORECAST,
                SeasonalForecaster.SOURCE, issue));
        assertThat(restarted.accept(measured("FR", 20 * 24 - 1, again))).as("issued before the restart").isEmpty();
        assertThat(restarted.accept(measured("FR", 20 * 24, again))).as("the next hour is new").isNotEmpty();
    }

    @Test
    void recordsItCannotUseIssueNothingAndLateOnesFillThePast() {
        ZoneForecastIssuer issuer = issuer();
        Random noise = new Random(7);
        for (int h = 0; h < 20 * 24; h++) {
            issuer.accept(measured("PL", h, noise));
        }
        Instant t = START.plusMillis(20 * 24 * HOUR);
        assertThat(issuer.accept(record("PL", t, Duration.ofHours(1), Double.NaN, IntensityKind.MEASURED, "x", null))).isEmpty();
        assertThat(issuer.accept(record("PL", t, Duration.ofHours(1), -5, IntensityKind.MEASURED, "x", null))).isEmpty();
        assertThat(issuer.accept(record("PL", t, Duration.ofMinutes(7), 100, IntensityKind.MEASURED, "x", null))).isEmpty();
        assertThat(issuer.offGrid()).isEqualTo(1);
        assertThat(issuer.accept(record("PL", t, Duration.ZERO, 100, IntensityKind.MEASURED, "x", null))).isEmpty();
        assertThat(issuer.accept(record("PL", t, Duration.ofHours(1), 100, IntensityKind.ESTIMATED, "x", null))).isEmpty();
        GridIntensity marginal = GridIntensity.newBuilder(measured("PL", 20 * 24, noise)).setSignal(SignalType.MARGINAL).build();
        assertThat(issuer.accept(marginal)).isEmpty();
        assertThat(issuer.accept(measured("PL", 100, noise))).as("a late record fills the past").isEmpty();
        assertThat(issuer.accept(measured("PL", 20 * 24, noise))).as("the next hour still issues").isNotEmpty();
        assertThat(issuer.zones()).isEqualTo(1);
        for (int z = 0; z < 20; z++) {
            issuer.accept(measured("Z" + z, 0, noise)); // a flood of zone names
        }
        assertThat(issuer.zones()).isEqualTo(10);
        assertThat(issuer.zonesRefused()).isEqualTo(11);
    }
}
