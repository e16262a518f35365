package org.carbonedge.feed.read;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;

/**
 * How to read a CSV that is not one of the known formats: which columns hold time, value and zone, in which units
 * and time format. Mirrors the CLI options {@code --time-column --value-column --zone|--zone-column --units
 * --time-format --time-zone --interval}.
 *
 * @param timeColumn  header of the column with the start of each interval
 * @param valueColumn header of the intensity column
 * @param zone        the zone of every row, or null when {@code zoneColumn} is given
 * @param zoneColumn  header of the zone column, or null when {@code zone} is given
 * @param units       units of the value column
 * @param timeFormat  {@code iso} (ISO-8601), {@code epoch-s}, {@code epoch-ms}, or a
 *                    {@link java.time.format.DateTimeFormatter} pattern such as {@code dd.MM.yyyy HH:mm}
 * @param timeZone    zone of offset-less timestamps (e.g. {@code UTC} or {@code Europe/Berlin}); null refuses them
 * @param interval    length of each row's validity
 * @param endColumn   header of a column with the end of each interval (overrides {@code interval}), or null
 * @param delimiter   field separator
 * @param signal      signal of the values
 * @param kind        kind of the values
 */
public record GenericCsvMapping(String timeColumn, String valueColumn, String zone, String zoneColumn, Units units,
                                String timeFormat, ZoneId timeZone, Duration interval, String endColumn,
                                char delimiter, SignalType signal, IntensityKind kind) {
    public GenericCsvMapping {
        Objects.requireNonNull(timeColumn, "timeColumn");
        Objects.requireNonNull(valueColumn, "valueColumn");
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(timeFormat, "timeFormat");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(kind, "kind");
        if ((zone == null) == (zoneColumn == null)) {
            throw new FeedException("generic CSV: give exactly one of --zone or --zone-column");
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new FeedException("generic CSV: --interval must be positive");
        }
    }

    /** Starts a mapping with the required columns; defaults: g/kWh, ISO times, 1 h, comma, AVERAGE, MEASURED. */
    public static Builder builder(String timeColumn, String valueColumn) {
        return new Builder(timeColumn, valueColumn);
    }

    /** Fluent construction of a {@link GenericCsvMapping}. */
    public static final class Builder {
        private final String timeColumn;
        private final String valueColumn;
        private String zone;
        private String zoneColumn;
        private Units units = Units.G_PER_KWH;
        private String timeFormat = "iso";
        private ZoneId timeZone;
        private Duration interval = Duration.ofHours(1);
        private String endColumn;
        private char delimiter = ',';
        private SignalType signal = SignalType.AVERAGE;
        private IntensityKind kind = IntensityKind.MEASURED;

        private Builder(String timeColumn, String valueColumn) {
            this.timeColumn = timeColumn;
            this.valueColumn = valueColumn;
        }

        public Builder zone(String zone) {
            this.zone = zone;
            return this;
        }

        public Builder zoneColumn(String zoneColumn) {
            this.zoneColumn = zoneColumn;
            return this;
        }

        public Builder units(Units units) {
            this.units = units;
            return this;
        }

        public Builder timeFormat(String timeFormat) {
            this.timeFormat = timeFormat;
            return this;
        }

        public Builder timeZone(ZoneId timeZone) {
            this.timeZone = timeZone;
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder endColumn(String endColumn) {
            this.endColumn = endColumn;
            return this;
        }

        public Builder delimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public Builder signal(SignalType signal) {
            this.signal = signal;
            return this;
        }

        public Builder kind(IntensityKind kind) {
            this.kind = kind;
            return this;
        }

        public GenericCsvMapping build() {
            return new GenericCsvMapping(timeColumn, valueColumn, zone, zoneColumn, units, timeFormat, timeZone,
                    interval, endColumn, delimiter, signal, kind);
        }
    }
}
