package org.carbonedge.core.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PlanDeferral;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.carbon.IntensityLookup;
import org.carbonedge.core.planning.DeviceView;
import org.carbonedge.core.planning.ModelView;
import org.carbonedge.core.planning.Plan;
import org.carbonedge.core.planning.AccuracyObjective;
import org.carbonedge.core.planning.PlannedStage;
import org.carbonedge.core.planning.Variant;
import org.carbonedge.core.planning.VariantPlanner;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.Policy;
import org.carbonedge.core.scheduling.Deferral;
import org.carbonedge.core.scheduling.DeferralConfig;
import org.carbonedge.core.scheduling.DeferralPlanner;
import org.carbonedge.core.scheduling.ReleaseCalendar;
import org.carbonedge.core.scheduling.ZoneOutlook;
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
    private final VariantPlanner variants;
    /** Mean accuracy objectives by the request label they hold for ("tenant=acme"). */
    private final Map<String, AccuracyObjective> objectives = new java.util.LinkedHashMap<>();
    /** What each objective's stream delivered in its current window. */
    private final Map<String, AccuracyObjective.Tally> tallies = new java.util.HashMap<>();
    private final DeferralPlanner deferral;
    private final ZoneOutlook outlook = new ZoneOutlook();
    private final ReleaseCalendar calendar;
    private double[] intensityBuffer = new double[16];
    private double[] ageBuffer = new double[16];

    /**
     * @param defaultGco2PerKwh intensity assumed for a zone the feed has not covered
     */
    public RequestRouter(RoutingTables tables, IntensityLookup intensity, Planner planner, RequestValidator validator,
                         double defaultGco2PerKwh) {
        this(tables, intensity, planner, validator, defaultGco2PerKwh, DeferralConfig.defaults(), 1);
    }

    /**
     * @param deferral      how deferrable requests are held
     * @param shareOfDevice share of each device's time this router may promise to its held requests: 1 over the
     *                      number of routers planning in parallel, so together they promise no more than
     *                      {@link DeferralConfig#maxBusyShare()}
     */
    public RequestRouter(RoutingTables tables, IntensityLookup intensity, Planner planner, RequestValidator validator,
                         double defaultGco2PerKwh, DeferralConfig deferral, double shareOfDevice) {
        this.tables = tables;
        this.intensity = intensity;
        this.planner = planner;
        this.validator = validator;
        this.defaultGco2PerKwh = defaultGco2PerKwh;
        this.hops = new HopLatency(planner.config().hopLatencyMillis());
        this.variants = new VariantPlanner(planner);
        DeferralConfig shared = new DeferralConfig(deferral.slot(), deferral.minMargin(), deferral.marginShare(),
                deferral.maxBusyShare() * shareOfDevice, deferral.maxHold());
        this.deferral = new DeferralPlanner(planner, shared);
        this.calendar = new ReleaseCalendar(shared);
    }

    /**
     * Holds requests labelled {@code name=value} (see {@code labelKey}) without an accuracy floor to {@code objective}:
     * such a request for a model of a family is served by the variant {@link AccuracyObjective#choose} picks, and
     * the stream's mean over each window stays at or above the target.
     */
    public void hold(String labelKey, AccuracyObjective objective) {
        objectives.put(labelKey, objective);
    }

    /** The objectives' current tallies, by label key: what a stream processor checkpoints. */
    public Map<String, AccuracyObjective.Tally> tallies() {
        return java.util.Collections.unmodifiableMap(tallies);
    }

    /**
     * Restores tallies from a checkpoint; two for the same label and window (state of parallel routers merged on
     * rescale) add up, so the guarantee holds on their sum.
     */
    public void restoreTally(String labelKey, AccuracyObjective.Tally tally) {
        tallies.merge(labelKey, tally, (a, b) -> a.windowStartMillis() != b.windowStartMillis()
                ? (a.windowStartMillis() > b.windowStartMillis() ? a : b)
                : new AccuracyObjective.Tally(a.windowStartMillis(), a.served() + b.served(),
                a.accuracySum() + b.accuracySum()));
    }

    /** The intensities expected ahead, per zone: fed by the caller with measured values and forecasts. */
    public ZoneOutlook outlook() {
        return outlook;
    }

    /**
     * Device time promised to held requests. A router that restarts rebuilds it by {@link #restoreHold} for each
     * ticket it kept.
     */
    public ReleaseCalendar calendar() {
        return calendar;
    }

    /** Promises a kept ticket's device time again (after a restart, whose calendar starts empty). */
    public void restoreHold(HoldTicket ticket) {
        calendar.reserve(ticket.promisedStages(), ticket.slotStartMillis());
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
        Plan plan = null;
        Variant variant = null;
        String objectiveKey = request.getAccuracyFloor() == null ? objectiveOf(request) : null;
        if (objectiveKey != null) {
            List<Variant> family = tables.variants(manifest);
            if (!family.isEmpty()) {
                AccuracyObjective objective = objectives.get(objectiveKey);
                AccuracyObjective.Tally tally = objective.current(tallies.get(objectiveKey), now);
                List<Variant> allowed = new ArrayList<>();
                List<Plan> plans = new ArrayList<>();
                double floor = objective.floor(tally);
                for (Variant v : family) {
                    if (v.accuracy() >= floor) {
                        Plan p = planner.plan(policy, v.model(), devices, gco2, reportAges(devices, now), budget, hop);
                        if (p != null) {
                            allowed.add(v);
                            plans.add(p);
                        }
                    }
                }
                double[] accuracy = new double[allowed.size()];
                double[] expected = new double[allowed.size()];
                for (int i = 0; i < accuracy.length; i++) {
                    accuracy[i] = allowed.get(i).accuracy();
                    expected[i] = plans.get(i).expectedGco2();
                }
                int chosen = objective.choose(accuracy, expected, tally, gco2Now(plans, now), windowMean(plans, objective, now));
                if (chosen < 0) {
                    return new RoutingDecision.Retry(allowed.isEmpty() && !family.isEmpty()
                            ? "no variant at or above the objective's floor " + floor + " can be planned"
                            : "no variant can be planned");
                }
                variant = allowed.get(chosen);
                plan = plans.get(chosen);
                model = variant.model();
                manifest = tables.manifest(model.modelId());
                tallies.put(objectiveKey, tally.plus(variant.accuracy()));
            }
        } else if (request.getAccuracyFloor() != null) {
            List<Variant> family = tables.variants(manifest);
            if (family.isEmpty()) {
                return new RoutingDecision.Rejected("model '" + request.getModelId() + "' has no usable registered"
                        + " accuracy, so an accuracy floor cannot be checked (register it with model add --accuracy)");
            }
            VariantPlanner.Choice choice = variants.choose(policy, family, request.getAccuracyFloor(), devices, gco2,
                    reportAges(devices, now), budget, hop);
            if (choice == null) {
                String why = variants.noChoiceReason();
                return why.startsWith("no variant reaches") ? new RoutingDecision.Rejected(why)
                        : new RoutingDecision.Retry(why);
            }
            variant = choice.variant();
            plan = choice.plan();
            model = variant.model();
            manifest = tables.manifest(model.modelId());
        }
        if (request.getDeferrable() && request.getDeadlineAt() != null) {
            return named(decideDeferrable(request, manifest, model, devices, gco2, policy, budget, hop, now, t0),
                    request, variant, manifest);
        }
        if (plan == null) {
            plan = planner.plan(policy, model, devices, gco2, reportAges(devices, now), budget, hop);
        }
        long schedulingNanos = System.nanoTime() - t0;
        if (plan == null) {
            return new RoutingDecision.Retry(planner.noPlanReason());
        }
        ExecutionPlan avro = PlanMapper.toAvro(plan, manifest.getVersion(), now, schedulingNanos, request.getLatencySloMillis(),
                request.getAttributes());
        return named(new RoutingDecision.Routed(PlanMapper.firstTask(request, avro, now)), request, variant, manifest);
    }

    /** The label key of the objective {@code request} is held to, or null. */
    private String objectiveOf(InferenceRequest request) {
        if (objectives.isEmpty()) {
            return null;
        }
        for (String key : objectives.keySet()) {
            int eq = key.indexOf('=');
            if (key.substring(eq + 1).equals(request.getAttributes().get(key.substring(0, eq)))) {
                return key;
            }
        }
        return null;
    }

    /** The intensity now of the first stage's zone of the first plan (the variants run where the planner put them). */
    private double gco2Now(List<Plan> plans, Instant now) {
        if (plans.isEmpty()) {
            return Double.NaN;
        }
        String zone = plans.get(0).stages().get(0).zone();
        return intensity.at(zone, SignalType.AVERAGE, now).map(Intensity::gco2PerKwh).orElse(defaultGco2PerKwh);
    }

    /**
     * The intensity expected over the rest of the objective's window in the first plan's zone: the forecasts' mean,
     * NaN when there are none (then now is taken as the expectation).
     */
    private double windowMean(List<Plan> plans, AccuracyObjective objective, Instant now) {
        if (plans.isEmpty()) {
            return Double.NaN;
        }
        String zone = plans.get(0).stages().get(0).zone();
        long end = objective.windowOf(now) + objective.window().toMillis();
        double sum = 0;
        int n = 0;
        for (long t = now.toEpochMilli(); t < end; t += 300_000) {
            double v = outlook.gco2PerKwh(zone, now, Instant.ofEpochMilli(t));
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * A decision for a request served by {@code variant} of its family (null: exactly the model named): its task runs
     * the variant, and its plan names the family, the variant's accuracy and the model the request named.
     */
    private static RoutingDecision named(RoutingDecision decision, InferenceRequest request, Variant variant,
                                         ModelManifest manifest) {
        if (variant == null || !(decision instanceof RoutingDecision.Routed r)) {
            return decision; // a held request is decided again at its release, variant and all
        }
        r.task().setModelId(variant.model().modelId());
        ExecutionPlan plan = r.task().getPlan();
        plan.setFamily(manifest.getFamily());
        plan.setAccuracy(variant.accuracy());
        plan.setRequestedModelId(request.getModelId());
        return decision;
    }

    /**
     * A deferrable request: held when a later release is expected to emit less and still meets its deadline with
     * a margin ({@link DeferralPlanner}); otherwise run at once, its plan saying it could have waited (so its
     * record carries the counterfactual, equal to what it emits).
     */
    private RoutingDecision decideDeferrable(InferenceRequest request, ModelManifest manifest, ModelView model,
                                             List<DeviceView> devices, double[] gco2, Policy policy, Double budget,
                                             double hop, Instant now, long t0) {
        Deferral d = deferral.decide(policy, model, devices, gco2, reportAges(devices, now), budget, hop, outlook,
                calendar, now, request.getDeadlineAt());
        long schedulingNanos = System.nanoTime() - t0;
        if (d.plan() == null) {
            return new RoutingDecision.Retry(d.reason());
        }
        Map<String, Double> atHold = zoneIntensities(devices, gco2);
        if (d.runsNow(now)) {
            ExecutionPlan avro = PlanMapper.toAvro(d.plan(), manifest.getVersion(), now, schedulingNanos,
                    request.getLatencySloMillis(), request.getAttributes());
            avro.setDeferral(new PlanDeferral(now, now, d.runNowGco2(), atHold, d.reason()));
            return new RoutingDecision.Routed(PlanMapper.firstTask(request, avro, now));
        }
        HoldTicket ticket = ticket(request.getModelId(), request.getPolicy(), request.getLatencySloMillis(),
                request.getSubmittedAt().toEpochMilli(), request.getDeadlineAt().toEpochMilli(), now.toEpochMilli(),
                now, d, atHold);
        calendar.reserve(d.plan().stages(), ticket.slotStartMillis());
        return new RoutingDecision.Held(ticket);
    }

    /**
     * Decides a held request again, with the intensities and forecasts known now: released at once (the result is
     * null, its device time still promised: call {@link #release}), or held on to the same or another release time
     * (the new ticket, its device time promised in place of the old). The counterfactual stays the one of the first
     * decision.
     */
    public HoldTicket reconsider(HoldTicket held, Instant now) {
        if (now.toEpochMilli() >= held.releaseAtMillis()) {
            return null;
        }
        ModelView model = tables.model(held.modelId());
        List<DeviceView> devices = tables.devices(now);
        if (model == null || devices.isEmpty()) {
            return null; // nothing to plan with any more: release, and let routing say why
        }
        double[] gco2 = intensities(devices, now);
        double hop = hops.millis();
        Double budget = held.latencySloMillis() == null ? null : held.latencySloMillis() - 2 * hop;
        calendar.cancel(held.promisedStages(), held.slotStartMillis()); // its own promise is no obstacle to itself
        Deferral d = deferral.decide(Policy.parse(held.policy()), model, devices, gco2, reportAges(devices, now),
                budget, hop, outlook, calendar, now, Instant.ofEpochMilli(held.deadlineMillis()));
        if (d.plan() == null || d.runsNow(now)) {
            calendar.reserve(held.promisedStages(), held.slotStartMillis()); // {@link #release} gives it back
            return null;
        }
        HoldTicket next = ticket(held.modelId(), held.policy(), held.latencySloMillis(), held.submittedAtMillis(),
                held.deadlineMillis(), held.heldAtMillis(), now, d, held.gco2PerKwhAtHoldByZone());
        next = new HoldTicket(next.modelId(), next.policy(), next.latencySloMillis(), next.submittedAtMillis(),
                next.deadlineMillis(),
                next.heldAtMillis(), next.decidedAtMillis(), next.releaseAtMillis(), next.slotStartMillis(),
                next.expectedGco2(), held.runNowGco2(), next.reason(), held.zones(), held.gco2PerKwhAtHold(),
                next.stageDeviceIds(), next.stageMillis());
        calendar.reserve(d.plan().stages(), next.slotStartMillis());
        return next;
    }

    /**
     * Routes a held request at its release: planned at once with the intensities of now, its plan carrying when it
     * was held and released and the intensities at hold time (its emission record's counterfactual). Its promised
     * device time is given back first. A request that cannot be planned any more is a {@link RoutingDecision.Retry}
     * as any other. {@code request}'s {@code deferrable} flag is cleared in place (it is routed, and retried, as a
     * request that cannot wait): copying it would copy its tensors.
     */
    public RoutingDecision release(InferenceRequest request, HoldTicket held, Instant now) {
        calendar.cancel(held.promisedStages(), held.slotStartMillis());
        request.setDeferrable(false);
        RoutingDecision decision = route(request, now);
        if (decision instanceof RoutingDecision.Routed r) {
            r.task().getPlan().setDeferral(new PlanDeferral(Instant.ofEpochMilli(held.heldAtMillis()), now,
                    held.runNowGco2(), held.gco2PerKwhAtHoldByZone(),
                    "held " + java.time.Duration.ofMillis(Math.max(0, now.toEpochMilli() - held.heldAtMillis()))
                            .toMinutes() + " min: " + held.reason()));
        }
        return decision;
    }

    /** Gives a held request's promised device time back (it was rejected or failed instead of released). */
    public void forget(HoldTicket held) {
        calendar.cancel(held.promisedStages(), held.slotStartMillis());
    }

    private HoldTicket ticket(String modelId, String policy, Double sloMillis, long submittedAtMillis,
                              long deadlineMillis, long heldAtMillis, Instant now, Deferral d,
                              Map<String, Double> atHold) {
        List<PlannedStage> stages = d.plan().stages();
        String[] deviceIds = new String[stages.size()];
        double[] millis = new double[stages.size()];
        for (int i = 0; i < deviceIds.length; i++) {
            deviceIds[i] = stages.get(i).deviceId();
            millis[i] = stages.get(i).expectedMillis();
        }
        String[] zones = atHold.keySet().toArray(new String[0]);
        double[] values = new double[zones.length];
        for (int i = 0; i < zones.length; i++) {
            values[i] = atHold.get(zones[i]);
        }
        return new HoldTicket(modelId, policy, sloMillis, submittedAtMillis, deadlineMillis, heldAtMillis,
                now.toEpochMilli(),
                d.releaseAt().toEpochMilli(), calendar.slotOf(d.releaseAt()), d.expectedGco2(), d.runNowGco2(),
                d.reason(), zones, values, deviceIds, millis);
    }

    private static Map<String, Double> zoneIntensities(List<DeviceView> devices, double[] gco2) {
        Map<String, Double> byZone = new TreeMap<>();
        for (int i = 0; i < devices.size(); i++) {
            byZone.putIfAbsent(devices.get(i).zone(), gco2[i]);
        }
        return byZone;
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
