package org.carbonedge.pipeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flink standalone session cluster as three processes (a JobManager and two TaskManagers from Flink's own entry
 * points): both TaskManagers register, a TaskManager killed with SIGKILL drops out within the heartbeat timeout, and
 * one started again registers again.
 */
class FlinkClusterProcessesTest {

    @TempDir
    Path dir;

    @Test
    void twoTaskManagersRegisterAndAKilledOneIsNoticedAndReplaced() throws Exception {
        try (FlinkClusterProcesses cluster = FlinkClusterProcesses.start(dir, 2, 2, Duration.ofMinutes(2))) {
            assertThat(List.of(cluster.jobManagerPid(), cluster.taskManagerPid(1), cluster.taskManagerPid(2)))
                    .doesNotContain(-1L, ProcessHandle.current().pid()).doesNotHaveDuplicates();
            assertThat(cluster.registeredTaskManagers()).isEqualTo(2);
            assertThat(cluster.restAddress()).startsWith("http://127.0.0.1:");

            cluster.killTaskManager(2);
            assertThat(cluster.taskManagerPid(2)).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> cluster.registeredTaskManagers() == 1);
            cluster.restartTaskManager(2);
            cluster.awaitTaskManagers(2, Duration.ofMinutes(1));
        }
    }
}
