package org.carbonedge.cli.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.carbonedge.core.energy.HostPowerModel;
import org.carbonedge.executor.energy.EnergyMeter;
import org.carbonedge.executor.energy.ProcessCpuMeter;
import org.carbonedge.executor.energy.ServiceEnergyReporter;
import org.carbonedge.pipeline.cluster.FlinkClusterProcesses;
import org.carbonedge.platform.cluster.ChildJvm;
import org.carbonedge.platform.cluster.KafkaClusterProcesses;

/**
 * CarbonEdge as a cluster of processes on one machine, wired as {@code docker/compose.yaml} wires its containers:
 * three Kafka brokers in KRaft mode (replication factor 3, {@code min.insync.replicas} 2), the schema registry, a
 * Flink standalone session cluster (a JobManager and TaskManagers on the Flink runtime's class path alone) running the
 * router and emissions jobs from the Docker image's job jar, the validator, the rollup, three executors (the paper's
 * nodes in DE, GB and FR), the demo feed, the ledger and the gateway. Every listener binds to loopback; every process
 * logs to {@code <dir>/logs/<name>.log}.
 *
 * <p>{@link #superviseOnce} is the supervisor compose's restart policy would be: a process that died is started
 * again, and when the JobManager comes back (it has no HA service) the jobs are resubmitted from their newest
 * retained checkpoints. A service that keeps dying is not restarted forever: past {@link #MAX_STARTS} starts the
 * cluster fails, loudly.
 */
public final class LocalCluster implements AutoCloseable {

    /** Starts of one service (the first included) after which it counts as failed for good. */
    static final int MAX_STARTS = 20;
    /** Brokers of the Kafka cluster. */
    static final int BROKERS = 3;
    /** The paper's three nodes, as in {@code docker/compose.yaml}: device id, profile, zone. */
    static final List<Device> DEVICES = List.of(new Device("edge-high", "paper-high", "DE"),
            new Device("edge-medium", "paper-medium", "GB"), new Device("edge-green", "paper-green", "FR"));

    /** An executor of the cluster: its device id, profile and grid zone. */
    record Device(String id, String profile, String zone) {
    }
    private static final List<String> SERVICE_JVM = List.of("-Xmx256m", "-XX:MaxMetaspaceSize=160m", "-XX:+UseSerialGC");

    /** Where the cluster lives, the job jar it runs, TaskManagers, and how long any one start may take. */
    public record Options(Path dir, Path jobJar, int taskManagers, int slotsPerTaskManager, Duration readyTimeout) {
        public Options {
            dir = dir.toAbsolutePath().normalize();
            jobJar = jobJar.toAbsolutePath();
        }
    }

    private final Options options;
    private final PrintWriter out;
    private KafkaClusterProcesses kafka;
    private FlinkClusterProcesses flink;
    private ServiceProcess registry;
    private ServiceEnergyReporter energy;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private ClusterJobs jobs;
    private String registryUrl;
    private int gatewayPort;
    private int ledgerPort;
    private Duration startDuration = Duration.ZERO;

    private LocalCluster(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /** Starts everything and returns once every service is ready and both jobs run; on failure stops what started. */
    public static LocalCluster start(Options options, PrintWriter out) {
        if (!Files.isRegularFile(options.jobJar())) {
            throw new IllegalArgumentException("no job jar at " + options.jobJar()
                    + " (build it with ./mvnw -pl docker -am package -DskipTests)");
        }
        LocalCluster cluster = new LocalCluster(options, out);
        try {
            cluster.startAll();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        } catch (Exception e) {
            cluster.close();
            throw new IllegalStateException("the cluster did not start: " + e.getMessage(), e);
        }
    }

    private void startAll() throws Exception {
        long t0 = System.nanoTime();
        Path dir = options.dir();
        Files.createDirectories(dir);
        Path logs = dir.resolve("logs");
        Path tmp = dir.resolve("tmp");
        kafka = KafkaClusterProcesses.start(dir.resolve("kafka"), BROKERS, options.readyTimeout());
        say("kafka bootstrap=" + kafka.bootstrapServers() + " brokers=" + BROKERS + " replication_factor="
                + kafka.replicationFactor());
        String bootstrap = kafka.bootstrapServers();
        int registryPort = ChildJvm.freePort();
        registryUrl = "http://127.0.0.1:" + registryPort;
        registry = new ServiceProcess("registry", SERVICE_JVM, List.of("registry", "--bootstrap", bootstrap,
                "--port", String.valueOf(registryPort), "--replication-factor", String.valueOf(kafka.replicationFactor())),
                "registry=", logs, tmp);
        registry.start();
        registry.awaitReady(options.readyTimeout());
        say("registry url=" + registryUrl);

        List<String> connection = List.of("--bootstrap", bootstrap, "--registry", registryUrl);
        Path models = dir.resolve("models");
        List<String> init = new ArrayList<>(List.of("init"));
        init.addAll(connection);
        init.addAll(List.of("--replication-factor", String.valueOf(kafka.replicationFactor()), "--model", "mnist-cnn",
                "--parts", "3", "--model-store", models.toString()));
        DEVICES.forEach(d -> init.addAll(List.of("--device", d.id())));
        runToCompletion(new ServiceProcess("init", SERVICE_JVM, init, "init topics=", logs, tmp));

        flink = FlinkClusterProcesses.start(dir.resolve("flink"), options.taskManagers(), options.slotsPerTaskManager(),
                options.readyTimeout());
        say("flink rest=" + flink.restAddress() + " taskmanagers=" + options.taskManagers());

        Path state = dir.resolve("state");
        add(logs, tmp, "rollup", "rollup=", connection, "rollup", "--state-dir", state.resolve("rollup").toString());
        add(logs, tmp, "validator", "validate=", connection, "validate", "--state-dir", state.resolve("validate").toString());
        for (Device d : DEVICES) {
            add(logs, tmp, d.id(), "executor=", connection, "executor", "--device-id", d.id(), "--profile", d.profile(),
                    "--zone", d.zone(), "--model-store", models.toString());
        }
        add(logs, tmp, "feed", "demo feed: zones", connection, "feed", "demo", "--zones", "DE,GB,FR");
        ledgerPort = ChildJvm.freePort();
        add(logs, tmp, "ledger", "ledger=", connection, "ledger", "--port", String.valueOf(ledgerPort), "--state-dir",
                state.resolve("ledger").toString());
        gatewayPort = ChildJvm.freePort();
        add(logs, tmp, "gateway", "gateway=", connection, "gateway", "--port", String.valueOf(gatewayPort));
        services.values().forEach(ServiceProcess::start); // together: their JVMs warm up in parallel
        for (ServiceProcess s : services.values()) {
            s.awaitReady(options.readyTimeout());
        }

        jobs = new ClusterJobs(flink, options.jobJar(), bootstrap, registryUrl);
        jobs.ensureRunning().forEach(this::say);
        awaitJobsRunning(options.readyTimeout());
        startEnergyReporter(bootstrap, registryUrl);
        writeProcessTable();
        startDuration = Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Reports the CPU energy of every process but the executors (which report their own, beside their devices' idle
     * time) to {@code carbonedge.service-energy}: the cluster's control plane, in the first device's zone, each
     * process followed by its name across restarts.
     */
    private void startEnergyReporter(String bootstrap, String registryUrl) {
        java.util.Set<String> executors = new java.util.HashSet<>();
        DEVICES.forEach(d -> executors.add(d.id()));
        List<EnergyMeter> meters = new ArrayList<>();
        for (String name : processes().keySet()) {
            if (!executors.contains(name)) {
                meters.add(ProcessCpuMeter.ofProcess("cluster:" + name,
                        DEVICES.get(0).zone(), HostPowerModel.INTEL_NUC_12_PRO, 1.0,
                        () -> processes().getOrDefault(name, -1L)));
            }
        }
        org.carbonedge.common.ClientSettings clients = org.carbonedge.common.ClientSettings.of(bootstrap, registryUrl);
        energy = new ServiceEnergyReporter("cluster-energy", clients, clients.catalog(),
                meters, ServiceEnergyReporter.DEFAULT_INTERVAL, java.time.Clock.systemUTC());
        energy.start();
    }

    /** A service running {@code command}, with the connection options after it (they are the leaf command's). */
    private void add(Path logs, Path tmp, String name, String readyMarker, List<String> connection, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(connection);
        services.put(name, new ServiceProcess(name, SERVICE_JVM, args, readyMarker, logs, tmp));
    }

    private void runToCompletion(ServiceProcess oneShot) throws InterruptedException {
        oneShot.start();
        if (!oneShot.process().waitFor(options.readyTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            oneShot.kill();
            throw new IllegalStateException(oneShot.name() + " did not finish within " + options.readyTimeout().toSeconds()
                    + " s; see " + oneShot.logFile());
        }
        if (oneShot.exitValue() != 0) {
            throw new IllegalStateException(oneShot.name() + " failed with exit code " + oneShot.exitValue() + "; see "
                    + oneShot.logFile());
        }
    }

    /** Waits until both jobs are RUNNING, resubmitting any that is not (as {@link #superviseOnce} would). */
    public void awaitJobsRunning(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!jobs.allRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Flink jobs were not running within " + timeout.toSeconds() + " s: "
                        + flink.jobStates() + "; see " + options.dir().resolve("flink").resolve("logs"));
            }
            superviseOnce();
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    /**
     * One round of supervision: starts again every process that died (a JobManager that comes back gets its jobs
     * resubmitted from their newest retained checkpoints, as soon as it answers), and submits a job that failed for
     * good. Returns what it did, one line each.
     *
     * @throws IllegalStateException when a service died {@link #MAX_STARTS} times
     */
    public List<String> superviseOnce() throws Exception {
        List<String> done = new ArrayList<>();
        for (int i = 1; i <= kafka.size(); i++) {
            if (kafka.pid(i) < 0) {
                kafka.restart(i);
                done.add("cluster: kafka-" + i + " restarted (pid " + kafka.pid(i) + ")");
            }
        }
        restartIfDead(registry, done);
        if (flink.jobManagerPid() < 0) {
            flink.restartJobManager();
            done.add("cluster: flink-jobmanager restarted (pid " + flink.jobManagerPid()
                    + "); jobs resume from their retained checkpoints");
            if (jobs != null) {
                done.addAll(jobs.submitAllToNewJobManager());
            }
        }
        for (int i = 1; i <= options.taskManagers(); i++) {
            if (flink.taskManagerPid(i) < 0) {
                flink.restartTaskManager(i);
                done.add("cluster: flink-taskmanager-" + i + " restarted (pid " + flink.taskManagerPid(i) + ")");
            }
        }
        for (ServiceProcess s : services.values()) {
            restartIfDead(s, done);
        }
        if (jobs != null) {
            done.addAll(jobs.ensureRunning());
        }
        if (!done.isEmpty()) {
            writeProcessTable();
        }
        return done;
    }

    private void restartIfDead(ServiceProcess s, List<String> done) {
        if (s.alive()) {
            return;
        }
        if (s.starts() >= MAX_STARTS) {
            throw new IllegalStateException(s.name() + " failed for good: it exited " + s.starts() + " times, last with "
                    + s.exitValue() + "; see " + s.logFile());
        }
        int exit = s.exitValue();
        s.start();
        done.add("cluster: " + s.name() + " exited with " + exit + ", restarted (pid " + s.pid() + ")");
    }

    // --- faults, for `cluster chaos` ---

    void killTaskManager(int id) throws InterruptedException {
        flink.killTaskManager(id);
    }

    void killJobManager() throws InterruptedException {
        flink.killJobManager();
    }

    void killBroker(int id) throws InterruptedException {
        kafka.kill(id);
    }

    void killService(String name) throws InterruptedException {
        (name.equals("registry") ? registry : services.get(name)).kill();
    }

    // --- where things are ---

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registryUrl;
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    public String ledgerUrl() {
        return "http://127.0.0.1:" + ledgerPort;
    }

    public String flinkRestAddress() {
        return flink.restAddress();
    }

    public Duration startDuration() {
        return startDuration;
    }

    public Path logDir() {
        return options.dir().resolve("logs");
    }

    /** Every process in the order {@link #close} stops them, name to pid (-1: not running). */
    public Map<String, Long> processes() {
        Map<String, Long> p = new LinkedHashMap<>();
        for (String first : List.of("gateway", "feed", "ledger")) {
            p.put(first, services.get(first).pid());
        }
        for (ServiceProcess s : services.values()) {
            p.putIfAbsent(s.name(), s.pid());
        }
        for (int i = 1; i <= options.taskManagers(); i++) {
            p.put("flink-taskmanager-" + i, flink.taskManagerPid(i));
        }
        p.put("flink-jobmanager", flink.jobManagerPid());
        p.put("registry", registry.pid());
        for (int i = 1; i <= kafka.size(); i++) {
            p.put("kafka-" + i, kafka.pid(i));
        }
        return p;
    }

    /** Resident memory of every process now, bytes (from /proc; 0 where it cannot be read). */
    public long residentBytes() {
        return processes().values().stream().mapToLong(ProcessMemory::residentBytes).sum();
    }

    private void writeProcessTable() {
        StringBuilder table = new StringBuilder();
        processes().forEach((name, pid) -> table.append(name).append('\t').append(pid).append('\n'));
        try {
            Files.writeString(options.dir().resolve(ClusterFiles.PROCESSES), table);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the process table", e);
        }
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    /**
     * Stops in order: the gateway and the feed (nothing new comes in), then the ledger, executors, validator and
     * rollup, then the TaskManagers and the JobManager (the jobs keep their retained checkpoints and resume from them
     * at the next start), then the registry, then the brokers — each group with SIGTERM, SIGKILL after 30 s.
     */
    @Override
    public void close() {
        if (energy != null) {
            energy.close(); // the last interval, while the brokers are up
        }
        List<Process> front = new ArrayList<>();
        List<Process> rest = new ArrayList<>();
        for (ServiceProcess s : services.values()) {
            (s.name().equals("gateway") || s.name().equals("feed") ? front : rest).add(s.process());
        }
        ChildJvm.stop(front);
        ChildJvm.stop(rest);
        if (flink != null) {
            flink.close();
        }
        if (registry != null) {
            ChildJvm.stop(java.util.Collections.singletonList(registry.process()));
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
