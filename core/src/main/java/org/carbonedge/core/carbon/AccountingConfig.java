package org.carbonedge.core.carbon;

import java.io.Serializable;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Objects;

import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.energy.EnergyModel;

/**
 * The constants emission accounting applies, stated once so every record can be reproduced from them.
 *
 * @param pue               power usage effectiveness applied to device energy (network energy from Aslan et al.
 *                          already covers the whole network path, so transfers are not multiplied by it)
 * @param kwhPerGigabyte    network energy intensity of tensors moved between devices
 * @param defaultIntensity  used for a zone with no intensity at the execution time; its kind must be ESTIMATED
 */
public record AccountingConfig(double pue, double kwhPerGigabyte, Intensity defaultIntensity) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * World average carbon intensity of electricity generation in 2019: 475 gCO2/kWh (IEA, Global Energy &amp; CO2
     * Status Report 2019).
     */
    public static final double IEA_GLOBAL_AVERAGE_2019_GCO2_PER_KWH = 475.0;
    /** Source label of the default intensity. */
    public static final String IEA_GLOBAL_AVERAGE_2019_SOURCE = "default:iea-global-energy-co2-status-report-2019";

    public AccountingConfig {
        if (!(pue >= 1.0) || !Double.isFinite(pue)) {
            throw new IllegalArgumentException("PUE must be finite and >= 1, was " + pue);
        }
        if (!(kwhPerGigabyte >= 0) || !Double.isFinite(kwhPerGigabyte)) {
            throw new IllegalArgumentException("kwhPerGigabyte must be finite and >= 0, was " + kwhPerGigabyte);
        }
        Objects.requireNonNull(defaultIntensity, "defaultIntensity");
        if (defaultIntensity.kind() != IntensityKind.ESTIMATED || defaultIntensity.signal() != SignalType.AVERAGE) {
            throw new IllegalArgumentException("the default intensity must be an ESTIMATED AVERAGE value, was "
                    + defaultIntensity);
        }
    }

    /** The IEA 2019 world average as an ESTIMATED average intensity. */
    public static Intensity ieaGlobalAverage2019() {
        return new Intensity(IEA_GLOBAL_AVERAGE_2019_GCO2_PER_KWH, IntensityKind.ESTIMATED, SignalType.AVERAGE,
                IEA_GLOBAL_AVERAGE_2019_SOURCE);
    }

    /** PUE 1.0, transfer energy for the current year (Aslan et al. trend), IEA 2019 world average as default. */
    public static AccountingConfig defaults() {
        return new AccountingConfig(1.0, EnergyModel.transferKwhPerGigabyte(Year.now(ZoneOffset.UTC).getValue()),
                ieaGlobalAverage2019());
    }

    public AccountingConfig withPue(double value) {
        return new AccountingConfig(value, kwhPerGigabyte, defaultIntensity);
    }

    public AccountingConfig withKwhPerGigabyte(double value) {
        return new AccountingConfig(pue, value, defaultIntensity);
    }

    public AccountingConfig withDefaultGco2PerKwh(double gco2PerKwh, String source) {
        return new AccountingConfig(pue, kwhPerGigabyte,
                new Intensity(gco2PerKwh, IntensityKind.ESTIMATED, SignalType.AVERAGE, source));
    }
}
