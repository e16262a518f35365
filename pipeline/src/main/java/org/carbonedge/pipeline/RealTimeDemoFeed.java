package org.carbonedge.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.demo.DemoFeed;
import org.carbonedge.feed.replay.IntensitySink;
import org.carbonedge.feed.replay.ReplayClock;
import org.carbonedge.feed.replay.ZoneAliases;

/**
 * The built-in demo feed in real time, the default source of the one-machine setup: at start it publishes the
 * current UTC hour of every demo zone, then each following hour {@link #LEAD} before it begins, so consumers
 * always hold the value for "now" and event times never run more than a minute ahead of the clock (the broker
 * refuses timestamps more than an hour ahead). Hours are aligned to the UTC clock, as grid operators publish them.
 *
 * <p>{@link #withForecastHours} adds, with each hour, a forecast of the hours after it: the same demo profile as
 * FORECAST records ({@code source} {@value #FORECAST_SOURCE}, {@code publishedAt} the hour's publication), so the
 * router has something to plan deferrable requests with. The demo profile repeats, so this forecast is perfect; a
 * real feed brings its provider's forecasts or the built-in forecaster's. The grid-intensity topic accepts event
 * times that far ahead.
 */
public final class RealTimeDemoFeed {
    /** How long before an hour starts its record is published. */
    public static final Duration LEAD = Duration.ofMinutes(1);
    private static final long SLEEP_CHUNK_MILLIS = 250;
    /** Source of the demo's forecast records. */
    public static final String FORECAST_SOURCE = DemoFeed.SOURCE + "-forecast";

    private final List<String> zones;
    private final ZoneAliases aliases;
    private final IntensitySink sink;
    private final ReplayClock clock;
    private final int forecastHours;
    private volatile boolean stopRequested;

    /**
     * @param zones   demo zones to publish (see {@code DemoProfiles.zones()})
     * @param aliases extra names to publish a zone's records under, e.g. {@code edge-berlin=DE}
     * @throws FeedException when a zone has no demo profile or an alias names a zone not published
     */
    public RealTimeDemoFeed(List<String> zones, ZoneAliases aliases, IntensitySink sink, ReplayClock clock) {
        this(zones, aliases, sink, clock, 0);
    }

    private RealTimeDemoFeed(List<String> zones, ZoneAliases aliases, IntensitySink sink, ReplayClock clock,
                             int forecastHours) {
        if (forecastHours < 0 || forecastHours > 7 * 24) {
            throw new FeedException("forecast hours must be 0..168, was " + forecastHours);
        }
        this.forecastHours = forecastHours;
        this.zones = List.copyOf(zones);
        this.aliases = Objects.requireNonNull(aliases, "aliases");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        Instant probe = Instant.EPOCH;
        DemoFeed.series(this.zones, probe, probe.plusSeconds(1)); // unknown zones fail here, not an hour later
        for (Map.Entry<String, String> alias : aliases.sourceByAlias().entrySet()) {
            if (!this.zones.contains(alias.getValue())) {
                throw new FeedException("--zone-alias " + alias.getKey() + "=" + alias.getValue() + ": zone "
                        + alias.getValue() + " is not published (zones: " + String.join(", ", this.zones) + ")");
            }
        }
    }

    /** This feed, also publishing a forecast of the {@code hours} after each hour it publishes. */
    public RealTimeDemoFeed withForecastHours(int hours) {
        return new RealTimeDemoFeed(zones, aliases, sink, clock, hours);
    }

    /** Asks {@link #run} to return (thread-safe). */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Publishes hour after hour until stopped, interrupted, or {@code hours} hours were published (0: no limit).
     *
     * @return the number of records published
     */
    public long run(long hours) {
        Instant hour = clock.now().truncatedTo(ChronoUnit.HOURS);
        long published = 0;
        for (long done = 0; !stopRequested && (hours == 0 || done < hours); done++) {
            published += publishHour(hour);
            hour = hour.plus(1, ChronoUnit.HOURS);
            if ((hours != 0 && done + 1 >= hours) || !sleepUntil(hour.minus(LEAD))) {
                break;
            }
        }
        return published;
    }

    private int publishHour(Instant hour) {
        int n = publish(DemoFeed.series(zones, hour, hour.plus(1, ChronoUnit.HOURS)), null);
        if (forecastHours > 0) {
            Instant next = hour.plus(1, ChronoUnit.HOURS);
            n += publish(DemoFeed.series(zones, next, next.plus(forecastHours, ChronoUnit.HOURS)), hour.minus(LEAD));
        }
        sink.flush();
        return n;
    }

    /** Publishes {@code series} as is, or as FORECAST records issued at {@code issuedAt} when it is not null. */
    private int publish(Map<String, List<GridIntensity>> series, Instant issuedAt) {
        int n = 0;
        for (List<GridIntensity> records : series.values()) {
            for (GridIntensity value : records) {
                GridIntensity r = issuedAt == null ? value : GridIntensity.newBuilder(value)
                        .setKind(IntensityKind.FORECAST).setSource(FORECAST_SOURCE).setPublishedAt(issuedAt).build();
                sink.accept(r);
                n++;
                for (String alias : aliases.aliasesOf(r.getZone())) {
                    sink.accept(new GridIntensity(alias, r.getValidFrom(), r.getValidTo(), r.getGco2PerKwh(),
                            r.getSignal(), r.getKind(), r.getSource(), r.getPublishedAt()));
                    n++;
                }
            }
        }
        return n;
    }

    /** Sleeps until {@code due}; false when stopped or interrupted first. */
    private boolean sleepUntil(Instant due) {
        try {
            while (!stopRequested) {
                Instant now = clock.now();
                if (!now.isBefore(due)) {
                    return true;
                }
                Instant wake = now.plusMillis(SLEEP_CHUNK_MILLIS);
                clock.sleepUntil(wake.isBefore(due) ? wake : due);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
