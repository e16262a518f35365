package org.carbonedge.cli.cluster;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.ingest.client.CarbonEdgeClient;
import org.carbonedge.ingest.client.OutcomeFollower;

/**
 * {@code cluster chaos}: a steady stream of requests into a running {@link LocalCluster} while each
 * {@link ChaosFault} in turn kills one process; after the last fault the stream stops and every request Kafka
 * accepted must end in exactly one outcome. Per fault it reports the requests sent in its phase, their outcomes, the
 * lost and the duplicated, and the recovery time: from the kill to the first OK emission record of a request sent
 * after it. Publishing stops only at the end, so a fault's phase also holds what was sent while the pipeline was
 * recovering.
 */
final class ChaosRun {

    /** How hard and how long: requests per second, the calm before each fault, the wait for recovery and drain. */
    record Settings(double ratePerSecond, Duration calm, Duration recoveryTimeout, Duration drainTimeout,
                    List<ChaosFault> faults, String modelId) {
    }

    /** One fault's result. */
    record Result(ChaosFault fault, OutcomeTally.Counts counts, int notAccepted, double recoverySeconds) {

        boolean passed() {
            return counts.lost() == 0 && counts.duplicates() == 0 && recoverySeconds >= 0;
        }

        /** The machine-readable line. */
        String line() {
            return String.format(Locale.ROOT, "chaos fault=%s sent=%d ok=%d failed=%d rejected=%d dead_letter=%d "
                            + "not_accepted=%d lost=%d duplicates=%d recovery_s=%s", fault.label(), counts.sent(),
                    counts.ok(), counts.failed(), counts.rejected(), counts.deadLetter(), notAccepted, counts.lost(),
                    counts.duplicates(), recoverySeconds < 0 ? "none" : String.format(Locale.ROOT, "%.1f", recoverySeconds));
        }
    }

    private static final String[] POLICIES = {"performance", "balanced", "green"};

    private final LocalCluster cluster;
    private final Settings settings;
    private final PrintWriter out;
    private final long t0 = System.nanoTime();

    ChaosRun(LocalCluster cluster, Settings settings, PrintWriter out) {
        this.cluster = cluster;
        this.settings = settings;
        this.out = out;
    }

    List<Result> run() throws Exception {
        ClientSettings client = ClientSettings.of(cluster.bootstrapServers(), cluster.registryUrl());
        OutcomeTally tally = new OutcomeTally();
        AtomicInteger phase = new AtomicInteger();
        AtomicIntegerArray notAccepted = new AtomicIntegerArray(settings.faults().size());
        List<Result> results = new ArrayList<>();
        try (OutcomeFollower follower = OutcomeFollower.start(client, client.catalog(), "carbonedge-chaos-tally", false,
                tally, Duration.ofSeconds(60));
             CarbonEdgeClient publisher = CarbonEdgeClient.connect(client, CarbonEdgeClient.Options.defaults()
                     .withClientId("carbonedge-chaos"));
             Background load = Background.start("chaos-load", stop -> publish(publisher, tally, phase, notAccepted, stop));
             Background supervisor = Background.start("chaos-supervisor", this::supervise)) {
            long[] recoveryNanos = new long[settings.faults().size()];
            for (int i = 0; i < settings.faults().size(); i++) {
                ChaosFault fault = settings.faults().get(i);
                phase.set(i);
                LockSupport.parkNanos(settings.calm().toNanos()); // a steady stream before the fault
                load.check();
                supervisor.check();
                long killedAt = System.nanoTime();
                tally.watchFrom(killedAt);
                synchronized (cluster) {
                    fault.inject(cluster);
                }
                say("chaos: killed " + fault.label());
                recoveryNanos[i] = awaitRecovery(tally, killedAt, follower, load, supervisor);
                say(recoveryNanos[i] < 0 ? "chaos: no OK record within " + settings.recoveryTimeout().toSeconds()
                        + " s after the " + fault.label() + " fault"
                        : String.format(Locale.ROOT, "chaos: %s fault: first OK record after %.1f s", fault.label(),
                        recoveryNanos[i] / 1e9));
            }
            load.stop();
            say("chaos: stream stopped; waiting for every outcome (" + tally.pending() + " pending)");
            long drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while (tally.pending() > 0 && System.nanoTime() < drainDeadline) {
                supervisor.check();
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            for (int i = 0; i < settings.faults().size(); i++) {
                String label = settings.faults().get(i).label();
                tally.reasons(i).entrySet().stream().limit(3)
                        .forEach(e -> say("chaos: " + label + " phase: " + e.getValue() + " x " + e.getKey()));
                results.add(new Result(settings.faults().get(i), tally.counts(i), notAccepted.get(i),
                        recoveryNanos[i] < 0 ? -1 : recoveryNanos[i] / 1e9));
            }
        }
        return results;
    }

    private long awaitRecovery(OutcomeTally tally, long killedAt, OutcomeFollower follower, Background load,
                               Background supervisor) {
        long deadline = killedAt + settings.recoveryTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            long ok = tally.firstOkNanos();
            if (ok > 0) {
                return ok - killedAt;
            }
            if (follower.failure() != null) {
                throw new IllegalStateException("the outcome reader stopped: " + follower.failure().getMessage(),
                        follower.failure());
            }
            load.check();
            supervisor.check();
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return -1;
    }

    /** The steady stream: requests at the set rate, each counted in the phase it was sent in once Kafka has it. */
    private void publish(CarbonEdgeClient publisher, OutcomeTally tally, AtomicInteger phase,
                         AtomicIntegerArray notAccepted, Background.StopFlag stop) {
        ModelManifest manifest = awaitModel(publisher, stop);
        long periodNanos = (long) (1e9 / settings.ratePerSecond());
        long next = System.nanoTime();
        for (long i = 0; !stop.requested(); i++) {
            next += periodNanos;
            LockSupport.parkNanos(next - System.nanoTime());
            int p = phase.get();
            InferenceRequest r = publisher.request(settings.modelId(), RandomInputs.forSpecs(manifest.getInputs(), i),
                    POLICIES[(int) (i % POLICIES.length)], null);
            long sentAt = System.nanoTime();
            publisher.publish(r).whenComplete((metadata, e) -> {
                if (e == null) {
                    tally.sent(r.getRequestId(), p, sentAt);
                } else {
                    notAccepted.incrementAndGet(p);
                }
            });
        }
        publisher.flush();
    }

    private ModelManifest awaitModel(CarbonEdgeClient publisher, Background.StopFlag stop) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!stop.requested() && System.nanoTime() < deadline) {
            ModelManifest m = publisher.models().find(settings.modelId());
            if (m != null) {
                return m;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new IllegalStateException("model " + settings.modelId() + " is not registered");
    }

    /** The cluster's supervisor, once a second, saying what it restarted. */
    private void supervise(Background.StopFlag stop) {
        while (!stop.requested()) {
            try {
                List<String> lines;
                synchronized (cluster) {
                    lines = cluster.superviseOnce();
                }
                lines.forEach(this::say);
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
    }

    private void say(String line) {
        synchronized (out) {
            out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, line);
            out.flush();
        }
    }
}
