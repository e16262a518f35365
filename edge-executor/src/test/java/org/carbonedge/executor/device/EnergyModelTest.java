package org.carbonedge.executor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;

import org.carbonedge.core.energy.EnergyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyModelTest {

    @TempDir
    Path dir;

    @Test
    void powerIsLinearInUtilisationPlusRam() {
        DeviceProfile rpi = DeviceProfiles.named("rpi4");
        EnergyModel e = rpi.energyModel();
        assertThat(e.cpuWatts(0)).isEqualTo(2.7);
        assertThat(e.cpuWatts(1)).isEqualTo(6.3);
        assertThat(e.cpuWatts(0.5)).isCloseTo(4.5, within(1e-12));
        double ramWatts = 0.375 * (4L * 1024 * 1024 * 1024) / 1e9;
        assertThat(e.ramWatts()).isCloseTo(ramWatts, within(1e-12));
        // a stage keeping the device busy 250 ms is charged full power for 250 ms
        assertThat(e.stageEnergyJoules(250_000_000)).isCloseTo((6.3 + ramWatts) * 0.25, within(1e-12));
    }

    @Test
    void thePapersNodesCostTheSameDynamicEnergyForTheSameWork() {
        double workSeconds = 1.0; // at full speed
        double high = DeviceProfiles.named("paper-high").maxWatts() * workSeconds / 1.0;
        double green = DeviceProfiles.named("paper-green").maxWatts() * workSeconds / 0.4;
        assertThat(green).isCloseTo(high, within(0.01));
    }

    @Test
    void customProfilesComeFromAFileAndBadOnesSayWhy() throws Exception {
        Path file = dir.resolve("pi5.properties");
        Files.writeString(file, "name=pi5\ncpuQuota=0.35\nmemoryBytes=8000000000\nidleWatts=3.0\nmaxWatts=7.0\nembodiedKgco2e=20\n");
        DeviceProfile p = DeviceProfiles.fromFile(file);
        assertThat(p.cpuQuota()).isEqualTo(0.35);
        assertThat(p.lifetimeHours()).isEqualTo(3 * 365 * 24);
        assertThat(p.embodiedGco2PerSecond()).isCloseTo(20_000.0 / (3 * 365 * 24 * 3600), within(1e-15));
        Files.writeString(file, "name=x\ncpuQuota=0.5\n");
        assertThatThrownBy(() -> DeviceProfiles.fromFile(file)).hasMessageContaining("missing 'memoryBytes'");
        Files.writeString(file, "name=x\ncpuQuota=fast\nmemoryBytes=1\nidleWatts=1\nmaxWatts=2\n");
        assertThatThrownBy(() -> DeviceProfiles.fromFile(file)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> DeviceProfiles.named("cray")).hasMessageContaining("unknown device profile 'cray'");
    }

    @Test
    void raplIsReadWhereTheCounterExistsAndWrapsAround() throws Exception {
        Path zone = Files.createDirectories(dir.resolve("intel-rapl:0"));
        Files.writeString(zone.resolve("energy_uj"), "1000\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), "262143328850\n");
        RaplMeter meter = RaplMeter.open(zone).orElseThrow();
        assertThat(meter.readMicrojoules()).isEqualTo(1000);
        assertThat(meter.joulesBetween(262_143_328_000L, 150L)).isCloseTo(1000e-6, within(1e-9));
        assertThat(RaplMeter.open(dir.resolve("missing"))).isEmpty();
    }
}
