package org.carbonedge.platform.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the one-machine clusters ({@link KafkaClusterProcesses}, the pipeline's {@code FlinkClusterProcesses}) run each
 * of their nodes: a child JVM on this JVM's class path, with its own scratch directory, its output appended to one log
 * file, stopped with SIGTERM and, after a grace period, SIGKILL.
 */
public final class ChildJvm {

    /** How long a node has to stop after SIGTERM before it gets SIGKILL. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private ChildJvm() {
    }

    /**
     * Starts {@code main} with {@code args} in a new JVM with {@code jvmOptions}, {@code java.io.tmpdir} set to
     * {@code scratch} (created) and stdout and stderr appended to {@code logFile}.
     */
    public static Process start(String main, List<String> jvmOptions, List<String> args, Path scratch, Path logFile) {
        return start(System.getProperty("java.class.path"), main, jvmOptions, args, scratch, logFile);
    }

    /** As {@link #start(String, List, List, Path, Path)}, on {@code classpath} instead of this JVM's. */
    public static Process start(String classpath, String main, List<String> jvmOptions, List<String> args, Path scratch,
                                Path logFile) {
        return start(classpath, main, jvmOptions, args, scratch, logFile, Map.of());
    }

    /** As {@link #start(String, String, List, List, Path, Path)}, with {@code environment} added to this one's. */
    public static Process start(String classpath, String main, List<String> jvmOptions, List<String> args, Path scratch,
                                Path logFile, Map<String, String> environment) {
        try {
            Files.createDirectories(scratch);
            Files.createDirectories(logFile.getParent());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-Djava.io.tmpdir=" + scratch);
            command.add("-cp");
            command.add(classpath);
            command.add(main);
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + main + " (log " + logFile + ")", e);
        }
    }

    /** SIGKILL, as a crash: no shutdown hooks, no controlled hand-over. Waits until the process is gone. */
    public static void kill(Process process) throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Sends SIGTERM to all of {@code processes} at once (null entries are skipped), then waits for each, with SIGKILL
     * for one still running after {@link #STOP_TIMEOUT}.
     */
    public static void stop(List<Process> processes) {
        for (Process p : processes) {
            if (p != null) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A port free on this machine now (a node binds it a moment later). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Most of a log {@link #readFrom} reads: far more than any start-up or submission writes. */
    static final int MAX_READ_BYTES = 8 << 20;

    /**
     * What a child wrote to {@code logFile} from byte {@code offset} on (its log is appended to across restarts, so
     * the output of one run starts where the file ended before it), at most {@link #MAX_READ_BYTES}; "" when there is
     * none yet or the file cannot be read.
     */
    public static String readFrom(Path logFile, long offset) {
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(logFile)) {
            long available = in.size() - offset;
            if (available <= 0) {
                return "";
            }
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(available, MAX_READ_BYTES));
            while (buffer.hasRemaining() && in.read(buffer, offset + buffer.position()) > 0) {
                // read until the buffer is full or the file ends
            }
            return new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
