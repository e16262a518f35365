package org.carbonedge.core.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HostPowerModelTest {

    @Test
    void aBusyCoreSecondCostsThePowerAboveIdleOverTheCores() {
        HostPowerModel nuc = HostPowerModel.INTEL_NUC_12_PRO;
        assertThat(nuc.wattsPerBusyCore()).isCloseTo(34.0 / 16, within(1e-12));
        // 2 s of CPU (two cores busy for a second, or one for two): 4.25 J
        assertThat(nuc.joules(2_000_000_000L)).isCloseTo(4.25, within(1e-12));
        assertThat(nuc.joules(-5)).as("a clock that went backwards charges nothing").isZero();
        assertThat(nuc.source()).isEqualTo("process-cpu x intel-nuc-12-pro (6.0-40.0 W, 16 cores)");
    }

    @Test
    void refusesAnImpossibleHost() {
        assertThatThrownBy(() -> new HostPowerModel("h", 10, 5, 4)).hasMessageContaining("idle <= max");
        assertThatThrownBy(() -> new HostPowerModel("h", Double.NaN, 5, 4)).hasMessageContaining("idle <= max");
        assertThatThrownBy(() -> new HostPowerModel("h", 1, 5, 0)).hasMessageContaining("cores");
        assertThatThrownBy(() -> new HostPowerModel(" ", 1, 5, 4)).hasMessageContaining("name");
    }

    @Test
    void idleTimeIsChargedIdlePowerAndRam() {
        EnergyModel rpi = new EnergyModel(2.7, 6.4, 4_000_000_000L);
        // 2.7 W idle + 1.5 W of RAM for 10 s
        assertThat(rpi.idleEnergyJoules(10_000_000_000L)).isCloseTo(42.0, within(1e-9));
        assertThat(rpi.idleEnergyJoules(-1)).isZero();
    }
}
