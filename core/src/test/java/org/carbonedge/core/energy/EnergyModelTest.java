package org.carbonedge.core.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.carbonedge.core.planning.DeviceView;
import org.junit.jupiter.api.Test;

/**
 * Pins the figures of the one energy model to what the two models it replaced gave (the executor's
 * {@code executor.device.EnergyModel} and the planner's {@code DeviceView.busyWatts}, each with its own
 * RAM_WATTS_PER_GB) and to the transfer energy the accountant and the planner used, so merging them changed no
 * behaviour. The "before" formulas are written out here as they were.
 */
class EnergyModelTest {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    /** idle W, max W, memory bytes of the built-in device profiles (edge-executor's DeviceProfiles). */
    private record Profile(String name, double idleWatts, double maxWatts, long memoryBytes) {
        EnergyModel model() {
            return new EnergyModel(idleWatts, maxWatts, memoryBytes);
        }
    }

    private static final List<Profile> PROFILES = List.of(
            new Profile("paper-high", 0.5, 3.83, GIB),
            new Profile("paper-medium", 0.30, 2.30, 512 * MIB),
            new Profile("paper-green", 0.20, 1.53, 512 * MIB),
            new Profile("rpi4", 2.7, 6.3, 4 * GIB),
            new Profile("jetson-nano-5w", 1.25, 5.0, 4 * GIB),
            new Profile("jetson-nano-10w", 1.25, 10.0, 4 * GIB),
            new Profile("jetson-orin-nano", 3.75, 15.0, 8 * GIB),
            new Profile("intel-nuc-12-pro", 6.0, 40.0, 16 * GIB));

    private static final long[] BUSY_NANOS = {1L, 250_000_000L, 1_234_567_891L, 60_000_000_000L};

    @Test
    void thePlannersBusyPowerIsBitForBitWhatItWas() {
        for (Profile p : PROFILES) {
            double before = p.maxWatts() + 0.375 * p.memoryBytes() / 1e9; // DeviceView.busyWatts before
            DeviceView view = new DeviceView(p.name(), "FR", 1.0, p.memoryBytes(), p.memoryBytes(), p.idleWatts(),
                    p.maxWatts(), 0, 0, true, 0, java.util.Map.of());
            assertThat(view.busyWatts()).as(p.name()).isEqualTo(before);
            assertThat(p.model().busyWatts()).as(p.name()).isEqualTo(before);
        }
    }

    @Test
    void theExecutorsStageEnergyIsWhatItWas() {
        for (Profile p : PROFILES) {
            double ramBefore = 0.375 * (p.memoryBytes() / 1e9); // executor: RAM_WATTS_PER_GB * memoryGigabytes()
            for (long busy : BUSY_NANOS) {
                double before = (p.idleWatts() + (p.maxWatts() - p.idleWatts()) * 1.0 + ramBefore) * busy / 1e9;
                assertThat(p.model().stageEnergyJoules(busy)).as(p.name() + " " + busy + " ns").isEqualTo(before);
            }
            // telemetry power and the RAM part added to RAPL readings: the same but for the last bit (0.375·m/1e9 now,
            // 0.375·(m/1e9) before; the new one is the correctly rounded figure)
            for (double u : new double[] {0, 0.3, 0.5, 1}) {
                double before = p.idleWatts() + (p.maxWatts() - p.idleWatts()) * u + ramBefore;
                assertThat(p.model().watts(u)).as(p.name() + " u=" + u).isCloseTo(before, within(2 * Math.ulp(before)));
            }
            assertThat(p.model().ramWatts()).isCloseTo(ramBefore, within(2 * Math.ulp(ramBefore)));
            assertThat(p.model().ramEnergyJoules(250_000_000L)).isCloseTo(ramBefore * 0.25, within(1e-15));
        }
    }

    /**
     * The embodied share, once for the executor's stage charge and the router's planning figure: an rpi4 with 50 kg
     * CO2e over three years costs 0.528 mg per second of device time, as both computed it before (each its own way).
     */
    @Test
    void theEmbodiedShareIsWhatTheExecutorAndTheRouterComputedBefore() {
        double kg = 50, hours = 3 * 365 * 24;
        double executorBefore = kg * 1000.0 / (hours * 3600.0);  // DeviceProfile.embodiedGco2PerSecond before
        double routerBefore = kg * 1000 / (hours * 3600);         // RoutingTables.view before
        assertThat(EnergyModel.embodiedGco2PerSecond(kg, hours)).isEqualTo(executorBefore).isEqualTo(routerBefore)
                .isCloseTo(5.284965e-4, within(1e-9));
        assertThat(EnergyModel.embodiedGco2(EnergyModel.embodiedGco2PerSecond(kg, hours), 250_000_000L))
                .isCloseTo(executorBefore * 0.25, within(1e-15));
        assertThat(EnergyModel.embodiedGco2PerSecond(kg, 0)).as("no lifetime: unknown").isZero();
        assertThat(EnergyModel.embodiedGco2PerSecond(Double.NaN, hours)).isZero();
        assertThat(EnergyModel.embodiedGco2PerSecond(kg, Double.POSITIVE_INFINITY)).isZero();
    }

    @Test
    void pinnedFigures() {
        // rpi4: 6.3 W + 0.375 W/GB × 4 GiB, for 250 ms
        assertThat(PROFILES.get(3).model().stageEnergyJoules(250_000_000L)).isCloseTo(1.977653184, within(1e-12));
        assertThat(PROFILES.get(0).model().stageEnergyJoules(1_234_567_891L)).isCloseTo(5.225497714705314, within(1e-12));
        assertThat(PROFILES.get(6).model().stageEnergyJoules(60_000_000_000L)).isCloseTo(1093.27352832, within(1e-9));
        assertThat(PROFILES.get(3).model().cpuWatts(0)).isEqualTo(2.7);
        assertThat(PROFILES.get(3).model().cpuWatts(1)).isEqualTo(6.3);
        assertThat(PROFILES.get(3).model().cpuWatts(0.5)).isCloseTo(4.5, within(1e-12));
        assertThat(PROFILES.get(3).model().cpuWatts(7)).isEqualTo(6.3); // clamped
    }

    @Test
    void transferEnergyIsWhatItWas() {
        for (int year = 2015; year <= 2035; year++) {
            double before = 0.06 * Math.pow(2, -(year - 2015) / 2.0); // TransferEnergy.kwhPerGigabyte before
            assertThat(EnergyModel.transferKwhPerGigabyte(year)).isEqualTo(before);
            for (long bytes : new long[] {0, 1, 602_112, 1_000_000, 3_000_000_000L}) {
                assertThat(EnergyModel.transferJoules(bytes, before)).isEqualTo(bytes / 1e9 * before * 3.6e6);
            }
            assertThat(EnergyModel.transferKwhPerByte(before)).isEqualTo(before / 1e9); // the planner's per-byte figure
        }
        assertThat(EnergyModel.transferKwhPerGigabyte(2015)).isEqualTo(0.06);
        assertThat(EnergyModel.transferKwhPerGigabyte(2026)).isCloseTo(0.0013258252147247767, within(1e-18));
        assertThat(EnergyModel.transferJoules(1_000_000, EnergyModel.transferKwhPerGigabyte(2026)))
                .isCloseTo(4.772970773009196, within(1e-12));
    }
}
