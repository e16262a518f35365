package org.carbonedge.executor.energy;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.function.LongSupplier;

import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.avro.ServiceEnergyKind;
import org.carbonedge.core.energy.HostPowerModel;

/**
 * The control plane's energy in this process: the process's CPU time (every thread: broker, registry, Flink, Kafka
 * clients, GC, ...) less the inference CPU the devices already charge ({@link InferenceCpu}), priced by the host's
 * power model. On a JVM that cannot read its process CPU time the meter says nothing rather than guess.
 */
public final class ProcessCpuMeter implements EnergyMeter {

    private final String service;
    private final String zone;
    private final HostPowerModel host;
    private final double pue;
    private final LongSupplier processCpuNanos;
    private final LongSupplier inferenceCpuNanos;
    private long lastControlPlaneNanos;

    /** This JVM's meter: its process CPU time less {@link InferenceCpu}. */
    public static ProcessCpuMeter ofThisProcess(String service, String zone, HostPowerModel host, double pue) {
        return new ProcessCpuMeter(service, zone, host, pue, ProcessCpuMeter::processCpuNanos, InferenceCpu::totalNanos);
    }

    /**
     * Another process's meter, all of its CPU time counted as control plane (a broker, a Flink process, a service
     * of {@code cluster up}): {@code pid} is asked at every sample, so a restarted process is followed (its CPU time
     * starts again from zero: the interval it restarted in counts nothing). Says nothing while there is no process.
     */
    public static ProcessCpuMeter ofProcess(String service, String zone, HostPowerModel host, double pue,
                                            LongSupplier pid) {
        return new ProcessCpuMeter(service, zone, host, pue, () -> cpuNanosOf(pid.getAsLong()), () -> 0L);
    }

    /** CPU time of process {@code pid} so far, nanoseconds; -1 when there is no such process or it cannot be told. */
    static long cpuNanosOf(long pid) {
        if (pid <= 0) {
            return -1;
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(java.time.Duration::toNanos)
                .orElse(-1L);
    }

    public ProcessCpuMeter(String service, String zone, HostPowerModel host, double pue, LongSupplier processCpuNanos,
                           LongSupplier inferenceCpuNanos) {
        this.service = service;
        this.zone = zone;
        this.host = host;
        this.pue = pue;
        this.processCpuNanos = processCpuNanos;
        this.inferenceCpuNanos = inferenceCpuNanos;
        this.lastControlPlaneNanos = controlPlaneNanos();
    }

    @Override
    public ServiceEnergy sample(Instant from, Instant to) {
        long now = controlPlaneNanos();
        if (now < 0) {
            return null;
        }
        long used = Math.max(0, now - lastControlPlaneNanos);
        lastControlPlaneNanos = now;
        return ServiceEnergy.newBuilder().setService(service).setKind(ServiceEnergyKind.CONTROL_PLANE).setZone(zone)
                .setIntervalStart(from).setIntervalEnd(to).setCpuNanos(used).setIdleNanos(0)
                .setEnergyJoules(host.joules(used)).setPue(pue).setSource(host.source()).build();
    }

    private long controlPlaneNanos() {
        long process = processCpuNanos.getAsLong();
        return process < 0 ? -1 : process - inferenceCpuNanos.getAsLong();
    }

    /** CPU time of this process so far, all threads, nanoseconds; -1 where the JVM cannot tell. */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
