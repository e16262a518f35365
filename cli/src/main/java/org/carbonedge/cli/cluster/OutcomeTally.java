package org.carbonedge.cli.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.ingest.client.OutcomeListener;

/**
 * What became of each request {@code cluster chaos} sent, read from the emissions (read_committed) and dead-letter
 * topics: every request accepted by Kafka must end in exactly one outcome — an emission record (OK, FAILED or
 * REJECTED, with its reason) or a dead letter. A request with none is lost; one with more is a duplicate. Requests
 * are counted in the phase (the fault) during which they were sent; records of requests this run did not send are
 * ignored.
 */
final class OutcomeTally implements OutcomeListener {

    /** Counts of one phase. */
    record Counts(int sent, int ok, int failed, int rejected, int deadLetter, int lost, int duplicates) {
    }

    private static final class Sent {
        final int phase;
        final long sentNanos;
        final AtomicInteger emissions = new AtomicInteger();
        final AtomicInteger deadLetters = new AtomicInteger();
        volatile String status;
        volatile String reason;

        Sent(int phase, long sentNanos) {
            this.phase = phase;
            this.sentNanos = sentNanos;
        }
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, Sent> early = new ConcurrentHashMap<>();
    private volatile long watchAfterNanos = Long.MAX_VALUE;
    private volatile long firstOkAfterNanos = -1;

    /** Records that Kafka acknowledged request {@code id}, published at {@code sentNanos} during {@code phase}. */
    void sent(String id, int phase, long sentNanos) {
        Sent s = new Sent(phase, sentNanos);
        Sent outcomeFirst = early.remove(id); // its outcome was read before the acknowledgement came back
        if (outcomeFirst != null) {
            s.emissions.addAndGet(outcomeFirst.emissions.get());
            s.deadLetters.addAndGet(outcomeFirst.deadLetters.get());
            s.status = outcomeFirst.status;
            s.reason = outcomeFirst.reason;
        }
        sent.put(id, s);
        noteOk(s);
    }

    /**
     * From now on, {@link #firstOkNanos} is the time the first OK record of a request published after
     * {@code nanos} was read: how long the pipeline took to deliver again after a fault.
     */
    void watchFrom(long nanos) {
        firstOkAfterNanos = -1;
        watchAfterNanos = nanos;
    }

    /** See {@link #watchFrom}; -1 while there is none. */
    long firstOkNanos() {
        return firstOkAfterNanos;
    }

    @Override
    public void onEmission(EmissionRecord record) {
        Sent s = entry(record.getRequestId());
        s.status = record.getStatus().name();
        s.reason = record.getReason();
        s.emissions.incrementAndGet();
        noteOk(s);
    }

    @Override
    public void onDeadLetter(String key, DeadLetter letter) {
        if (key != null) {
            entry(key).deadLetters.incrementAndGet();
        }
    }

    private Sent entry(String id) {
        Sent s = sent.get(id);
        return s != null ? s : early.computeIfAbsent(id, k -> new Sent(-1, Long.MAX_VALUE));
    }

    private void noteOk(Sent s) {
        if ("OK".equals(s.status) && s.sentNanos >= watchAfterNanos && s.sentNanos != Long.MAX_VALUE
                && firstOkAfterNanos < 0) {
            firstOkAfterNanos = System.nanoTime();
        }
    }

    /** Requests sent with no outcome yet. */
    int pending() {
        return (int) sent.values().stream().filter(s -> s.emissions.get() + s.deadLetters.get() == 0).count();
    }

    /**
     * Why the requests of {@code phase} that did not end OK ended as they did: status and reason (digits folded to
     * {@code #}, so one cause is one entry) to count, most frequent first.
     */
    Map<String, Long> reasons(int phase) {
        Map<String, Long> byReason = sent.values().stream()
                .filter(s -> s.phase == phase && s.status != null && !"OK".equals(s.status))
                .collect(java.util.stream.Collectors.groupingBy(s -> s.status + ": " + fold(s.reason),
                        java.util.stream.Collectors.counting()));
        Map<String, Long> sorted = new java.util.LinkedHashMap<>();
        byReason.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static String fold(String reason) {
        if (reason == null) {
            return "(no reason)";
        }
        String folded = reason.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>").replaceAll("[0-9]+(\\.[0-9]+)?", "#");
        return folded.length() > 120 ? folded.substring(0, 120) + "…" : folded;
    }

    /** The counts of {@code phase}: what is pending now counts as lost. */
    Counts counts(int phase) {
        int n = 0;
        int ok = 0;
        int failed = 0;
        int rejected = 0;
        int dead = 0;
        int lost = 0;
        int duplicates = 0;
        for (Sent s : sent.values()) {
            if (s.phase != phase) {
                continue;
            }
            n++;
            int outcomes = s.emissions.get() + s.deadLetters.get();
            if (outcomes == 0) {
                lost++;
            } else if (outcomes > 1) {
                duplicates++;
            }
            if (s.deadLetters.get() > 0) {
                dead++;
            } else if ("OK".equals(s.status)) {
                ok++;
            } else if ("FAILED".equals(s.status)) {
                failed++;
            } else if ("REJECTED".equals(s.status)) {
                rejected++;
            }
        }
        return new Counts(n, ok, failed, rejected, dead, lost, duplicates);
    }
}
