package org.carbonedge.core.routing;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.core.energy.EnergyModel;
import org.carbonedge.core.planning.DeviceView;
import org.carbonedge.core.planning.ModelView;
import org.carbonedge.core.planning.Variant;
import org.carbonedge.schemas.ExecutionTimeKeys;
import org.carbonedge.schemas.validation.ManifestValidator;

/**
 * The router's small tables — devices and models — turned into the planner's views. Execution times the devices
 * report (per model partition) become each device's observed times and, scaled by quota, the model's reference
 * times; until any device has run a partition, the reference comes from its multiply-accumulates at a calibrated
 * speed. Views are rebuilt only when a table changes, so a decision reads prepared arrays.
 */
public final class RoutingTables implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double defaultNanosPerMac;
    private final Duration heartbeatStaleness;
    private final Map<String, DeviceState> devices = new HashMap<>();
    private final Map<String, ModelManifest> models = new HashMap<>();
    private transient List<DeviceView> deviceViews;
    private transient Map<String, ModelView> modelViews;

    /**
     * @param defaultNanosPerMac reference speed before observations (ns per multiply-accumulate on one core)
     * @param heartbeatStaleness a device whose last heartbeat is older than this is treated as down
     */
    public RoutingTables(double defaultNanosPerMac, Duration heartbeatStaleness) {
        this.defaultNanosPerMac = defaultNanosPerMac;
        this.heartbeatStaleness = heartbeatStaleness;
    }

    public void put(DeviceState state) {
        devices.put(state.getDeviceId(), state);
        deviceViews = null;
        modelViews = null; // reference times learn from device observations
    }

    public void put(ModelManifest manifest) {
        ModelManifest old = models.get(manifest.getModelId());
        if (old == null || manifest.getVersion() >= old.getVersion()) {
            models.put(manifest.getModelId(), manifest);
            modelViews = null;
            deviceViews = null;
        }
    }

    public ModelManifest manifest(String modelId) {
        return models.get(modelId);
    }

    /**
     * The variants that may serve a request for {@code manifest}'s model under an accuracy floor: every model of its
     * family whose accuracy is known, usable ({@link ManifestValidator}) and measured with the same metric, and whose
     * inputs and outputs match the model named (a manifest written to the topic around registration's checks is
     * left out, not trusted); just the model itself when it has no family. Empty when the model's own accuracy is
     * unknown: a floor cannot be checked against it.
     */
    public List<Variant> variants(ModelManifest manifest) {
        ModelAccuracy own = manifest.getAccuracy();
        if (own == null || ManifestValidator.accuracyProblem(own).isPresent()) {
            return List.of();
        }
        List<Variant> out = new ArrayList<>();
        String family = manifest.getFamily();
        for (ModelManifest m : family == null ? List.of(manifest) : models.values()) {
            ModelAccuracy a = m.getAccuracy();
            if ((family == null || family.equals(m.getFamily())) && a != null
                    && ManifestValidator.accuracyProblem(a).isEmpty() && a.getMetric().equals(own.getMetric())
                    && (m == manifest || ManifestValidator.familyMismatch(m, manifest).isEmpty())) {
                ModelView view = model(m.getModelId());
                if (view != null) {
                    out.add(new Variant(view, a.getValue()));
                }
            }
        }
        return out;
    }

    public ModelView model(String modelId) {
        if (modelViews == null) {
            modelViews = new HashMap<>();
        }
        return modelViews.computeIfAbsent(modelId, this::buildModel);
    }

    /** Devices as the planner sees them at {@code now} (stale heartbeats count as down). */
    public List<DeviceView> devices(Instant now) {
        if (deviceViews == null) {
            deviceViews = new ArrayList<>(devices.size());
            for (DeviceState d : devices.values()) {
                deviceViews.add(view(d, true));
            }
        }
        boolean anyStale = false;
        for (DeviceState d : devices.values()) {
            if (stale(d, now)) {
                anyStale = true;
                break;
            }
        }
        if (!anyStale) {
            return deviceViews;
        }
        List<DeviceView> fresh = new ArrayList<>(devices.size());
        for (DeviceState d : devices.values()) {
            fresh.add(view(d, !stale(d, now)));
        }
        return fresh;
    }

    public int deviceCount() {
        return devices.size();
    }

    private boolean stale(DeviceState d, Instant now) {
        return d.getLastHeartbeatAt().plus(heartbeatStaleness).isBefore(now);
    }

    private DeviceView view(DeviceState d, boolean fresh) {
        double embodiedPerSecond = EnergyModel.embodiedGco2PerSecond(d.getEmbodiedKgco2e(), d.getLifetimeHours());
        return new DeviceView(d.getDeviceId(), d.getZone(), d.getCpuQuota(), d.getMemoryBytes(), d.getFreeMemoryBytes(),
                d.getIdleWatts(), d.getMaxWatts(), d.getLoad(), d.getTaskCount(),
                fresh && d.getStatus() == DeviceStatus.UP, embodiedPerSecond, observed(d), observedWhole(d),
                d.getLastHeartbeatAt().toEpochMilli());
    }

    /** The "modelId/whole" entries: whole-model times of models this table knows. */
    private Map<String, Double> observedWhole(DeviceState d) {
        Map<String, Double> byModel = new HashMap<>();
        d.getAvgExecutionMillis().forEach((key, ms) -> {
            int slash = key.lastIndexOf('/');
            if (slash > 0 && key.substring(slash + 1).equals(ExecutionTimeKeys.WHOLE) && ms != null && ms > 0
                    && ms < Double.POSITIVE_INFINITY
                    && models.containsKey(key.substring(0, slash))) {
                byModel.put(key.substring(0, slash), ms);
            }
        });
        return byModel;
    }

    /** Parses the "modelId/partition" → ms map once per state update ("modelId/whole" is read separately). */
    private Map<String, double[]> observed(DeviceState d) {
        Map<String, double[]> byModel = new HashMap<>();
        d.getAvgExecutionMillis().forEach((key, ms) -> {
            int slash = key.lastIndexOf('/');
            if (slash <= 0) {
                return;
            }
            String modelId = key.substring(0, slash);
            ModelManifest m = models.get(modelId);
            int p;
            try {
                p = Integer.parseInt(key.substring(slash + 1));
            } catch (NumberFormatException e) {
                return;
            }
            if (m == null || p < 0 || p >= m.getPartitions().size()) {
                return;
            }
            byModel.computeIfAbsent(modelId, k -> new double[m.getPartitions().size()])[p] = ms;
        });
        return byModel;
    }

    private ModelView buildModel(String modelId) {
        ModelManifest m = models.get(modelId);
        if (m == null) {
            return null;
        }
        int k = m.getPartitions().size();
        if (k == 0) {
            return null; // nothing to run: the router refuses requests for it
        }
        long[] macs = new long[k];
        long[] out = new long[k];
        long[] params = new long[k];
        double[] reference = new double[k];
        double[] sum = new double[k];
        int[] count = new int[k];
        double wholeSum = 0;
        int wholeCount = 0;
        for (DeviceState d : devices.values()) {
            Double whole = observedWhole(d).get(modelId);
            if (whole != null && d.getCpuQuota() > 0 && d.getCpuQuota() < Double.POSITIVE_INFINITY) {
                wholeSum += whole * d.getCpuQuota();
                wholeCount++;
            }
            double[] obs = observed(d).get(modelId);
            if (obs == null) {
                continue;
            }
            for (int p = 0; p < k; p++) {
                if (obs[p] > 0 && obs[p] < Double.POSITIVE_INFINITY && d.getCpuQuota() > 0
                        && d.getCpuQuota() < Double.POSITIVE_INFINITY) {
                    sum[p] += obs[p] * d.getCpuQuota();
                    count[p]++;
                }
            }
        }
        // a partition no device ran on its own gets its multiply-add share of the whole model's observed time, or
        // the calibrated time per multiply-add when no device ran the model at all
        double totalMacs = Math.max(1, m.getTotalMacs());
        for (int p = 0; p < k; p++) {
            PartitionSpec s = m.getPartitions().get(p);
            macs[p] = s.getMacs();
            out[p] = s.getOutputBytes();
            params[p] = s.getParameterBytes();
            reference[p] = count[p] > 0 ? sum[p] / count[p]
                    : wholeCount > 0 ? wholeSum / wholeCount * Math.max(1, s.getMacs()) / totalMacs
                    : Math.max(1, s.getMacs()) * defaultNanosPerMac / 1e6;
        }
        long inputBytes = 0;
        return new ModelView(modelId, m.getVersion(), macs, out, params, inputBytes, reference);
    }
}
