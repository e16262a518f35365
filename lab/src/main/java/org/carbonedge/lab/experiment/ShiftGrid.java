package org.carbonedge.lab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.core.forecast.IntensityForecast;
import org.carbonedge.core.forecast.SeasonalForecaster;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.forecast.ForecastRecords;
import org.carbonedge.feed.forecast.ZoneSeries;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.read.NesoRecordMode;

/**
 * What the shift experiment replays for its one zone: the measured records of the window and the forecasts that
 * were known ahead of them, each with its issue time in {@code publishedAt}.
 *
 * <ul>
 *   <li><b>A file with the provider's own forecast</b> (NESO's {@code forecast} column): each forecast half-hour is
 *       published as a FORECAST record issued {@code providerLead} before it starts (default 24 h: a day-ahead
 *       forecast). <em>An assumption</em>: the file keeps one forecast per half-hour and does not say when it was
 *       issued; NESO's API publishes forecasts up to 48 h ahead and revises them every half-hour.</li>
 *   <li><b>A file without one</b> (Electricity Maps CSVs): the built-in {@link SeasonalForecaster} issues a
 *       forecast every grid hour from {@code from}, each from the history known at its issue time only (no
 *       peeking) and reaching {@code horizon} ahead.</li>
 * </ul>
 * Gaps are left as gaps (a held-last value is not a measurement).
 *
 * @param zone           the zone
 * @param measured       the measured (or source-estimated) records starting in the window, in time order
 * @param forecasts      the FORECAST records to publish, by issue time
 * @param forecastSource how the forecasts were made, in words
 */
public record ShiftGrid(String zone, List<GridIntensity> measured, List<GridIntensity> forecasts, String forecastSource) {

    /**
     * @param file         one intensity file, any format the feed readers detect
     * @param zone         the zone to use; null for the file's only zone
     * @param from         window start, grid time
     * @param to           window end (exclusive), grid time
     * @param providerLead how long before its start a provider's forecast interval is taken to be issued
     * @param horizon      how far ahead the built-in forecaster forecasts
     * @throws IllegalArgumentException when the file is missing, the zone absent or the window not covered
     */
    static ShiftGrid load(Path file, String zone, Instant from, Instant to, Duration providerLead, Duration horizon) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        FeedLoadOptions options = FeedLoadOptions.of(GapPolicy.LEAVE);
        options = options.withReaderSettings(options.readerSettings().withNesoMode(NesoRecordMode.ACTUAL_AND_FORECAST));
        SortedMap<String, List<GridIntensity>> series = new FeedLoader(options).load(List.of(file)).series();
        if (zone == null && series.size() != 1) {
            throw new IllegalArgumentException(file + " holds zones " + String.join(", ", series.keySet())
                    + ": name one with --zone");
        }
        String z = zone == null ? series.firstKey() : zone;
        List<GridIntensity> all = series.get(z);
        if (all == null || all.isEmpty()) {
            throw new IllegalArgumentException("no grid data for zone '" + z + "' in " + file + " (zones there: "
                    + String.join(", ", series.keySet()) + ")");
        }
        List<GridIntensity> measured = all.stream().filter(r -> r.getKind() != IntensityKind.FORECAST)
                .filter(r -> !r.getValidFrom().isBefore(from) && r.getValidFrom().isBefore(to)).toList();
        if (measured.isEmpty() || measured.get(0).getValidFrom().isAfter(from)
                || measured.get(measured.size() - 1).getValidTo().isBefore(to)) {
            throw new IllegalArgumentException("the grid data of zone " + z + " (" + all.get(0).getValidFrom() + " to "
                    + all.get(all.size() - 1).getValidTo() + ") does not cover " + from + " to " + to);
        }
        List<GridIntensity> provider = all.stream().filter(r -> r.getKind() == IntensityKind.FORECAST)
                .filter(r -> !r.getValidFrom().isBefore(from) && r.getValidFrom().isBefore(to))
                .map(r -> GridIntensity.newBuilder(r).setPublishedAt(r.getValidFrom().minus(providerLead)).build())
                .toList();
        if (!provider.isEmpty()) {
            return new ShiftGrid(z, measured, provider, String.format("%s's forecast, each interval issued %d h before it"
                    + " starts (assumed)", provider.get(0).getSource(), providerLead.toHours()));
        }
        return new ShiftGrid(z, measured, seasonal(ZoneSeries.of(all), from, to, horizon),
                "carbonedge-seasonal, issued every grid hour from the history known then, " + horizon.toHours() + " h ahead");
    }

    /** The built-in forecaster's forecasts issued every hour of {@code [from, to)}. */
    static List<GridIntensity> seasonal(ZoneSeries zone, Instant from, Instant to, Duration horizon) {
        SeasonalForecaster forecaster = new SeasonalForecaster();
        List<GridIntensity> out = new ArrayList<>();
        for (Instant issue = from; issue.isBefore(to); issue = issue.plus(Duration.ofHours(1))) {
            IntensityForecast f = forecaster.forecast(zone.history(), issue, horizon);
            ForecastRecords.of(zone.zone(), zone.signal(), f).stream()
                    .filter(r -> r.getValidFrom().isBefore(to)).forEach(out::add);
        }
        return out;
    }
}
