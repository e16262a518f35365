package org.carbonedge.ledger.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.avro.ServiceEnergyKind;
import org.carbonedge.core.carbon.Carbon;

/**
 * What one {@code carbonedge.service-energy} record adds to the ledger (issue #18's whole boundary): its energy,
 * priced at its zone's intensity, under {@code all}, its hour, its zone, its hour and zone, and for a device's idle
 * time its device. The hour is the interval's end's (an interval is seconds long). Inferences are not counted: the
 * energy is shared over the key's inferences when read ({@link Totals#wholeBoundaryGco2PerInference()}).
 *
 * <p>Pricing: energy × PUE / 3.6 MJ per kWh × the zone's latest measured intensity the ledger has read. A record
 * whose zone has no intensity yet counts its energy as unpriced instead of guessing one.
 */
public final class Overheads {

    /** Longest interval a record may cover: reporters send one every few seconds. */
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** Highest mean power a record may claim, watts: far above any edge site's pipeline, far below a typo's. */
    static final double MAX_WATTS = 100_000;
    private static final int MAX_NAME_CHARS = 200;

    private Overheads() {
    }

    /** What is wrong with {@code e}, or empty when it can be counted. */
    public static Optional<String> problem(ServiceEnergy e) {
        if (e.getKind() == null) {
            return Optional.of("kind is missing");
        }
        if (e.getZone() == null || e.getZone().isBlank() || e.getZone().length() > MAX_NAME_CHARS) {
            return Optional.of("zone must be 1 to " + MAX_NAME_CHARS + " characters");
        }
        if (e.getService() == null || e.getService().isBlank() || e.getService().length() > MAX_NAME_CHARS) {
            return Optional.of("service must be 1 to " + MAX_NAME_CHARS + " characters");
        }
        if (e.getIntervalStart() == null || e.getIntervalEnd() == null || e.getIntervalEnd().isBefore(e.getIntervalStart())) {
            return Optional.of("interval must end at or after its start");
        }
        Duration interval = Duration.between(e.getIntervalStart(), e.getIntervalEnd());
        if (interval.compareTo(MAX_INTERVAL) > 0) {
            return Optional.of("interval of " + interval + " is longer than " + MAX_INTERVAL);
        }
        double joules = e.getEnergyJoules();
        if (!(joules >= 0) || Double.isInfinite(joules)) {
            return Optional.of("energyJoules must be finite and >= 0, was " + joules);
        }
        double seconds = Math.max(interval.toNanos() / 1e9, 1e-3);
        if (joules / seconds > MAX_WATTS) {
            return Optional.of("energyJoules " + joules + " over " + interval + " is more than " + MAX_WATTS + " W");
        }
        if (!(e.getPue() >= 1.0) || !(e.getPue() <= 10.0)) {
            return Optional.of("pue must be 1 to 10, was " + e.getPue());
        }
        if (e.getCpuNanos() < 0 || e.getIdleNanos() < 0) {
            return Optional.of("cpuNanos and idleNanos must be >= 0");
        }
        return Optional.empty();
    }

    /**
     * The totals {@code e} adds per ledger key ({@link #problem} must be empty), priced with {@code gco2PerKwh}
     * (null, or a value that is not a finite non-negative number: unpriced).
     */
    public static Map<String, Totals> of(ServiceEnergy e, Double gco2PerKwh) {
        boolean idle = e.getKind() == ServiceEnergyKind.DEVICE_IDLE;
        Double gco2 = null;
        if (gco2PerKwh != null && gco2PerKwh >= 0 && Double.isFinite(gco2PerKwh)) {
            gco2 = Carbon.grams(e.getEnergyJoules(), gco2PerKwh, e.getPue());
        }
        Totals t = Totals.overhead(idle, e.getEnergyJoules(), gco2);
        String hour = DimensionKeys.hour(e.getIntervalEnd());
        Map<String, Totals> out = new LinkedHashMap<>();
        out.put(DimensionKeys.ALL, t);
        out.put(DimensionKeys.of(DimensionKeys.HOUR, hour), t);
        out.put(DimensionKeys.of(DimensionKeys.ZONE, e.getZone()), t);
        out.put(DimensionKeys.of(DimensionKeys.HOUR, hour, DimensionKeys.ZONE, e.getZone()), t);
        if (idle) {
            out.put(DimensionKeys.of(DimensionKeys.DEVICE, e.getService()), t);
        }
        return out;
    }
}
