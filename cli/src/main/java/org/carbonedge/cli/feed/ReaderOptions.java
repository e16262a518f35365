package org.carbonedge.cli.feed;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Supplier;

import org.carbonedge.avro.SignalType;
import org.carbonedge.cli.UsageException;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.read.EmissionFactor;
import org.carbonedge.feed.read.GenericCsvMapping;
import org.carbonedge.feed.read.IntensityFormat;
import org.carbonedge.feed.read.NesoRecordMode;
import org.carbonedge.feed.read.ReaderSettings;
import org.carbonedge.feed.read.Units;
import picocli.CommandLine.Option;

/**
 * How {@code replay} reads its files: format, Electricity Maps column, UK Carbon Intensity values, data-quality
 * policy and the generic-CSV column mapping. Turns the flags into the library's {@link FeedLoadOptions}; a bad
 * value or a contradictory combination is a usage error (exit 2) found before any file is opened.
 */
public final class ReaderOptions {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto (detect per file, default), electricitymaps, electricitymaps-json, neso-csv, neso-json,"
                    + " watttime, carbon-aware or csv (generic, needs the column options).")
    String format;

    @Option(names = "--emission-factor", paramLabel = "direct|lifecycle", defaultValue = "direct",
            description = "Electricity Maps column to read: direct (default) or lifecycle.")
    String emissionFactor;

    @Option(names = "--gap-policy", paramLabel = "hold-last|leave", defaultValue = "leave",
            description = "Holes in a series: leave them (default) or hold the last value (records marked ESTIMATED).")
    String gapPolicy;

    @Option(names = "--neso-values", paramLabel = "MODE", defaultValue = "actual-else-forecast",
            description = "UK Carbon Intensity rows: actual-else-forecast (default), actual-and-forecast, actual-only"
                    + " or forecast-only.")
    String nesoValues;

    @Option(names = "--strict", description = "Fail on the first rejected row instead of reporting and skipping it.")
    boolean strict;

    @Option(names = "--time-column", paramLabel = "NAME", description = "Generic CSV: header of the time column (interval start).")
    String timeColumn;

    @Option(names = "--value-column", paramLabel = "NAME", description = "Generic CSV: header of the intensity column.")
    String valueColumn;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Zone of every row (generic CSV), or the zone to publish WattTime / Electricity Maps JSON under.")
    String zone;

    @Option(names = "--zone-column", paramLabel = "NAME", description = "Generic CSV: header of the zone column.")
    String zoneColumn;

    @Option(names = "--units", paramLabel = "UNITS", description = "Generic CSV: g/kWh (default), lbs/MWh or kg/MWh.")
    String units;

    @Option(names = "--time-format", paramLabel = "FORMAT",
            description = "Generic CSV: iso (default), epoch-s, epoch-ms or a pattern such as 'dd.MM.yyyy HH:mm'.")
    String timeFormat;

    @Option(names = "--time-zone", paramLabel = "ZONE-ID",
            description = "Generic CSV: zone of offset-less times (e.g. UTC, Europe/Berlin); without it they are refused.")
    String timeZone;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Generic CSV: length of each row (default 1h).")
    String interval;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Generic CSV: field separator (default ',').")
    String delimiter;

    @Option(names = "--signal", paramLabel = "average|marginal",
            description = "Signal of generic CSV values (default average) and Carbon Aware SDK ratings (default marginal).")
    String signal;

    /** The load options these flags describe. */
    public FeedLoadOptions loadOptions() {
        IntensityFormat f = FormatNames.parse(format);
        ReaderSettings settings = ReaderSettings.defaults()
                .withEmissionFactor(parseEmissionFactor(emissionFactor))
                .withNesoMode(usage(() -> parseNesoMode(nesoValues)));
        SignalType parsedSignal = signal == null ? null : parseSignal(signal);
        if (parsedSignal != null) {
            settings = settings.withCarbonAware(parsedSignal, settings.carbonAwareAssumeUtc());
        }
        if (zone != null) {
            settings = settings.withZoneOverride(zone);
        }
        GenericCsvMapping mapping = mapping(parsedSignal);
        if (mapping != null) {
            settings = settings.withGenericMapping(mapping);
        } else if (f == IntensityFormat.GENERIC_CSV) {
            throw new UsageException("--format csv needs --time-column, --value-column and --zone or --zone-column");
        }
        GapPolicy policy = usage(() -> GapPolicy.parse(gapPolicy));
        return new FeedLoadOptions(f, settings, policy, strict);
    }

    private GenericCsvMapping mapping(SignalType parsedSignal) {
        if (timeColumn == null && valueColumn == null) {
            String stray = zoneColumn != null ? "--zone-column" : units != null ? "--units" : timeFormat != null
                    ? "--time-format" : timeZone != null ? "--time-zone" : interval != null ? "--interval"
                    : delimiter != null ? "--delimiter" : null;
            if (stray != null) {
                throw new UsageException(stray + " applies to generic CSV only: give --time-column and --value-column too");
            }
            return null;
        }
        if (timeColumn == null || valueColumn == null) {
            throw new UsageException("generic CSV needs both --time-column and --value-column");
        }
        GenericCsvMapping.Builder b = GenericCsvMapping.builder(timeColumn, valueColumn);
        if (zone != null) {
            b.zone(zone);
        }
        if (zoneColumn != null) {
            b.zoneColumn(zoneColumn);
        }
        if (units != null) {
            b.units(usage(() -> Units.parse(units)));
        }
        if (timeFormat != null) {
            b.timeFormat(timeFormat);
        }
        if (timeZone != null) {
            try {
                b.timeZone(ZoneId.of(timeZone));
            } catch (DateTimeException e) {
                throw new UsageException("invalid value for option '--time-zone': unknown zone '" + timeZone + "'");
            }
        }
        if (interval != null) {
            b.interval(TimeArguments.positiveDuration("--interval", interval));
        }
        if (delimiter != null) {
            String d = delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab") ? "\t" : delimiter;
            if (d.length() != 1) {
                throw new UsageException("invalid value for option '--delimiter': give one character");
            }
            b.delimiter(d.charAt(0));
        }
        if (parsedSignal != null) {
            b.signal(parsedSignal);
        }
        return usage(b::build);
    }

    static EmissionFactor parseEmissionFactor(String text) {
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "direct":
                return EmissionFactor.DIRECT;
            case "lifecycle":
            case "life-cycle":
            case "lca":
                return EmissionFactor.LIFECYCLE;
            default:
                throw new UsageException("invalid value for option '--emission-factor': '" + text + "'; use direct or lifecycle");
        }
    }

    private static NesoRecordMode parseNesoMode(String text) {
        try {
            return NesoRecordMode.valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new FeedException("invalid value for option '--neso-values': '" + text
                    + "'; use actual-else-forecast, actual-and-forecast, actual-only or forecast-only");
        }
    }

    private static SignalType parseSignal(String text) {
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "average":
                return SignalType.AVERAGE;
            case "marginal":
                return SignalType.MARGINAL;
            default:
                throw new UsageException("invalid value for option '--signal': '" + text + "'; use average or marginal");
        }
    }

    /** Runs a library parser, turning its one-line {@link FeedException} into a usage error. */
    static <T> T usage(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (FeedException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
