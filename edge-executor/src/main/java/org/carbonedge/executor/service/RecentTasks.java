package org.carbonedge.executor.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last tasks this executor completed (requestId, stage, attempt), so a task delivered twice is
 * recognised and not run or counted again. Bounded: the oldest entries are forgotten first. Thread-safe: the device
 * thread records, the Kafka thread forgets what an aborted transaction lost.
 */
final class RecentTasks {

    private final Map<String, Boolean> seen;

    RecentTasks(int capacity) {
        this.seen = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    static String key(String requestId, int stageIndex, int attempt) {
        return requestId + "#" + stageIndex + "#" + attempt;
    }

    /** True the first time a key is offered. */
    synchronized boolean firstTime(String key) {
        return seen.putIfAbsent(key, Boolean.TRUE) == null;
    }

    /** Forgets a key (its transaction was aborted, so the task must run again). */
    synchronized void forget(String key) {
        seen.remove(key);
    }
}
