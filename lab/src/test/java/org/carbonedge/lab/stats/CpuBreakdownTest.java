package org.carbonedge.lab.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class CpuBreakdownTest {

    @Test
    void threadNamesMapToTheirComponents() {
        assertThat(CpuBreakdown.componentOf("executor:edge-high-device")).startsWith("inference");
        assertThat(CpuBreakdown.componentOf("executor:edge-high")).startsWith("executors");
        assertThat(CpuBreakdown.componentOf("carbonedge-validation-1a2b-StreamThread-1")).startsWith("kafka streams");
        assertThat(CpuBreakdown.componentOf("route requests (1/1)#0")).startsWith("flink");
        assertThat(CpuBreakdown.componentOf("kafka-producer-network-thread | carbonedge-bench")).startsWith("kafka clients");
        assertThat(CpuBreakdown.componentOf("data-plane-kafka-request-handler-3")).isEqualTo("kafka broker");
        assertThat(CpuBreakdown.componentOf("main")).isEqualTo("bench client");
        assertThat(CpuBreakdown.componentOf("something else")).isEqualTo(CpuBreakdown.OTHER);
    }

    @Test
    void aBusyThreadsCpuIsCountedUnderItsComponent() throws Exception {
        CpuBreakdown before = CpuBreakdown.snapshot();
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = new Thread(() -> {
            long x = 0;
            long end = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            stop.set(x > 0);
        }, "executor:test-device");
        busy.start();
        busy.join();
        // the thread ended: its CPU is in no live thread, so it lands in the JVM's remainder; a live one is claimed
        Map<String, Long> ended = CpuBreakdown.snapshot().since(before);
        assertThat(ended.get(CpuBreakdown.JVM)).isGreaterThan(100_000_000L);

        Thread live = new Thread(() -> {
            long end = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            synchronized (stop) {
                try {
                    stop.wait(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "executor:test2-device");
        CpuBreakdown before2 = CpuBreakdown.snapshot();
        live.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> CpuBreakdown.snapshot().since(before2).get("inference (executors' device threads)")
                        > 100_000_000L);
        synchronized (stop) {
            stop.notifyAll();
        }
        live.join();
    }
}
