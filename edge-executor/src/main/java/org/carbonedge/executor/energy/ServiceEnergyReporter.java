package org.carbonedge.executor.energy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Health;
import org.carbonedge.common.Service;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what its {@link EnergyMeter}s measured to {@code carbonedge.service-energy} once per interval, keyed by
 * zone, and a last partial interval on close, so the energy of a run is counted up to its end. A send that fails is
 * logged and counted, and the reporter says FAILED once sends have failed for three intervals in a row (its
 * supervisor then acts); a meter that throws loses its interval, not the reporter.
 */
public final class ServiceEnergyReporter implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEnergyReporter.class);
    /** Default interval: short enough for a demo's hour to have many, long enough to be a few records a minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final int FAILED_INTERVALS_FOR_FAILURE = 3;

    private final String name;
    private final ClientSettings clients;
    private final Topic<ServiceEnergy> topic;
    private final List<EnergyMeter> meters;
    private final Duration interval;
    private final Clock clock;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();
    private volatile int failedIntervalsInARow;
    private volatile Throwable lastFailure;
    private ScheduledExecutorService timer;
    private Producer<String, ServiceEnergy> producer;
    private Instant last;
    private volatile boolean closed;

    public ServiceEnergyReporter(String name, ClientSettings clients, TopicCatalog catalog, List<EnergyMeter> meters,
                                 Duration interval, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clients = clients;
        this.topic = catalog.topic(Topics.SERVICE_ENERGY);
        this.meters = List.copyOf(meters);
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("the energy interval must be at least 10 ms, was " + interval);
        }
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        producer = new KafkaProducer<>(clients.producer(name), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
        last = now();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::publishSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records published so far. */
    public long published() {
        return published.get();
    }

    /** Sends that failed so far. */
    public long failedSends() {
        return failedSends.get();
    }

    @Override
    public Health health() {
        if (closed) {
            return Health.stopped();
        }
        if (failedIntervalsInARow >= FAILED_INTERVALS_FOR_FAILURE) {
            return Health.failed("service-energy sends failed for " + failedIntervalsInARow + " intervals in a row: "
                    + Health.describe(lastFailure));
        }
        return Health.up(published.get() + " energy records published");
    }

    /** Samples every meter and sends what they measured since the last sample; returns the records sent. */
    synchronized int publishNow() {
        Instant now = now();
        Instant from = last;
        last = now;
        int sent = 0;
        boolean failed = false;
        for (EnergyMeter meter : meters) {
            ServiceEnergy record;
            try {
                record = meter.sample(from, now);
            } catch (RuntimeException e) {
                LOG.warn("{}: a meter failed, its interval {} to {} is lost: {}", name, from, now, e.toString());
                continue;
            }
            if (record == null) {
                continue;
            }
            try {
                producer.send(new ProducerRecord<>(topic.name(), record.getZone(), record), (metadata, e) -> {
                    if (e == null) {
                        published.incrementAndGet();
                    } else {
                        failedSends.incrementAndGet();
                        lastFailure = e;
                        LOG.warn("{}: energy record of {} not published: {}", name, record.getService(), e.toString());
                    }
                });
                sent++;
            } catch (RuntimeException e) {
                failed = true;
                failedSends.incrementAndGet();
                lastFailure = e;
                LOG.warn("{}: energy record of {} not sent: {}", name, record.getService(), e.toString());
            }
        }
        failedIntervalsInARow = failed ? failedIntervalsInARow + 1 : 0;
        return sent;
    }

    /** The clock to the millisecond, as the records keep it: a record's interval is then exactly its bounds. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private void publishSafely() {
        try {
            publishNow();
        } catch (RuntimeException e) { // a scheduled task that throws is never run again: keep it alive
            lastFailure = e;
            failedIntervalsInARow++;
            LOG.warn("{}: energy sample failed: {}", name, e.toString());
        }
    }

    /** Stops without publishing the interval in progress, as a killed process would (failure tests). */
    public synchronized void abandon() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    /** Publishes the last partial interval, then stops. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        if (producer != null) {
            try {
                publishNow();
                producer.flush();
            } catch (RuntimeException e) {
                LOG.warn("{}: last energy interval not published: {}", name, e.toString());
            }
            producer.close(Duration.ofSeconds(5));
        }
    }
}
