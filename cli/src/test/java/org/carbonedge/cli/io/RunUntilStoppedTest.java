package org.carbonedge.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.carbonedge.common.Health;
import org.carbonedge.common.Service;
import org.junit.jupiter.api.Test;

/** A standalone service command whose service dies ends with one line and a failure, never runs on silently. */
class RunUntilStoppedTest {

    @Test
    void aServiceThatFailsForGoodEndsTheCommandWithOneLineAndIsClosed() {
        AtomicReference<Health> health = new AtomicReference<>(Health.up());
        AtomicBoolean closed = new AtomicBoolean();
        Service service = new Service() {
            @Override
            public String name() {
                return "rollup";
            }

            @Override
            public void start() {
                // its background thread dies right after start
                Thread t = new Thread(() -> health.set(Health.failed("stream thread died: OutOfMemoryError")));
                t.start();
            }

            @Override
            public Health health() {
                return health.get();
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        StringWriter out = new StringWriter();
        assertThatThrownBy(() -> RunUntilStopped.run(service, () -> "rollup=ready", new PrintWriter(out)))
                .isInstanceOf(RunUntilStopped.ServiceFailedException.class)
                .hasMessage("component rollup failed: stream thread died: OutOfMemoryError");
        assertThat(out.toString()).contains("rollup=ready");
        assertThat(closed).isTrue();
    }
}
