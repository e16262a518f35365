package org.carbonedge.feed.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.carbonedge.core.forecast.ForecastEvaluation;
import org.carbonedge.core.forecast.HorizonBucket;
import org.carbonedge.core.forecast.RollingEvaluation;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.LoadedFeed;
import org.carbonedge.feed.SharedData;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.read.NesoRecordMode;
import org.carbonedge.feed.read.ReaderSettings;
import org.junit.jupiter.api.Test;

/**
 * The built-in forecaster on the shared 2023 files (skipped when they are absent; never copied into the repo),
 * through the real readers: a year of hourly forecasts per zone, 48 h ahead, every hour after 7 days. It must beat
 * both baselines over the next 24 h, by MAPE and by WAPE, in every zone, and NESO's own forecast must come out near
 * the 7.8% quoted in #16 (a check of our MAPE definition and of the provider comparison). The figures are printed:
 * they are the README's.
 */
class ForecastRealDataTest {

    @Test
    void theBuiltInForecasterBeatsTheBaselinesOnEveryZoneAndNesoScoresAsPublished() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(SharedData.grid("electricitymaps"))) {
            s.filter(p -> p.toString().endsWith("_2023_hourly.csv")).sorted().forEach(files::add);
        }
        Path neso = SharedData.grid("neso/GB_national_2023_halfhourly.csv");
        FeedLoadOptions options = FeedLoadOptions.of(GapPolicy.LEAVE)
                .withReaderSettings(ReaderSettings.defaults().withNesoMode(NesoRecordMode.ACTUAL_AND_FORECAST));
        Map<String, ForecastReport> reports = new TreeMap<>();
        for (Path file : files) {
            LoadedFeed feed = new FeedLoader(options).load(List.of(file));
            feed.series().forEach((zone, records) -> reports.put(zone, ForecastReport.evaluate(
                    file.getFileName().toString(), ZoneSeries.of(records), RollingEvaluation.Options.defaults())));
        }
        LoadedFeed nesoFeed = new FeedLoader(options).load(List.of(neso));
        ForecastReport nesoReport = ForecastReport.evaluate(neso.getFileName().toString(),
                ZoneSeries.of(nesoFeed.series().get("GB")), RollingEvaluation.Options.defaults());
        reports.put("GB (NESO)", nesoReport);

        List<ForecastReport> all = new ArrayList<>(reports.values());
        ForecastReport.table(all).forEach(System.out::println);
        all.forEach(r -> System.out.println(r.line()));

        assertThat(reports).hasSize(11);
        for (ForecastReport r : all) {
            ForecastEvaluation s = r.seasonal();
            assertThat(s.emptyForecasts()).as(r.zone()).isZero();
            assertThat(s.issues()).as(r.zone()).isGreaterThan(8000);
            double day = s.upTo24h().mapePct();
            assertThat(day).as("%s MAPE <= 24h vs persistence", r.zone()).isLessThan(r.persistence().upTo24h().mapePct());
            assertThat(day).as("%s MAPE <= 24h vs seasonal naive", r.zone()).isLessThan(r.naive().upTo24h().mapePct());
            double wape = s.upTo24h().wapePct();
            assertThat(wape).as("%s WAPE <= 24h vs persistence", r.zone()).isLessThan(r.persistence().upTo24h().wapePct());
            assertThat(wape).as("%s WAPE <= 24h vs seasonal naive", r.zone()).isLessThan(r.naive().upTo24h().wapePct());
            assertThat(s.bucket(HorizonBucket.UP_TO_1H).mapePct()).as(r.zone())
                    .isLessThan(s.bucket(HorizonBucket.H24_TO_48).mapePct());
        }
        assertThat(nesoReport.seasonal().provider().mapePct()).isBetween(7.0, 8.6);
        assertThat(nesoReport.seasonal().provider().points()).isGreaterThan(16_000);
    }
}
