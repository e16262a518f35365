package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;

import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.avro.ServiceEnergyKind;
import org.junit.jupiter.api.Test;

class ControlPlaneAccountTest {

    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    @Test
    void intervalsAreProratedToTheWindowAndPricedAtTheirZonesIntensity() {
        List<ServiceEnergy> records = List.of(
                energy("embedded", ServiceEnergyKind.CONTROL_PLANE, "DE", 0, 10, 100), // half in the window
                energy("embedded", ServiceEnergyKind.CONTROL_PLANE, "DE", 10, 20, 50),
                energy("edge-fr", ServiceEnergyKind.DEVICE_IDLE, "FR", 10, 20, 36),
                energy("embedded", ServiceEnergyKind.CONTROL_PLANE, "DE", 20, 30, 999)); // after the window
        ControlPlaneAccount a = ControlPlaneAccount.of(records, T0.plusSeconds(5), T0.plusSeconds(20),
                (zone, at) -> zone.equals("DE") ? 360.0 : 36.0);

        assertThat(a.records()).isEqualTo(3);
        assertThat(a.controlPlaneJoules()).isCloseTo(50 + 50, within(1e-9));
        assertThat(a.controlPlaneGco2()).isCloseTo(100 / 3.6e6 * 360, within(1e-15));
        assertThat(a.idleJoules()).isCloseTo(36, within(1e-9));
        assertThat(a.idleGco2()).isCloseTo(36 / 3.6e6 * 36, within(1e-15));
        // 10 inferences in the window, each emitting 1e-5 g on its devices: 1e-3 g of control plane and 3.6e-5 g
        // of idle time each
        assertThat(a.perInference(10)[0]).isCloseTo(1e-3, within(1e-15));
        assertThat(a.perInference(10)[1]).isCloseTo(3.6e-5, within(1e-15));
        assertThat(a.controlPlaneShare(1e-5, 10)).isCloseTo(1e-3 / (1e-5 + 1e-3 + 3.6e-5), within(1e-9));
        assertThat(ControlPlaneAccount.NONE.controlPlaneShare(1e-5, 0)).isNaN();
    }

    @Test
    void theEndIsCoveredOnceEveryReporterReachedIt() {
        List<ServiceEnergy> records = List.of(energy("embedded", ServiceEnergyKind.CONTROL_PLANE, "DE", 0, 10, 1),
                energy("dev", ServiceEnergyKind.DEVICE_IDLE, "DE", 0, 20, 1));
        assertThat(ControlPlaneAccount.coversTheEnd(records, T0.plusSeconds(15))).isFalse();
        assertThat(ControlPlaneAccount.coversTheEnd(records, T0.plusSeconds(10))).isTrue();
        assertThat(ControlPlaneAccount.coversTheEnd(List.of(), T0)).isFalse();
    }

    private static ServiceEnergy energy(String service, ServiceEnergyKind kind, String zone, int fromS, int toS,
                                        double joules) {
        return ServiceEnergy.newBuilder().setService(service).setKind(kind).setZone(zone)
                .setIntervalStart(T0.plusSeconds(fromS)).setIntervalEnd(T0.plusSeconds(toS)).setEnergyJoules(joules)
                .setSource("test").build();
    }
}
