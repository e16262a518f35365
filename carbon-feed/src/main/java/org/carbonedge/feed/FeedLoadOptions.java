package org.carbonedge.feed;

import java.util.Objects;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.read.IntensityFormat;
import org.carbonedge.feed.read.ReaderSettings;

/**
 * How {@link FeedLoader} reads files: the format (null means detect per file, {@code --format auto}), the reader
 * settings, the gap policy (always stated, never implied) and whether any rejected row fails the load
 * ({@code --strict}).
 */
public record FeedLoadOptions(IntensityFormat format, ReaderSettings readerSettings, GapPolicy gapPolicy,
                              boolean strict) {
    public FeedLoadOptions {
        Objects.requireNonNull(readerSettings, "readerSettings");
        Objects.requireNonNull(gapPolicy, "gapPolicy");
    }

    /** Auto-detected formats, default reader settings, not strict, with the given gap policy. */
    public static FeedLoadOptions of(GapPolicy gapPolicy) {
        return new FeedLoadOptions(null, ReaderSettings.defaults(), gapPolicy, false);
    }

    public FeedLoadOptions withFormat(IntensityFormat value) {
        return new FeedLoadOptions(value, readerSettings, gapPolicy, strict);
    }

    public FeedLoadOptions withReaderSettings(ReaderSettings value) {
        return new FeedLoadOptions(format, value, gapPolicy, strict);
    }

    public FeedLoadOptions withStrict(boolean value) {
        return new FeedLoadOptions(format, readerSettings, gapPolicy, value);
    }
}
