package org.carbonedge.lab.experiment;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.core.carbon.Carbon;

/**
 * The shift experiment's yardstick, in the manner of {@link HindsightOracle} but in time instead of place: with
 * perfect knowledge of the intensity that was measured, each request runs at the cleanest moment of its window.
 * Priced only with the run's own measurements: a request's stages' measured energy × PUE × the lowest measured
 * intensity of any interval overlapping {@code [arrival, deadline)}, plus what it emitted besides its operational
 * emissions (embodied, transfers), which do not move with the grid. Never above what the request really emitted
 * (the oracle could have done what it did). Plain Java.
 */
final class ShiftOracle {

    private final List<GridIntensity> measured;

    /** @param measured the zone's measured intervals (wall or grid time, as long as the windows asked are too) */
    ShiftOracle(List<GridIntensity> measured) {
        this.measured = measured.stream().sorted(Comparator.comparing(GridIntensity::getValidFrom)).toList();
    }

    /** The lowest measured intensity of an interval overlapping {@code [from, to)}; NaN when none does. */
    double lowestGco2PerKwh(Instant from, Instant to) {
        double lowest = Double.NaN;
        for (GridIntensity r : measured) {
            if (!r.getValidFrom().isBefore(to)) {
                break;
            }
            if (r.getValidTo().isAfter(from) && !(r.getGco2PerKwh() >= lowest)) {
                lowest = r.getGco2PerKwh();
            }
        }
        return lowest;
    }

    /** The measured intensity valid at {@code at}; NaN when no interval covers it. */
    double gco2PerKwhAt(Instant at) {
        double value = Double.NaN;
        for (GridIntensity r : measured) {
            if (r.getValidFrom().isAfter(at)) {
                break;
            }
            if (r.getValidTo().isAfter(at)) {
                value = r.getGco2PerKwh();
            }
        }
        return value;
    }

    /** What {@code r} would have emitted run at the cleanest moment of {@code [from, to)}. */
    double gco2(EmissionRecord r, Instant from, Instant to) {
        return Math.min(r.getTotalGco2(), priced(r, lowestGco2PerKwh(from, to)));
    }

    /**
     * What {@code r} would have emitted run at {@code at} (e.g. its arrival): the same measured energy at the
     * intensity measured then, what does not move with the grid unchanged. The pairing that takes the noise of
     * measured energy (a request's CPU time varies with what else the host runs) out of a comparison of release times.
     */
    double gco2At(EmissionRecord r, Instant at) {
        return priced(r, gco2PerKwhAt(at));
    }

    /** {@code r}'s stages' energy at {@code gco2PerKwh}, with its other emissions; its own total for NaN. */
    private static double priced(EmissionRecord r, double gco2PerKwh) {
        if (Double.isNaN(gco2PerKwh)) {
            return r.getTotalGco2();
        }
        double operational = 0;
        for (StageEmission s : r.getParts()) {
            operational += Carbon.grams(s.getEnergyJoules(), gco2PerKwh, r.getPue());
        }
        return r.getTotalGco2() - r.getOperationalGco2() + operational;
    }
}
