package org.carbonedge.feed.quality;

import java.util.Locale;

/**
 * The per-zone line of {@code ./carbonedge replay --dry-run --summary}:
 * {@code zone=Z rows=N mean=X min=Y max=Z gaps=G rejected=R}, values in gCO2/kWh with two decimals ({@code n/a}
 * when a zone has no usable rows).
 */
public record ZoneSummary(String zone, long rows, double meanGco2PerKwh, double minGco2PerKwh, double maxGco2PerKwh,
                          long gaps, long rejected) {

    public String toLine() {
        return "zone=" + zone + " rows=" + rows + " mean=" + number(meanGco2PerKwh) + " min=" + number(minGco2PerKwh)
                + " max=" + number(maxGco2PerKwh) + " gaps=" + gaps + " rejected=" + rejected;
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    @Override
    public String toString() {
        return toLine();
    }
}
