package org.carbonedge.pipeline.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code config.yaml} of {@link FlinkClusterProcesses} and the JVM options of its processes. The distribution's
 * start scripts derive a TaskManager's JVM sizes from its memory configuration; started from the entry point
 * directly, the TaskManager needs every memory component set and a JVM sized to match (heap = framework + task heap,
 * direct memory = framework + task off-heap + network). Heartbeats are shortened so a killed TaskManager is noticed
 * in seconds on one machine. Every endpoint binds to loopback.
 */
final class FlinkClusterConfig {

    /**
     * What the distribution's {@code config.yaml} puts in {@code env.java.opts.all} for Java 17: the JDK internals
     * Flink's serializers and DataStream translators reach into. Without them {@code flink run} fails in a static
     * initializer ("module java.base does not opens java.util").
     */
    static final List<String> JAVA_17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** JobManager JVM: a session cluster's dispatcher, resource manager and REST endpoint. */
    static final List<String> JOBMANAGER_JVM = withOpens("-Xmx512m", "-XX:MaxMetaspaceSize=256m", "-XX:+UseSerialGC");
    /** TaskManager JVM, matching the memory components written below. */
    static final List<String> TASKMANAGER_JVM = withOpens("-Xmx384m", "-XX:MaxDirectMemorySize=160m",
            "-XX:MaxMetaspaceSize=256m", "-XX:+UseSerialGC");
    /** The command-line client that submits jobs ({@code bin/flink}): short-lived, so compiled by C1 only. */
    static final List<String> CLIENT_JVM = withOpens("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static List<String> withOpens(String... options) {
        List<String> all = new java.util.ArrayList<>(List.of(options));
        all.addAll(JAVA_17_OPENS);
        return List.copyOf(all);
    }

    /** Log configuration of every process: INFO to stdout, which goes to the process's log file. */
    static final String LOG4J_FILE = "log4j-console.properties";
    private static final String LOG4J = String.join("\n",
            "# written by CarbonEdge's FlinkClusterProcesses, as the distribution's log4j-console.properties",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.console.ref = ConsoleAppender",
            "appender.console.name = ConsoleAppender",
            "appender.console.type = CONSOLE",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "");

    private FlinkClusterConfig() {
    }

    static void write(Path configDir, Path checkpointDir, int restPort, int rpcPort, int blobPort, int slots) {
        String yaml = String.join("\n",
                "# written by CarbonEdge's FlinkClusterProcesses",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "blob.server.port: " + blobPort,
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.rpc.port: 0",
                "taskmanager.data.port: 0",
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.cpu.cores: " + slots,
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.task.heap.size: 256m",
                "taskmanager.memory.framework.off-heap.size: 96m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.managed.size: 64m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 96m",
                "taskmanager.memory.jvm-overhead.max: 96m",
                "jobmanager.memory.process.size: 1024m",
                // a client (flink run) started while the JobManager is still starting retries until it answers
                "rest.retry.max-attempts: 90",
                "rest.retry.delay: 1000",
                "heartbeat.interval: 1000",
                "heartbeat.timeout: 6000",
                // without an HA service a JobManager's loss ends its jobs; retained checkpoints are what they resume from
                "execution.checkpointing.dir: " + checkpointDir.toUri(),
                "execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION",
                "");
        try {
            Files.createDirectories(configDir);
            Files.writeString(configDir.resolve("config.yaml"), yaml);
            Files.writeString(configDir.resolve(LOG4J_FILE), LOG4J);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Flink configuration in " + configDir, e);
        }
    }
}
