package org.carbonedge.core.routing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.carbon.IntensityLookup;
import org.carbonedge.core.planning.DeviceView;
import org.carbonedge.core.planning.ModelView;
import org.carbonedge.core.planning.Plan;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.Policy;
import org.carbonedge.schemas.validation.RequestValidator;

/**
 * Routes one request: validates it against its model, reads each device's grid intensity valid now (a forecast
 * when that is what the feed has), plans with the request's policy and SLO, and builds the first stage's task.
 * Latency objectives are end to end: what a hop through the deployment costs ({@link HopLatency}, learned from
 * the requests it routes) is budgeted for the hop into the router, the hop to the first device and each hop between
 * stages.
 * Plain Java: the Flink router is a thin shell around it. Not thread-safe (the planner reuses buffers).
 */
public final class RequestRouter {

    private final RoutingTables tables;
    private final IntensityLookup intensity;
    private final Planner planner;
    private final RequestValidator validator;
    private final double defaultGco2PerKwh;
    private final HopLatency hops;
    private double[] intensityBuffer = new double[16];
    private double[] ageBuffer = new double[16];

    /**
     * @param defaultGco2PerKwh intensity assumed for a zone the feed has not covered
     */
    public RequestRouter(RoutingTables tables, IntensityLookup intensity, Planner planner, RequestValidator validator,
                         double defaultGco2PerKwh) {
        this.tables = tables;
        this.intensity = intensity;
        this.planner = planner;
        this.validator = validator;
        this.defaultGco2PerKwh = defaultGco2PerKwh;
        this.hops = new HopLatency(planner.config().hopLatencyMillis());
    }

    /**
     * Learns what a hop through the deployment costs from a request seen for the first time: submitted at its
     * {@code submittedAt}, planned {@code now}. Not for retries, whose wait is not a hop.
     */
    public void observeArrival(InferenceRequest request, Instant now) {
        hops.observe(request.getSubmittedAt(), now);
    }

    /** The hop latency plans are costed with now, ms. */
    public double hopLatencyMillis() {
        return hops.millis();
    }

    public RoutingDecision route(InferenceRequest request, Instant now) {
        ModelManifest manifest = tables.manifest(request.getModelId());
        Optional<String> problem = validator.problem(request, manifest, now);
        if (problem.isPresent()) {
            return manifest == null && problem.get().startsWith("unknown model")
                    ? new RoutingDecision.Retry(problem.get())
                    : new RoutingDecision.Invalid(problem.get());
        }
        ModelView model = tables.model(request.getModelId());
        if (model == null) {
            return new RoutingDecision.Invalid("model '" + request.getModelId() + "' version " + manifest.getVersion()
                    + " has no partitions to run");
        }
        List<DeviceView> devices = tables.devices(now);
        if (devices.isEmpty()) {
            return new RoutingDecision.Retry("no device has reported yet");
        }
        double[] gco2 = intensities(devices, now);
        Policy policy = Policy.parse(request.getPolicy());
        long t0 = System.nanoTime();
        // an objective covers the request's hop into the router and the first stage's hop to its device too
        double hop = hops.millis();
        Double budget = request.getLatencySloMillis() == null ? null : request.getLatencySloMillis() - 2 * hop;
        Plan plan = planner.plan(policy, model, devices, gco2, reportAges(devices, now), budget, hop);
        long schedulingNanos = System.nanoTime() - t0;
        if (plan == null) {
            return new RoutingDecision.Retry(planner.noPlanReason());
        }
        ExecutionPlan avro = PlanMapper.toAvro(plan, manifest.getVersion(), now, schedulingNanos, request.getLatencySloMillis(),
                request.getAttributes());
        return new RoutingDecision.Routed(PlanMapper.firstTask(request, avro, now));
    }

    /** How long ago each device reported its load and task count, ms (0 when unknown or in the future). */
    private double[] reportAges(List<DeviceView> devices, Instant now) {
        if (ageBuffer.length < devices.size()) {
            ageBuffer = new double[devices.size() * 2];
        }
        long nowMillis = now.toEpochMilli();
        for (int i = 0; i < devices.size(); i++) {
            long at = devices.get(i).reportedAtEpochMillis();
            ageBuffer[i] = at > 0 ? Math.max(0, nowMillis - at) : 0;
        }
        return ageBuffer;
    }

    private double[] intensities(List<DeviceView> devices, Instant now) {
        if (intensityBuffer.length < devices.size()) {
            intensityBuffer = new double[devices.size() * 2];
        }
        for (int i = 0; i < devices.size(); i++) {
            intensityBuffer[i] = intensity.at(devices.get(i).zone(), SignalType.AVERAGE, now)
                    .map(Intensity::gco2PerKwh).orElse(defaultGco2PerKwh);
        }
        return intensityBuffer;
    }
}
