package org.carbonedge.executor.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.avro.ServiceEnergyKind;
import org.carbonedge.core.energy.EnergyModel;
import org.carbonedge.core.energy.HostPowerModel;
import org.junit.jupiter.api.Test;

class EnergyMetersTest {

    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    @Test
    void theControlPlaneIsTheProcessLessTheInferenceCpu() {
        AtomicLong process = new AtomicLong(5_000_000_000L);
        AtomicLong inference = new AtomicLong(1_000_000_000L);
        ProcessCpuMeter meter = new ProcessCpuMeter("embedded", "GB", HostPowerModel.INTEL_NUC_12_PRO, 1.2,
                process::get, inference::get);

        // 3 s of process CPU in the interval, 1 s of it inference: 2 s of control plane at 34/16 W per core
        process.addAndGet(3_000_000_000L);
        inference.addAndGet(1_000_000_000L);
        ServiceEnergy e = meter.sample(T0, T0.plusSeconds(10));
        assertThat(e.getKind()).isEqualTo(ServiceEnergyKind.CONTROL_PLANE);
        assertThat(e.getCpuNanos()).isEqualTo(2_000_000_000L);
        assertThat(e.getEnergyJoules()).isCloseTo(4.25, within(1e-12));
        assertThat(e.getPue()).isEqualTo(1.2);
        assertThat(e.getZone()).isEqualTo("GB");
        assertThat(e.getIntervalStart()).isEqualTo(T0);

        // inference CPU counted after the process reading (threads race): never a negative interval
        inference.addAndGet(500_000_000L);
        assertThat(meter.sample(T0.plusSeconds(10), T0.plusSeconds(20)).getCpuNanos()).isZero();
    }

    @Test
    void aJvmWithoutProcessCpuTimeSaysNothing() {
        ProcessCpuMeter meter = new ProcessCpuMeter("x", "GB", HostPowerModel.INTEL_NUC_12_PRO, 1, () -> -1, () -> 0);
        assertThat(meter.sample(T0, T0.plusSeconds(1))).isNull();
        assertThat(ProcessCpuMeter.processCpuNanos()).as("this JVM reads its own CPU time").isPositive();
    }

    @Test
    void anotherProcessIsFollowedByItsPid() {
        java.util.concurrent.atomic.AtomicLong pid = new java.util.concurrent.atomic.AtomicLong(ProcessHandle.current().pid());
        ProcessCpuMeter meter = ProcessCpuMeter.ofProcess("kafka-1", "DE", HostPowerModel.INTEL_NUC_12_PRO, 1.0, pid::get);
        long x = 0;
        long end = System.nanoTime() + 100_000_000L;
        while (System.nanoTime() < end) {
            x += System.nanoTime() % 3;
        }
        ServiceEnergy busy = meter.sample(T0, T0.plusSeconds(1));
        assertThat(busy.getCpuNanos()).as("spun " + x).isGreaterThan(50_000_000L);
        assertThat(busy.getService()).isEqualTo("kafka-1");
        pid.set(-1); // the process is gone (between restarts)
        assertThat(meter.sample(T0.plusSeconds(1), T0.plusSeconds(2))).isNull();
        assertThat(ProcessCpuMeter.cpuNanosOf(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void aDeviceIsIdleForWhatItsBusyTimeLeavesOfTheInterval() {
        AtomicLong busy = new AtomicLong(7_000_000_000L);
        EnergyModel rpi = new EnergyModel(2.7, 6.4, 4_000_000_000L); // 4.2 W idle with RAM
        DeviceIdleMeter meter = new DeviceIdleMeter("rpi-1", "FR", "rpi4", rpi, 1.0, busy::get);

        busy.addAndGet(4_000_000_000L); // busy 4 s of 10
        ServiceEnergy e = meter.sample(T0, T0.plusSeconds(10));
        assertThat(e.getKind()).isEqualTo(ServiceEnergyKind.DEVICE_IDLE);
        assertThat(e.getService()).isEqualTo("rpi-1");
        assertThat(e.getIdleNanos()).isEqualTo(6_000_000_000L);
        assertThat(e.getEnergyJoules()).isCloseTo(6 * 4.2, within(1e-9));

        busy.addAndGet(12_000_000_000L); // a stage that spans the boundary: busy more than the interval
        assertThat(meter.sample(T0.plusSeconds(10), T0.plusSeconds(20)).getIdleNanos()).isZero();
    }
}
