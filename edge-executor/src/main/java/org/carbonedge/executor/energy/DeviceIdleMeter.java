package org.carbonedge.executor.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.avro.ServiceEnergyKind;
import org.carbonedge.core.energy.EnergyModel;

/**
 * A device's idle energy: the part of each interval it ran no task, at its idle power plus RAM
 * ({@link EnergyModel#idleEnergyJoules}). Busy time is charged to the stages that ran in it (the whole device,
 * idle part included), so busy plus idle covers the interval once.
 */
public final class DeviceIdleMeter implements EnergyMeter {

    private final String deviceId;
    private final String zone;
    private final String profile;
    private final EnergyModel energy;
    private final double pue;
    private final LongSupplier busyNanos;
    private long lastBusyNanos;

    public DeviceIdleMeter(String deviceId, String zone, String profile, EnergyModel energy, double pue,
                           LongSupplier busyNanos) {
        this.deviceId = deviceId;
        this.zone = zone;
        this.profile = profile;
        this.energy = energy;
        this.pue = pue;
        this.busyNanos = busyNanos;
        this.lastBusyNanos = busyNanos.getAsLong();
    }

    @Override
    public ServiceEnergy sample(Instant from, Instant to) {
        long busy = busyNanos.getAsLong();
        long busyInInterval = Math.max(0, busy - lastBusyNanos);
        lastBusyNanos = busy;
        long interval = Math.max(0, Duration.between(from, to).toNanos());
        long idle = Math.max(0, interval - busyInInterval);
        return ServiceEnergy.newBuilder().setService(deviceId).setKind(ServiceEnergyKind.DEVICE_IDLE).setZone(zone)
                .setIntervalStart(from).setIntervalEnd(to).setCpuNanos(0).setIdleNanos(idle)
                .setEnergyJoules(energy.idleEnergyJoules(idle)).setPue(pue)
                .setSource(String.format(Locale.ROOT, "idle x %s (%.2f W with RAM)", profile, energy.watts(0))).build();
    }
}
