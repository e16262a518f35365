package org.carbonedge.feed.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.carbonedge.core.forecast.ErrorStats;
import org.carbonedge.core.forecast.ForecastEvaluation;
import org.carbonedge.core.forecast.HorizonBucket;
import org.carbonedge.core.forecast.IntensityForecaster;
import org.carbonedge.core.forecast.PersistenceForecaster;
import org.carbonedge.core.forecast.RollingEvaluation;
import org.carbonedge.core.forecast.SeasonalForecaster;
import org.carbonedge.core.forecast.SeasonalNaiveForecaster;

/**
 * The rolling-origin evaluation of one zone: the built-in forecaster, the two baselines it has to beat
 * (persistence, seasonal naive) and, where the file has one, the provider's own forecast on the same intervals.
 * Prints as one machine-readable line ({@code forecast zone=GB source=carbonedge-seasonal ... mape_pct=...}) and as
 * a row of the human table.
 *
 * @param zone        the zone
 * @param file        the file the series came from (a zone can be in two files: Electricity Maps' and NESO's GB)
 * @param series      what was evaluated
 * @param seasonal    the built-in forecaster
 * @param persistence baseline: the newest value
 * @param naive       baseline: the same time on the newest known day
 */
public record ForecastReport(String zone, String file, ZoneSeries series, ForecastEvaluation seasonal,
                             ForecastEvaluation persistence, ForecastEvaluation naive) {

    public ForecastReport {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(seasonal, "seasonal");
    }

    /** Evaluates the built-in forecaster and both baselines on {@code series} (read from {@code file}). */
    public static ForecastReport evaluate(String file, ZoneSeries series, RollingEvaluation.Options options) {
        return new ForecastReport(series.zone(), file, series,
                run(new SeasonalForecaster(), series, options),
                run(new PersistenceForecaster(), series, options),
                run(new SeasonalNaiveForecaster(), series, options));
    }

    private static ForecastEvaluation run(IntensityForecaster f, ZoneSeries s, RollingEvaluation.Options options) {
        return new RollingEvaluation(f, options).evaluate(s.history(), s.provider());
    }

    /** The machine-readable line; MAPE keys in percent, {@code provider_*} only when the file has a forecast. */
    public String line() {
        StringBuilder b = new StringBuilder("forecast zone=").append(zone)
                .append(" file=").append(file)
                .append(" source=").append(seasonal.source())
                .append(" step=").append(series.history().step())
                .append(" issues=").append(seasonal.issues())
                .append(" points=").append(seasonal.all().points())
                .append(" mape_pct=").append(pct(seasonal.all().mapePct()))
                .append(" mape_24h_pct=").append(pct(seasonal.upTo24h().mapePct()));
        for (HorizonBucket h : HorizonBucket.values()) {
            b.append(" mape_").append(h.label()).append("_pct=").append(pct(seasonal.bucket(h).mapePct()));
        }
        b.append(" wape_24h_pct=").append(pct(seasonal.upTo24h().wapePct()))
                .append(" persistence_mape_24h_pct=").append(pct(persistence.upTo24h().mapePct()))
                .append(" seasonal_naive_mape_24h_pct=").append(pct(naive.upTo24h().mapePct()))
                .append(" zero_actuals=").append(seasonal.all().zeroActuals());
        ErrorStats provider = seasonal.provider();
        if (provider != null) {
            b.append(" provider_points=").append(provider.points())
                    .append(" provider_mape_pct=").append(pct(provider.mapePct()))
                    .append(" provider_wape_pct=").append(pct(provider.wapePct()));
        }
        b.append(" empty_forecasts=").append(seasonal.emptyForecasts())
                .append(" seconds=").append(String.format(Locale.ROOT, "%.1f", seasonal.elapsed().toMillis() / 1000.0));
        return b.toString();
    }

    /** The human table: a header and one row per report. */
    public static List<String> table(List<ForecastReport> reports) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%-13s %5s %9s | %7s %7s %7s %7s | %7s %7s %7s | %7s %7s | %8s | %s",
                "zone", "step", "points", "1h", "1-6h", "6-24h", "24-48h", "<=24h", "<=48h", "WAPE24", "persist",
                "naive", "provider", "file"));
        out.add(String.format(Locale.ROOT, "%-13s %5s %9s | %-31s | %-23s | %-15s | %8s", "", "", "",
                "MAPE % by lead (built-in)", "MAPE % (built-in)", "MAPE % <=24h", "MAPE %"));
        for (ForecastReport r : reports) {
            ForecastEvaluation s = r.seasonal();
            out.add(String.format(Locale.ROOT, "%-13s %5s %9d | %7s %7s %7s %7s | %7s %7s %7s | %7s %7s | %8s | %s",
                    r.zone(), r.series().history().step().toString().substring(2).toLowerCase(Locale.ROOT),
                    s.all().points(),
                    pct(s.bucket(HorizonBucket.UP_TO_1H).mapePct()), pct(s.bucket(HorizonBucket.H1_TO_6).mapePct()),
                    pct(s.bucket(HorizonBucket.H6_TO_24).mapePct()), pct(s.bucket(HorizonBucket.H24_TO_48).mapePct()),
                    pct(s.upTo24h().mapePct()), pct(s.all().mapePct()), pct(s.upTo24h().wapePct()),
                    pct(r.persistence().upTo24h().mapePct()), pct(r.naive().upTo24h().mapePct()),
                    s.provider() == null ? "-" : pct(s.provider().mapePct()), r.file()));
        }
        return out;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.2f", v);
    }
}
