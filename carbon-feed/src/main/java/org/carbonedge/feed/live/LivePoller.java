package org.carbonedge.feed.live;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.read.ReadResult;
import org.carbonedge.feed.replay.IntensitySink;
import org.carbonedge.feed.replay.ReplayClock;

/**
 * Drives {@code ./carbonedge feed live}: calls one or more live queries every interval, sends the records it has
 * not sent before to the sink (a changed value or a re-issued forecast counts as new), and keeps going through
 * transient failures, which it reports. Authentication failures stop it, since retrying cannot fix them.
 */
public final class LivePoller {
    private static final int REMEMBERED_KEYS = 200_000;

    private final List<Supplier<ReadResult>> queries;
    private final IntensitySink sink;
    private final Duration interval;
    private final ReplayClock clock;
    private final Consumer<String> log;
    private final Map<String, Boolean> sent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_KEYS;
        }
    };
    private volatile boolean stopRequested;

    /**
     * @param queries  the calls to make each round, e.g. {@code () -> client.latest("DE")}
     * @param interval time between rounds
     * @param log      receives one-line reports (errors, rejected points)
     */
    public LivePoller(List<Supplier<ReadResult>> queries, IntensitySink sink, Duration interval, ReplayClock clock,
                      Consumer<String> log) {
        this.queries = List.copyOf(queries);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        if (this.queries.isEmpty()) {
            throw new IllegalArgumentException("no live queries");
        }
    }

    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs every query once and sends new records; returns how many were sent.
     *
     * @throws LiveSourceException on an authentication failure
     */
    public int pollOnce() {
        int published = 0;
        for (Supplier<ReadResult> query : queries) {
            ReadResult result;
            try {
                result = query.get();
            } catch (LiveSourceException e) {
                if (e.isAuthFailure()) {
                    throw e;
                }
                log.accept(e.getMessage());
                continue;
            } catch (FeedException e) {
                log.accept(e.getMessage());
                continue;
            }
            result.rejected().forEach(row -> log.accept(row.toString()));
            for (GridIntensity r : result.records()) {
                if (sent.put(key(r), Boolean.TRUE) == null) {
                    sink.accept(r);
                    published++;
                }
            }
        }
        sink.flush();
        return published;
    }

    /** Polls until {@link #requestStop()} or an interrupt; returns the number of records sent. */
    public long run() {
        long total = 0;
        while (!stopRequested) {
            Instant next = clock.now().plus(interval);
            total += pollOnce();
            try {
                while (!stopRequested && clock.now().isBefore(next)) {
                    Instant wake = clock.now().plusMillis(250);
                    clock.sleepUntil(wake.isBefore(next) ? wake : next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return total;
    }

    private static String key(GridIntensity r) {
        return r.getZone() + '|' + r.getValidFrom().toEpochMilli() + '|' + r.getValidTo().toEpochMilli() + '|'
                + r.getKind() + '|' + r.getSignal() + '|' + Double.doubleToLongBits(r.getGco2PerKwh()) + '|'
                + (r.getPublishedAt() == null ? "" : r.getPublishedAt().toEpochMilli());
    }
}
