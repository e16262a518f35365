package org.carbonedge.jobs.emissions;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.GridIntensity;

/**
 * A change to what every parallel instance must know: a grid-intensity interval or a device's state; exactly one is
 * set. Both are broadcast on one stream into the keyed accounting operator. Flink serialises a record as a POJO (each
 * payload with its Avro serializer, an unset one as null); it is never kept in state (the payloads are).
 *
 * @param intensity a grid-intensity interval, or null
 * @param device    a device state, or null
 */
public record ContextUpdate(GridIntensity intensity, DeviceState device) {

    public static ContextUpdate of(GridIntensity intensity) {
        return new ContextUpdate(intensity, null);
    }

    public static ContextUpdate of(DeviceState device) {
        return new ContextUpdate(null, device);
    }

    @Override
    public String toString() {
        return intensity != null ? "intensity " + intensity.getZone() + "@" + intensity.getValidFrom()
                : "device " + device.getDeviceId() + " " + device.getStatus();
    }
}
