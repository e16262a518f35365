package org.carbonedge.lab.stats;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.carbonedge.executor.device.ThreadCpuClock;
import org.carbonedge.executor.energy.ProcessCpuMeter;

/**
 * Where a JVM's CPU time went between two snapshots, by component: each live Java thread's CPU time, grouped by what
 * its name says it is (the embedded broker's request handlers, Flink's tasks, the Kafka Streams apps, the executors'
 * device threads, Kafka client I/O threads, ...). What no live thread accounts for — garbage collection, the JIT
 * compilers, threads that ended between the snapshots — is the process's CPU time less the threads' sum, reported as
 * "jvm (gc, jit) and ended threads". Issue #18 asks for the pipeline's CPU per inference by component; this is how
 * {@code bench pipeline} splits it.
 */
public final class CpuBreakdown {

    /** Components in the order they are reported, each with the thread names it claims (first match wins). */
    static final List<Map.Entry<String, Predicate<String>>> COMPONENTS = List.of(
            rule("inference (executors' device threads)", "^executor:.*-device$"),
            rule("executors (task loop, telemetry)", "^executor:.*"),
            rule("kafka streams (validation, rollup, ledger)", ".*StreamThread.*|.*-GlobalStreamThread.*|.*streams.*"),
            rule("flink (router and emissions jobs)", ".*(Flink|flink|pekko|Source: |Sink: |route requests|emissions"
                    + " accounting|Checkpoint|OutputFlusher|jobmanager|taskmanager|Legacy Source|mailbox|AsyncOperation"
                    + "|Timer service|Time Trigger|-thread-\\d+ \\(|dead-letter|refetch).*"),
            rule("kafka clients (producers, consumers)", "^kafka-producer-network-thread.*|^kafka-coordinator-.*"
                    + "|.*heartbeat.*|^kafka-admin-client-thread.*"),
            rule("kafka broker", ".*(kafka-request-handler|kafka-network-thread|data-plane|controller|broker|raft|quorum"
                    + "|ReplicaFetcher|LogCleaner|kafka-scheduler|ExpirationReaper|kafka-log|group-coordinator"
                    + "|transaction|share-|metadata|Processor|Acceptor|KafkaApi|purgatory|executor-|TxnMarkerSender"
                    + "|AddPartitionsToTxnSender).*"),
            rule("schema registry and http servers", ".*(HTTP|http|registry|Registry|jetty|qtp|gateway|ledger).*"),
            rule("bench client", "^main$|.*bench.*|^carbonedge-bench.*"));
    static final String OTHER = "other threads";
    static final String JVM = "jvm (gc, jit) and ended threads";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long processCpuNanos;
    private final Map<Long, Long> cpuByThread;
    private final Map<Long, String> nameByThread;

    private CpuBreakdown(long processCpuNanos, Map<Long, Long> cpuByThread, Map<Long, String> nameByThread) {
        this.processCpuNanos = processCpuNanos;
        this.cpuByThread = cpuByThread;
        this.nameByThread = nameByThread;
    }

    private static Map.Entry<String, Predicate<String>> rule(String component, String regex) {
        return Map.entry(component, Pattern.compile(regex).asMatchPredicate());
    }

    /** This JVM's CPU time now: the process's and each live thread's. */
    public static CpuBreakdown snapshot() {
        ThreadCpuClock.measuresCpu(); // turns thread CPU time on where the JVM has it off
        Map<Long, Long> cpu = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return new CpuBreakdown(ProcessCpuMeter.processCpuNanos(), cpu, names);
    }

    /** The component a thread named {@code name} belongs to. */
    static String componentOf(String name) {
        for (Map.Entry<String, Predicate<String>> c : COMPONENTS) {
            if (c.getValue().test(name)) {
                return c.getKey();
            }
        }
        return OTHER;
    }

    /**
     * CPU nanoseconds per component from {@code before} to this snapshot, in report order, with
     * {@value #JVM} last (never negative).
     */
    public Map<String, Long> since(CpuBreakdown before) {
        Map<String, Long> out = new LinkedHashMap<>();
        COMPONENTS.forEach(c -> out.put(c.getKey(), 0L));
        out.put(OTHER, 0L);
        long threads = 0;
        for (Map.Entry<Long, Long> t : cpuByThread.entrySet()) {
            long used = t.getValue() - before.cpuByThread.getOrDefault(t.getKey(), 0L);
            if (used > 0) {
                out.merge(componentOf(nameByThread.get(t.getKey())), used, Long::sum);
                threads += used;
            }
        }
        out.put(JVM, Math.max(0, processCpuNanos - before.processCpuNanos - threads));
        return out;
    }

    /** The names of live threads claimed by no component, with their CPU since {@code before}, busiest first. */
    public Map<String, Long> unclaimedSince(CpuBreakdown before) {
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<Long, Long> t : cpuByThread.entrySet()) {
            String name = nameByThread.get(t.getKey());
            long used = t.getValue() - before.cpuByThread.getOrDefault(t.getKey(), 0L);
            if (used > 0 && componentOf(name).equals(OTHER)) {
                out.merge(name.replaceAll("\\d+", "#"), used, Long::sum);
            }
        }
        return out;
    }
}
