package org.carbonedge.feed.quality;

import java.util.Locale;
import org.carbonedge.feed.FeedException;

/**
 * What to do with a hole in a zone's series. There is no silent default in the CLI's sense: the chosen policy is
 * reported with the gaps, and filled records are marked ESTIMATED so nobody mistakes them for measurements.
 */
public enum GapPolicy {
    /** Fill the hole with copies of the last value before it, kind ESTIMATED, one per missing interval. */
    HOLD_LAST,
    /** Leave the hole; consumers see no value for that time. */
    LEAVE;

    /** Parses {@code hold-last} or {@code leave}. */
    public static GapPolicy parse(String text) {
        switch (text.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "hold-last":
                return HOLD_LAST;
            case "leave":
                return LEAVE;
            default:
                throw new FeedException("unknown gap policy '" + text + "': use hold-last or leave");
        }
    }
}
