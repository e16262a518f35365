package org.carbonedge.feed.read;

import java.time.Duration;
import java.util.Objects;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.text.UtcTimestamps.SlashOrder;

/**
 * Every reader option in one place, so the CLI can map its flags once and {@link #readerFor} can build any
 * format's reader. Defaults read the shared 2023 files as they are.
 *
 * @param emissionFactor          Electricity Maps column: direct (default) or life-cycle
 * @param slashOrder              reading of {@code a/b/yyyy} dates in spreadsheet re-saves (day-first default)
 * @param electricityMapsInterval validity of each Electricity Maps CSV row (1 h default)
 * @param nesoZone                zone of national UK Carbon Intensity data ({@code GB})
 * @param nesoRegionZonePrefix    prefix of regional UK zones ({@code GB-REGION-}, then the region id)
 * @param nesoMode                which NESO values become records
 * @param zoneOverride            zone for WattTime / Electricity Maps JSON instead of the one in the file, or null
 * @param carbonAwareSignal       signal of Carbon Aware SDK ratings (MARGINAL default)
 * @param carbonAwareAssumeUtc    take offset-less Carbon Aware SDK times as UTC
 * @param genericMapping          column mapping for generic CSV, or null when none was given
 */
public record ReaderSettings(EmissionFactor emissionFactor, SlashOrder slashOrder, Duration electricityMapsInterval,
                             String nesoZone, String nesoRegionZonePrefix, NesoRecordMode nesoMode,
                             String zoneOverride, SignalType carbonAwareSignal, boolean carbonAwareAssumeUtc,
                             GenericCsvMapping genericMapping) {
    public ReaderSettings {
        Objects.requireNonNull(emissionFactor, "emissionFactor");
        Objects.requireNonNull(slashOrder, "slashOrder");
        Objects.requireNonNull(electricityMapsInterval, "electricityMapsInterval");
        Objects.requireNonNull(nesoZone, "nesoZone");
        Objects.requireNonNull(nesoRegionZonePrefix, "nesoRegionZonePrefix");
        Objects.requireNonNull(nesoMode, "nesoMode");
        Objects.requireNonNull(carbonAwareSignal, "carbonAwareSignal");
    }

    public static ReaderSettings defaults() {
        return new ReaderSettings(EmissionFactor.DIRECT, SlashOrder.DAY_FIRST, Duration.ofHours(1), "GB",
                "GB-REGION-", NesoRecordMode.ACTUAL_ELSE_FORECAST, null, SignalType.MARGINAL, false, null);
    }

    public ReaderSettings withEmissionFactor(EmissionFactor value) {
        return new ReaderSettings(value, slashOrder, electricityMapsInterval, nesoZone, nesoRegionZonePrefix,
                nesoMode, zoneOverride, carbonAwareSignal, carbonAwareAssumeUtc, genericMapping);
    }

    public ReaderSettings withSlashOrder(SlashOrder value) {
        return new ReaderSettings(emissionFactor, value, electricityMapsInterval, nesoZone, nesoRegionZonePrefix,
                nesoMode, zoneOverride, carbonAwareSignal, carbonAwareAssumeUtc, genericMapping);
    }

    public ReaderSettings withNesoMode(NesoRecordMode value) {
        return new ReaderSettings(emissionFactor, slashOrder, electricityMapsInterval, nesoZone, nesoRegionZonePrefix,
                value, zoneOverride, carbonAwareSignal, carbonAwareAssumeUtc, genericMapping);
    }

    public ReaderSettings withNesoZone(String value) {
        return new ReaderSettings(emissionFactor, slashOrder, electricityMapsInterval, value, nesoRegionZonePrefix,
                nesoMode, zoneOverride, carbonAwareSignal, carbonAwareAssumeUtc, genericMapping);
    }

    public ReaderSettings withZoneOverride(String value) {
        return new ReaderSettings(emissionFactor, slashOrder, electricityMapsInterval, nesoZone, nesoRegionZonePrefix,
                nesoMode, value, carbonAwareSignal, carbonAwareAssumeUtc, genericMapping);
    }

    public ReaderSettings withCarbonAware(SignalType signal, boolean assumeUtc) {
        return new ReaderSettings(emissionFactor, slashOrder, electricityMapsInterval, nesoZone, nesoRegionZonePrefix,
                nesoMode, zoneOverride, signal, assumeUtc, genericMapping);
    }

    public ReaderSettings withGenericMapping(GenericCsvMapping value) {
        return new ReaderSettings(emissionFactor, slashOrder, electricityMapsInterval, nesoZone, nesoRegionZonePrefix,
                nesoMode, zoneOverride, carbonAwareSignal, carbonAwareAssumeUtc, value);
    }

    /** Builds the reader for {@code format} with these settings. */
    public IntensityReader readerFor(IntensityFormat format) {
        switch (format) {
            case ELECTRICITY_MAPS_CSV:
                return new ElectricityMapsCsvReader(emissionFactor, slashOrder, electricityMapsInterval);
            case ELECTRICITY_MAPS_JSON:
                return new ElectricityMapsJsonReader(zoneOverride);
            case NESO_CSV:
                return new NesoCsvReader(nesoZone, nesoMode);
            case NESO_JSON:
                return new NesoJsonReader(nesoZone, nesoRegionZonePrefix, nesoMode);
            case WATTTIME_JSON:
                return new WattTimeJsonReader(zoneOverride);
            case CARBON_AWARE_SDK_JSON:
                return new CarbonAwareSdkJsonReader(carbonAwareSignal, carbonAwareAssumeUtc);
            case GENERIC_CSV:
                if (genericMapping == null) {
                    throw new FeedException("generic CSV needs a column mapping: --time-column, --value-column and "
                            + "--zone or --zone-column");
                }
                return new GenericCsvReader(genericMapping);
            default:
                throw new IllegalStateException("no reader for " + format);
        }
    }
}
