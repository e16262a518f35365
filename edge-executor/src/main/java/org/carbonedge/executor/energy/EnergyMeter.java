package org.carbonedge.executor.energy;

import java.time.Instant;

import org.carbonedge.avro.ServiceEnergy;

/** One source of {@code carbonedge.service-energy} records, sampled once per interval by {@link ServiceEnergyReporter}. */
public interface EnergyMeter {

    /**
     * The energy used since the previous sample (the first call: since the meter was made), or null when there is
     * nothing to say for the interval.
     *
     * @param from the previous sample's time, UTC
     * @param to   now, UTC
     */
    ServiceEnergy sample(Instant from, Instant to);
}
