package org.carbonedge.jobs.router;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.ModelManifest;

/**
 * A change to the router's small tables, broadcast to every parallel instance: a device's state, a grid-intensity
 * interval or a model manifest. A Flink POJO: exactly one field is set.
 */
public class RouterUpdate {

    public DeviceState device;
    public GridIntensity intensity;
    public ModelManifest model;

    public RouterUpdate() {
    }

    public static RouterUpdate of(DeviceState device) {
        RouterUpdate u = new RouterUpdate();
        u.device = device;
        return u;
    }

    public static RouterUpdate of(GridIntensity intensity) {
        RouterUpdate u = new RouterUpdate();
        u.intensity = intensity;
        return u;
    }

    public static RouterUpdate of(ModelManifest model) {
        RouterUpdate u = new RouterUpdate();
        u.model = model;
        return u;
    }

    @Override
    public String toString() {
        return device != null ? "device " + device.getDeviceId()
                : intensity != null ? "intensity " + intensity.getZone() : "model " + model.getModelId();
    }
}
