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

    /** What {@code r} would have emitted run at the cleanest moment of {@code [from, to)}. */
    double gco2(EmissionRecord r, Instant from, Instant to) {
        double lowest = lowestGco2PerKwh(from, to);
        if (Double.isNaN(lowest)) {
            return r.getTotalGco2();
        }
        double operational = 0;
        for (StageEmission s : r.getParts()) {
            operational += Carbon.grams(s.getEnergyJoules(), lowest, r.getPue());
        }
        return Math.min(r.getTotalGco2(), r.getTotalGco2() - r.getOperationalGco2() + operational);
    }
}
