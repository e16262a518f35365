package org.carbonedge.cli.feed;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.cli.UsageException;
import org.carbonedge.core.forecast.IntensityForecast;
import org.carbonedge.core.forecast.RollingEvaluation;
import org.carbonedge.core.forecast.SeasonalForecaster;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.LoadedFeed;
import org.carbonedge.feed.forecast.ForecastRecords;
import org.carbonedge.feed.forecast.ForecastReport;
import org.carbonedge.feed.forecast.ZoneSeries;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.read.NesoRecordMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge feed forecast FILE...}: the built-in forecaster ({@code carbonedge-seasonal}) on historical
 * files. With {@code --evaluate}, a rolling-origin evaluation per zone (a forecast every hour after 7 days, each
 * from only what was known then, scored against what was later measured): a table, then one
 * {@code forecast zone=... mape_pct=...} line per zone, with the provider's own forecast scored on the same
 * intervals when the file has one (NESO). Without it, the forecast issued at {@code --at} (default: the end of the
 * data), printed as the FORECAST records the feed would publish. Files are read as {@code replay} reads them;
 * history is what the source measured (gaps left as gaps), NESO's forecast column is the provider's forecast.
 * Each file is a series of its own: Electricity Maps' hourly GB and NESO's half-hourly GB are two sources of one
 * zone, and merging them (as {@code replay} does) would score a forecast against a mix of both.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecast grid intensity from historical files with the built-in forecaster (carbonedge-seasonal).",
                "--evaluate: rolling-origin MAPE per zone and horizon, next to persistence, seasonal naive and the"
                        + " provider's own forecast (NESO files). Each file is evaluated on its own.",
                "MAPE skips actuals of 0 (counted as zero_actuals); WAPE is shown next to it."})
public final class FeedForecastCommand implements Callable<Integer> {
    private static final int MAX_HOURS = 24 * 7;

    @Spec
    CommandSpec spec;

    @Mixin
    ReaderOptions reader;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to read, in any order (one or more zones).")
    List<Path> files;

    @Option(names = "--evaluate", description = "Score the forecaster over the whole files instead of forecasting once.")
    boolean evaluate;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "48",
            description = "Hours ahead each forecast reaches (default: ${DEFAULT-VALUE}, at most " + MAX_HOURS + ").")
    int hours;

    @Option(names = "--at", paramLabel = "TIME",
            description = "Issue time of the forecast, ISO-8601 UTC (default: the end of each zone's data). Not with --evaluate.")
    String at;

    @Override
    public Integer call() {
        if (hours < 1 || hours > MAX_HOURS) {
            throw new UsageException("invalid value for option '--hours': " + hours + " (use 1.." + MAX_HOURS + ")");
        }
        if (evaluate && at != null) {
            throw new UsageException("give --evaluate or --at, not both");
        }
        Instant issuedAt = TimeArguments.utc("--at", at);
        FeedLoadOptions options = loadOptions();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException(file + (Files.exists(file) ? ": not a regular file" : ": no such file"));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<FileZone> zones = new ArrayList<>();
        for (Path file : files) {
            LoadedFeed feed = new FeedLoader(options).load(List.of(file));
            FeedReport.print(feed, err);
            for (Map.Entry<String, List<GridIntensity>> e : feed.series().entrySet()) {
                try {
                    zones.add(new FileZone(file.getFileName().toString(), ZoneSeries.of(e.getValue())));
                } catch (IllegalArgumentException ex) {
                    throw new UsageException(file + ": zone " + e.getKey() + ": " + ex.getMessage());
                }
            }
        }
        if (evaluate) {
            evaluate(zones, out);
        } else {
            forecast(zones, issuedAt, out, err);
        }
        out.flush();
        err.flush();
        return 0;
    }

    /** The reader flags, with NESO rows read as both actual and forecast, and gaps left as gaps. */
    private FeedLoadOptions loadOptions() {
        if (!"actual-else-forecast".equals(reader.nesoValues)) {
            throw new UsageException("feed forecast reads NESO's actuals as history and its forecasts as the"
                    + " provider's: --neso-values does not apply");
        }
        FeedLoadOptions options = reader.loadOptions();
        if (options.gapPolicy() != GapPolicy.LEAVE) {
            throw new UsageException("feed forecast needs --gap-policy leave: held-last values are not measurements");
        }
        return options.withReaderSettings(options.readerSettings().withNesoMode(NesoRecordMode.ACTUAL_AND_FORECAST));
    }

    /** One zone's series as read from one file. */
    private record FileZone(String file, ZoneSeries series) {
    }

    private void evaluate(List<FileZone> zones, PrintWriter out) {
        RollingEvaluation.Options options = new RollingEvaluation.Options(Duration.ofHours(hours), Duration.ofDays(7),
                Duration.ofHours(1));
        List<ForecastReport> reports = new ArrayList<>();
        for (FileZone zone : zones) {
            reports.add(ForecastReport.evaluate(zone.file(), zone.series(), options));
        }
        ForecastReport.table(reports).forEach(out::println);
        reports.forEach(r -> out.println(r.line()));
    }

    private void forecast(List<FileZone> zones, Instant at, PrintWriter out, PrintWriter err) {
        SeasonalForecaster forecaster = new SeasonalForecaster();
        for (FileZone fileZone : zones) {
            ZoneSeries zone = fileZone.series();
            Instant issuedAt = at != null ? at : zone.history().validFrom(zone.history().size());
            IntensityForecast f = forecaster.forecast(zone.history(), issuedAt, Duration.ofHours(hours));
            if (f.isEmpty()) {
                err.println("forecast zone=" + zone.zone() + " issued_at=" + issuedAt + ": none (" + f.basis() + ")");
                continue;
            }
            for (GridIntensity r : ForecastRecords.of(zone.zone(), zone.signal(), f)) {
                out.println(String.format(Locale.ROOT, "zone=%s valid_from=%s valid_to=%s gco2_per_kwh=%.2f kind=%s"
                                + " source=%s published_at=%s", r.getZone(), r.getValidFrom(), r.getValidTo(),
                        r.getGco2PerKwh(), r.getKind(), r.getSource(), r.getPublishedAt()));
            }
        }
    }
}
