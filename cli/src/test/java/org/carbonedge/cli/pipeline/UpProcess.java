package org.carbonedge.cli.pipeline;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.carbonedge.cli.CarbonEdge;
import org.carbonedge.cli.ProcessScratch;

/**
 * {@code carbonedge up} as a real child process (its own JVM on the test's class path, its own scratch directory),
 * so a test can {@code kill -9} it and start it again over the same data dir, as an operator's crash would.
 */
final class UpProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private UpProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code up} with {@code args}; returns once it printed its status line (it is ready). */
    static UpProcess start(Path workDir, String name, String... args) throws IOException {
        Path scratch = Files.createDirectories(workDir.resolve("scratch-" + name));
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + scratch, "-D" + ProcessScratch.PROPERTY + "=" + scratch,
                "-cp", System.getProperty("java.class.path"), CarbonEdge.class.getName(), "up"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        UpProcess up = new UpProcess(p, log);
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("carbonedge up exited with " + p.exitValue() + ":\n" + up.tail());
                }
                return up.output().lines().anyMatch(l -> l.startsWith("status="));
            });
        } catch (RuntimeException e) {
            up.kill();
            throw e;
        }
        return up;
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no savepoint, open transactions left behind. */
    void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    /** SIGTERM and wait for the exit code. */
    int stop() {
        process.destroy();
        await().atMost(Duration.ofMinutes(2)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    Process process() {
        return process;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
