package org.carbonedge.jobs.emissions;

import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;

/**
 * Whether a device can still be expected to report, and which device can take over a stage from one that cannot.
 */
final class DeviceLiveness {

    private static final Comparator<DeviceState> LEAST_BUSY = Comparator.comparingDouble(DeviceState::getLoad)
            .thenComparingInt(DeviceState::getTaskCount)
            .thenComparing(DeviceState::getDeviceId);

    private DeviceLiveness() {
    }

    /** Not DOWN and heard from within {@code staleness}; an unknown device (null) is not alive. */
    static boolean alive(DeviceState device, long nowMillis, Duration staleness) {
        return device != null && device.getStatus() != DeviceStatus.DOWN && fresh(device, nowMillis, staleness);
    }

    /** The least busy UP device with a fresh heartbeat other than {@code excludedDeviceId}. */
    static Optional<DeviceState> replacement(Iterable<DeviceState> devices, String excludedDeviceId, long nowMillis,
                                             Duration staleness) {
        DeviceState best = null;
        for (DeviceState d : devices) {
            if (d.getStatus() == DeviceStatus.UP && !d.getDeviceId().equals(excludedDeviceId)
                    && fresh(d, nowMillis, staleness) && (best == null || LEAST_BUSY.compare(d, best) < 0)) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Words for the state of a device, for reasons. */
    static String describe(DeviceState device, long nowMillis) {
        if (device == null) {
            return "unknown (no device state)";
        }
        return device.getStatus() + ", last heartbeat " + (nowMillis - device.getLastHeartbeatAt().toEpochMilli()) + " ms ago";
    }

    private static boolean fresh(DeviceState device, long nowMillis, Duration staleness) {
        return nowMillis - device.getLastHeartbeatAt().toEpochMilli() <= staleness.toMillis();
    }
}
