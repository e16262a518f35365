package org.carbonedge.cli.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.carbonedge.platform.cluster.ChildJvm;

/**
 * One CarbonEdge service of the local cluster ({@code carbonedge registry}, {@code validate}, {@code executor} ...)
 * in its own JVM: the same command a container of {@code docker/compose.yaml} runs, started from this JVM's class
 * path, its output in one log file. It is ready once its log shows the line the command prints when it is (the
 * {@code readyMarker}); it can be killed as a crash and started again with the same arguments.
 */
final class ServiceProcess {

    static final String CLI_MAIN = "org.carbonedge.cli.CarbonEdge";
    private static final long POLL_NANOS = Duration.ofMillis(200).toNanos();

    private final String name;
    private final List<String> jvmOptions;
    private final List<String> args;
    private final String readyMarker;
    private final Path logFile;
    private final Path scratch;
    private Process process;
    private long readFrom;
    private int starts;

    ServiceProcess(String name, List<String> jvmOptions, List<String> args, String readyMarker, Path logDir, Path tmpDir) {
        this.name = name;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.args = List.copyOf(args);
        this.readyMarker = readyMarker;
        this.logFile = logDir.resolve(name + ".log");
        this.scratch = tmpDir.resolve(name);
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    /** Times started, the first start included. */
    int starts() {
        return starts;
    }

    /** Starts the process (again) with the same arguments; the ready marker is looked for from here on in the log. */
    void start() {
        if (alive()) {
            throw new IllegalStateException(name + " is running");
        }
        readFrom = logFile.toFile().length(); // 0 when there is none yet
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dlog4j2.configurationFile=log4j2.xml");
        process = ChildJvm.start(CLI_MAIN, options, args, scratch, logFile);
        starts++;
    }

    /** Waits until the log shows the ready line; fails early, naming the log, when the process exits first. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logShowsReady()) {
                return;
            }
            if (!alive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; see "
                        + logFile);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + logFile);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Process id, or -1 while it is not running. */
    long pid() {
        return alive() ? process.pid() : -1;
    }

    /** Exit code of the last run; only meaningful once it is not alive. */
    int exitValue() {
        return process == null ? 0 : process.exitValue();
    }

    Process process() {
        return process;
    }

    /** SIGKILL, as a crash. */
    void kill() throws InterruptedException {
        ChildJvm.kill(process);
    }

    private boolean logShowsReady() {
        return ChildJvm.readFrom(logFile, readFrom).contains(readyMarker);
    }
}
