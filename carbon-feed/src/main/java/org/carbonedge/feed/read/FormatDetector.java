package org.carbonedge.feed.read;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Locale;
import org.carbonedge.feed.FeedException;

/**
 * Recognises a source's format from its first few kilobytes ({@code --format auto}): CSV by its header, JSON by the
 * field names of its documented shape. Returns {@link IntensityFormat#GENERIC_CSV} for an unknown CSV only when a
 * column mapping is available; otherwise says what it saw.
 */
public final class FormatDetector {
    private static final int SNIFF_CHARS = 16 * 1024;

    private FormatDetector() {
    }

    /**
     * Detects the format of {@code file}.
     *
     * @param haveGenericMapping whether an unrecognised CSV may be read with the generic mapping
     */
    public static IntensityFormat detect(Path file, boolean haveGenericMapping) {
        char[] buffer = new char[SNIFF_CHARS];
        int length = 0;
        try (Reader reader = SourceFiles.open(file)) {
            int n;
            while (length < buffer.length && (n = reader.read(buffer, length, buffer.length - length)) > 0) {
                length += n;
            }
        } catch (IOException e) {
            throw SourceFiles.readFailure(file, e);
        }
        return detect(new String(buffer, 0, length), file.toString(), haveGenericMapping);
    }

    /** Detects the format of a source's beginning {@code head}. */
    public static IntensityFormat detect(String head, String sourceName, boolean haveGenericMapping) {
        String text = head.startsWith("\uFEFF") ? head.substring(1) : head;
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) {
            throw new FeedException(sourceName + ": empty file, cannot detect its format");
        }
        char first = trimmed.charAt(0);
        if (first == '{' || first == '[') {
            return detectJson(trimmed, sourceName);
        }
        int newline = trimmed.indexOf('\n');
        String header = (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.contains("datetime (utc)") && lower.contains("carbon intensity") && lower.contains("zone id")) {
            return IntensityFormat.ELECTRICITY_MAPS_CSV;
        }
        String compact = lower.replace("\"", "").replace(" ", "");
        if (compact.startsWith("from,to,forecast,actual")) {
            return IntensityFormat.NESO_CSV;
        }
        if (haveGenericMapping) {
            return IntensityFormat.GENERIC_CSV;
        }
        throw new FeedException(sourceName + ": format not recognised from header '"
                + CsvIntensityReader.describeHeader(header) + "'; use --format generic-csv with --time-column, "
                + "--value-column and --zone or --zone-column");
    }

    private static IntensityFormat detectJson(String text, String sourceName) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("\"point_time\"") || lower.contains("\"signal_type\"")) {
            return IntensityFormat.WATTTIME_JSON;
        }
        if (lower.contains("\"carbonintensity\"")) {
            return IntensityFormat.ELECTRICITY_MAPS_JSON;
        }
        if (lower.contains("\"intensity\"") && lower.contains("\"from\"")) {
            return IntensityFormat.NESO_JSON;
        }
        if (lower.contains("\"location\"") && (lower.contains("\"rating\"") || lower.contains("\"forecastdata\""))) {
            return IntensityFormat.CARBON_AWARE_SDK_JSON;
        }
        if (lower.contains("\"emissions\"")) {
            return IntensityFormat.CARBON_AWARE_SDK_JSON;
        }
        throw new FeedException(sourceName + ": JSON not recognised as WattTime, Electricity Maps, UK Carbon Intensity"
                + " or Carbon Aware SDK data; give --format explicitly");
    }
}
