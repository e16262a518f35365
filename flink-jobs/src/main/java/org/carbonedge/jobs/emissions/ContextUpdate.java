package org.carbonedge.jobs.emissions;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.GridIntensity;

/**
 * A change to what every parallel instance must know: a grid-intensity interval or a device's state. Both are
 * broadcast on one stream into the keyed accounting operator. A Flink POJO: exactly one field is set.
 */
public class ContextUpdate {

    /** A grid-intensity interval, or null. */
    public GridIntensity intensity;
    /** A device state, or null. */
    public DeviceState device;

    public ContextUpdate() {
    }

    public static ContextUpdate of(GridIntensity intensity) {
        ContextUpdate u = new ContextUpdate();
        u.intensity = intensity;
        return u;
    }

    public static ContextUpdate of(DeviceState device) {
        ContextUpdate u = new ContextUpdate();
        u.device = device;
        return u;
    }

    @Override
    public String toString() {
        return intensity != null ? "intensity " + intensity.getZone() + "@" + intensity.getValidFrom()
                : "device " + device.getDeviceId() + " " + device.getStatus();
    }
}
