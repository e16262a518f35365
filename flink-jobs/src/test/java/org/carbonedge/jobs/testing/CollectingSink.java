package org.carbonedge.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that collects what a job writes into a JVM-wide queue named by the test, for jobs on a MiniCluster in the
 * test's JVM. Each sink has its own name, so one job's outputs (tasks, dead letters, ...) stay apart.
 */
public final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    private final String name;

    private CollectingSink(String name) {
        this.name = name;
    }

    /** A new, empty collection called {@code name} (whatever an earlier test collected there is dropped). */
    public static <T> CollectingSink<T> named(String name) {
        COLLECTED.put(name, new ConcurrentLinkedQueue<>());
        return new CollectingSink<>(name);
    }

    /** What the sink called {@code name} collected so far, in arrival order. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> collected(String name) {
        Queue<Object> q = COLLECTED.get(name);
        return q == null ? List.of() : new ArrayList<>((Queue<T>) (Queue<?>) q);
    }

    /** How many records the sink called {@code name} collected so far. */
    public static int count(String name) {
        Queue<Object> q = COLLECTED.get(name);
        return q == null ? 0 : q.size();
    }

    public List<T> collected() {
        return collected(name);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> into = COLLECTED.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                into.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
