package org.carbonedge.feed.live;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.carbonedge.feed.read.NesoJsonReader;
import org.carbonedge.feed.read.NesoRecordMode;
import org.carbonedge.feed.read.ReadResult;

/**
 * UK Carbon Intensity API (NESO, no credentials) client: national {@code /intensity} (current half hour, a range,
 * 48 h forecast) and regional {@code /regional} (all regions now, one region now or over a range). Answers are
 * parsed by {@link NesoJsonReader}; records are labelled {@code neso-api}.
 */
public final class UkCarbonIntensityClient {
    public static final URI DEFAULT_BASE = URI.create("https://api.carbonintensity.org.uk/");
    private static final String API = "UK Carbon Intensity API";
    private static final DateTimeFormatter PATH_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    private final URI base;
    private final ResilientHttp http;
    private final NesoJsonReader reader;

    public UkCarbonIntensityClient(URI base, ResilientHttp http) {
        this(base, http, "GB", "GB-REGION-", NesoRecordMode.ACTUAL_ELSE_FORECAST);
    }

    public UkCarbonIntensityClient(URI base, ResilientHttp http, String nationalZone, String regionZonePrefix,
                                   NesoRecordMode mode) {
        this.base = LiveResults.withSlash(Objects.requireNonNull(base, "base"));
        this.http = Objects.requireNonNull(http, "http");
        this.reader = new NesoJsonReader(nationalZone, regionZonePrefix, mode);
    }

    /** National intensity of the current half hour. */
    public ReadResult current() {
        return call("intensity");
    }

    /** National intensity between two times (minute precision, UTC). */
    public ReadResult range(Instant from, Instant to) {
        return call("intensity/" + time(from) + "/" + time(to));
    }

    /** National forecast for the 48 hours after {@code from}. */
    public ReadResult forecast48h(Instant from) {
        return call("intensity/" + time(from) + "/fw48h");
    }

    /** Every region's current half hour (zones {@code GB-REGION-<id>}). */
    public ReadResult regional() {
        return call("regional");
    }

    /** One region's current half hour. */
    public ReadResult region(int regionId) {
        return call("regional/regionid/" + regionId);
    }

    /** One region between two times. */
    public ReadResult regionRange(int regionId, Instant from, Instant to) {
        return call("regional/intensity/" + time(from) + "/" + time(to) + "/regionid/" + regionId);
    }

    private static String time(Instant instant) {
        return PATH_TIME.format(instant.truncatedTo(ChronoUnit.MINUTES));
    }

    private ReadResult call(String path) {
        URI uri = base.resolve(path);
        String body = http.get(API, uri, Map.of(),
                status -> "the Carbon Intensity API needs no credentials; check the base URL and any proxy");
        return LiveResults.parse(reader, body, uri, "neso-api");
    }
}
