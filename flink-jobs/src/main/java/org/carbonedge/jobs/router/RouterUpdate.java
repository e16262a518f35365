package org.carbonedge.jobs.router;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.ModelManifest;

/**
 * A change to the router's small tables, broadcast to every parallel instance: a device's state, a grid-intensity
 * interval or a model manifest; exactly one is set. Flink serialises a record as a POJO (each payload with its Avro
 * serializer, an unset one as null), so it needs no Kryo; it only travels between operators, it is never kept in state.
 *
 * @param device    a device's state, or null
 * @param intensity a grid-intensity interval, or null
 * @param model     a model manifest, or null
 */
public record RouterUpdate(DeviceState device, GridIntensity intensity, ModelManifest model) {

    public static RouterUpdate of(DeviceState device) {
        return new RouterUpdate(device, null, null);
    }

    public static RouterUpdate of(GridIntensity intensity) {
        return new RouterUpdate(null, intensity, null);
    }

    public static RouterUpdate of(ModelManifest model) {
        return new RouterUpdate(null, null, model);
    }

    @Override
    public String toString() {
        return device != null ? "device " + device.getDeviceId()
                : intensity != null ? "intensity " + intensity.getZone() : "model " + model.getModelId();
    }
}
