package org.carbonedge.jobs.router;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.IntensityTable;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.AccuracyObjective;
import org.carbonedge.core.routing.HoldTicket;
import org.carbonedge.core.routing.RequestRouter;
import org.carbonedge.core.routing.RoutingDecision;
import org.carbonedge.core.routing.RoutingTables;
import org.carbonedge.jobs.kafka.DeadLetters;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.dlq.DeadLetterRecords;
import org.carbonedge.schemas.validation.RequestValidator;

/**
 * Plans each request against the broadcast tables (devices, models, grid intensity) and emits the first stage's
 * task. A request that cannot be planned yet (no eligible device, model not known yet) waits in keyed state and is
 * retried on a processing-time timer with doubling delays until its deadline, then becomes a REJECTED emission
 * record; an invalid request goes to the dead-letter output with the reason. Nothing is dropped silently.
 *
 * <p>One request never fails the job: any exception while routing it (a planner bug, figures nothing anticipated)
 * dead-letters that request with the reason and the stack trace, and the job goes on (before, one hostile policy made
 * Flink restart the job until it gave up, and 917 of 1,000 accepted requests got no outcome). Failures of the state
 * backend itself still fail the job: they are not about one request.
 *
 * <p>A request id is run once: its first arrival leaves a "seen" marker (keyed state, in checkpoints) for
 * {@link RouterConfig#seenRetention()}, the emissions job's finished-request retention, and a different request
 * arriving with an id seen within it is dead-lettered as a duplicate (before, both ran and the emissions job wrote one
 * record mixing the two runs). The very same request arriving again is a redelivery (the validation hop is
 * at-least-once, so a restart re-sends requests): it is dropped without a dead letter, which would make clients fail
 * a request that is running. A cleanup timer removes the marker, so once a request is routed or rejected and its
 * retention has passed it leaves no state or timer behind.
 *
 * <p>A deferrable request may be held for a cleaner grid ({@link RequestRouter}'s deferral): the function then keeps
 * its {@link HoldTicket} and its Kafka position, never its tensors, publishes a {@link HeldRequest} notice
 * (side output {@link #HELD}), and sets a timer at the planned release or one deferral slot ahead, whichever is
 * first. At each such timer the request is decided again with the intensities and forecasts known then (it may run
 * at once, keep its release or move it); at its release it is read back from its position
 * ({@link HeldRequestReader}) and routed at once, its plan carrying the hold. A request that cannot be read back ends
 * REJECTED with the reason. Tickets, positions and timers are keyed state in checkpoints: a restore loses no held
 * request and releases none twice. The device time promised to held requests (the release calendar) is rebuilt from
 * the kept tickets after a restore. A request read from no Kafka position (in-memory sources) is held whole.
 */
public final class RouteFunction extends KeyedBroadcastProcessFunction<String, PositionedRequest, RouterUpdate, PartitionTask>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** Broadcast state: deviceId → latest state. */
    public static final MapStateDescriptor<String, DeviceState> DEVICES = new MapStateDescriptor<>(
            "router-devices", Types.STRING, new AvroTypeInfo<>(DeviceState.class));
    /** Broadcast state: modelId → latest manifest. */
    public static final MapStateDescriptor<String, ModelManifest> MODELS = new MapStateDescriptor<>(
            "router-models", Types.STRING, new AvroTypeInfo<>(ModelManifest.class));
    /** Broadcast state: zone → kept intensity intervals. */
    public static final MapStateDescriptor<String, List<GridIntensity>> INTENSITY = new MapStateDescriptor<>(
            "router-intensity", Types.STRING, Types.LIST(new AvroTypeInfo<>(GridIntensity.class)));
    /** Side output: notices of requests held for a cleaner grid, and of their moved releases. */
    public static final OutputTag<HeldRequest> HELD =
            new OutputTag<>("held-requests", new AvroTypeInfo<>(HeldRequest.class));
    /** Keyed state: the ticket of a held request. */
    static final ValueStateDescriptor<HoldTicket> HELD_TICKET =
            new ValueStateDescriptor<>("held-ticket", TypeInformation.of(HoldTicket.class));
    /** Side output: requests given up on at their deadline. */
    public static final OutputTag<EmissionRecord> REJECTED =
            new OutputTag<>("rejected-requests", new AvroTypeInfo<>(EmissionRecord.class));

    private final RouterConfig config;
    private final HeldRequestReader.Factory readers;

    private transient RoutingTables tables;
    private transient IntensityTable intensities;
    private transient RequestRouter router;
    private transient boolean loaded;
    private transient ValueState<InferenceRequest> pending;
    private transient ValueState<Integer> retries;
    private transient ValueState<Long> timer;
    /** The duplicate marker: processing time of the request id's first arrival (ms), and that request's hash. */
    private transient ValueState<Tuple2<Long, Integer>> firstSeen;
    private transient Counter duplicates;
    private transient Counter redelivered;
    private transient Counter failed;
    private transient Counter routed;
    private transient Counter rejected;
    private transient Counter invalid;
    private transient Counter retried;
    private transient ValueState<HoldTicket> held;
    /** Where a held request is in {@code carbonedge.validated-requests}: partition, offset. */
    private transient ValueState<Tuple2<Integer, Long>> heldPosition;
    /** A held request that came from no Kafka position, whole. */
    private transient ValueState<InferenceRequest> heldWhole;
    private transient HeldRequestReader reader;
    /** Keys held in this run before the kept tickets' device time was promised again (not to promise it twice). */
    private transient Set<String> heldBeforeRebuild;
    private transient boolean holdsRebuilt;
    private transient long heldCount;
    private transient double heldSavingGco2;
    private transient long lastForgetMillis;
    private transient Counter deferred;
    private transient Counter released;
    private transient Counter replanned;
    private transient Counter unreadable;
    /** The mean accuracy objectives' tallies (label key, window start, served, accuracy sum), operator state. */
    private transient ListState<Tuple4<String, Long, Long, Double>> tallyState;
    private transient List<Tuple4<String, Long, Long, Double>> restoredTallies;

    /** A router whose held requests from Kafka positions are read back with {@code readers}. */
    public RouteFunction(RouterConfig config, HeldRequestReader.Factory readers) {
        this.config = config;
        this.readers = readers;
    }

    /** A router that reads nothing back: every held request is kept whole (in-memory sources). */
    public RouteFunction(RouterConfig config) {
        this(config, null);
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-request", new AvroTypeInfo<>(InferenceRequest.class)));
        retries = getRuntimeContext().getState(new ValueStateDescriptor<>("retries", Types.INT));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("retry-timer", Types.LONG));
        firstSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("first-seen",
                Types.TUPLE(Types.LONG, Types.INT)));
        held = getRuntimeContext().getState(HELD_TICKET);
        heldPosition = getRuntimeContext().getState(new ValueStateDescriptor<>("held-position",
                Types.TUPLE(Types.INT, Types.LONG)));
        heldWhole = getRuntimeContext().getState(new ValueStateDescriptor<>("held-whole",
                new AvroTypeInfo<>(InferenceRequest.class)));
        reader = readers == null ? null : readers.create();
        heldBeforeRebuild = new HashSet<>();
        tables = new RoutingTables(config.defaultNanosPerMac(), config.heartbeatStaleness());
        intensities = new IntensityTable(config.intensityLimits());
        // parallel routers each promise their share of a device's time to their held requests
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        router = new RequestRouter(tables, intensities, new Planner(config.planner()),
                new RequestValidator(config.maxRequestBytes()).withMaxClockSkew(config.maxClockSkew()),
                config.accounting().defaultIntensity().gco2PerKwh(), config.deferral(), 1.0 / parallelism);
        config.objectives().forEach(router::hold);
        if (restoredTallies != null) {
            restoredTallies.forEach(t -> router.restoreTally(t.f0, new AccuracyObjective.Tally(t.f1, t.f2, t.f3)));
        }
        var metrics = getRuntimeContext().getMetricGroup();
        routed = metrics.counter("requestsRouted");
        rejected = metrics.counter("requestsRejected");
        invalid = metrics.counter("requestsInvalid");
        retried = metrics.counter("requestRetries");
        duplicates = metrics.counter("requestsDuplicate");
        redelivered = metrics.counter("requestsRedelivered");
        failed = metrics.counter("requestsFailed");
        deferred = metrics.counter("requestsDeferred");
        released = metrics.counter("heldRequestsReleased");
        replanned = metrics.counter("heldReleasesMoved");
        unreadable = metrics.counter("heldRequestsUnreadable");
        metrics.gauge("requestsHeld", (Gauge<Long>) () -> heldCount);
        metrics.gauge("heldExpectedSavingGco2", (Gauge<Double>) () -> heldSavingGco2);
    }

    /**
     * The objectives' tallies go into every checkpoint, so a restored job goes on from the counts of the requests
     * before its checkpoint and counts the replayed ones again; on rescale each subtask gets some entries, and two
     * of one label and window add up (the guarantee holds on their sum).
     */
    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<Tuple4<String, Long, Long, Double>> out = new ArrayList<>();
        if (router != null) {
            router.tallies().forEach((k, t) -> out.add(Tuple4.of(k, t.windowStartMillis(), t.served(), t.accuracySum())));
        }
        tallyState.update(out);
    }

    /** The objectives' tallies now (tests check they survive a restore). */
    Map<String, AccuracyObjective.Tally> tallies() {
        return router.tallies();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        tallyState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("accuracy-tallies",
                Types.TUPLE(Types.STRING, Types.LONG, Types.LONG, Types.DOUBLE)));
        if (context.isRestored()) {
            restoredTallies = new ArrayList<>();
            tallyState.get().forEach(restoredTallies::add);
        }
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
    }

    @Override
    public void processElement(PositionedRequest positioned, ReadOnlyContext ctx, Collector<PartitionTask> out)
            throws Exception {
        InferenceRequest request = positioned.request();
        load(ctx);
        long now = ctx.timerService().currentProcessingTime();
        Tuple2<Long, Integer> seen = firstSeen.value();
        int hash = RequestFingerprint.of(request);
        if (seen != null) {
            if (seen.f1 == hash) {
                redelivered.inc(); // the same request again: already being (or been) routed
                return;
            }
            ctx.output(DeadLetters.TAG, DeadLetters.invalid(Topics.VALIDATED_REQUESTS.name(), request.getRequestId(),
                    "duplicate request id '" + request.getRequestId() + "', first seen at " + Instant.ofEpochMilli(seen.f0)
                            + "; not run (ids are remembered for " + config.seenRetention() + ")",
                    config.service(), Instant.ofEpochMilli(now)));
            duplicates.inc();
            return;
        }
        firstSeen.update(Tuple2.of(now, hash));
        ctx.timerService().registerProcessingTimeTimer(cleanupAt(now));
        try {
            router.observeArrival(request, Instant.ofEpochMilli(now));
            RoutingDecision decision = router.route(request, Instant.ofEpochMilli(now));
            if (decision instanceof RoutingDecision.Held h) {
                hold(positioned, h.ticket(), now, ctx);
            } else {
                handle(decision, request, now, ctx, out);
            }
        } catch (RuntimeException e) {
            failed(request, e, now, ctx);
        }
    }

    /** Keeps a held request's ticket and position (not its tensors), publishes the notice, arms its timer. */
    private void hold(PositionedRequest positioned, HoldTicket ticket, long nowMillis, ReadOnlyContext ctx)
            throws Exception {
        InferenceRequest request = positioned.request();
        held.update(ticket);
        if (positioned.hasPosition() && reader != null) {
            heldPosition.update(Tuple2.of(positioned.partition(), positioned.offset()));
        } else {
            heldWhole.update(request);
        }
        if (!holdsRebuilt) {
            heldBeforeRebuild.add(request.getRequestId());
        }
        heldCount++;
        heldSavingGco2 += ticket.runNowGco2() - ticket.expectedGco2();
        deferred.inc();
        ctx.output(HELD, HeldNotices.of(request.getRequestId(), ticket, request.getAttributes()));
        armHeld(ticket, nowMillis, ctx);
    }

    /** The held request's next timer: its release, or one slot ahead to decide again, whichever is first. */
    private void armHeld(HoldTicket ticket, long nowMillis, ReadOnlyContext ctx) throws Exception {
        long next = Math.min(ticket.releaseAtMillis(), nowMillis + config.deferral().slot().toMillis());
        timer.update(next);
        ctx.timerService().registerProcessingTimeTimer(next);
    }

    /** A held request's timer: decide again, and release it when that says now or its release time has come. */
    private void onHeldTimer(HoldTicket ticket, long timestamp, OnTimerContext ctx, Collector<PartitionTask> out)
            throws Exception {
        Instant now = Instant.ofEpochMilli(timestamp);
        forgetEndedSlots(timestamp);
        HoldTicket next;
        try {
            next = router.reconsider(ticket, now);
        } catch (RuntimeException e) {
            next = null; // deciding again failed: release as planned rather than hold on blindly
        }
        if (next != null) {
            held.update(next);
            heldSavingGco2 += (ticket.expectedGco2() - next.expectedGco2());
            if (next.releaseAtMillis() != ticket.releaseAtMillis()) {
                replanned.inc();
                ctx.output(HELD, HeldNotices.of(ctx.getCurrentKey(), next, Map.of()));
            }
            armHeld(next, timestamp, ctx);
            return;
        }
        String requestId = ctx.getCurrentKey();
        InferenceRequest request;
        try {
            request = readHeld(requestId);
        } catch (HeldRequestReader.HeldRequestUnreadable e) {
            router.forget(ticket);
            clearHeld(ticket);
            unreadable.inc();
            ctx.output(REJECTED, Rejections.ofHeld(requestId, ticket, e.getMessage(), now, config.accounting().pue()));
            rejected.inc();
            return;
        }
        clearHeld(ticket);
        released.inc();
        try {
            handle(router.release(request, ticket, now), request, timestamp, ctx, out); // now not deferrable
        } catch (RuntimeException e) {
            failed(request, e, timestamp, ctx);
        }
    }

    private InferenceRequest readHeld(String requestId) throws Exception {
        InferenceRequest whole = heldWhole.value();
        if (whole != null) {
            return whole;
        }
        Tuple2<Integer, Long> position = heldPosition.value();
        if (position == null || reader == null) {
            throw new HeldRequestReader.HeldRequestUnreadable("held request " + requestId + " has no position", null);
        }
        return reader.read(requestId, position.f0, position.f1);
    }

    private void clearHeld(HoldTicket ticket) throws Exception {
        held.clear();
        heldPosition.clear();
        heldWhole.clear();
        heldCount = Math.max(0, heldCount - 1);
        heldSavingGco2 -= ticket.runNowGco2() - ticket.expectedGco2();
    }

    /** Forecast intervals and calendar slots that ended are dropped, at most once a minute. */
    private void forgetEndedSlots(long nowMillis) {
        if (nowMillis - lastForgetMillis >= 60_000) {
            lastForgetMillis = nowMillis;
            router.outlook().forgetBefore(Instant.ofEpochMilli(nowMillis));
            router.calendar().forgetBefore(Instant.ofEpochMilli(nowMillis));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PartitionTask> out) throws Exception {
        // a retry and the marker's cleanup may share one timer (Flink keeps one per key and timestamp): handle both
        Long t = timer.value();
        InferenceRequest request = pending.value();
        if (t != null && t == timestamp) {
            timer.clear();
            HoldTicket ticket = held.value();
            if (ticket != null) {
                load(ctx);
                onHeldTimer(ticket, timestamp, ctx, out);
            } else if (request != null) {
                load(ctx);
                try {
                    RoutingDecision decision = router.route(request, Instant.ofEpochMilli(timestamp));
                    if (decision instanceof RoutingDecision.Held h) {
                        // a deferrable request that waited for a device may now wait for a cleaner grid: it is
                        // held whole, its position was not kept with its retries
                        pending.clear();
                        retries.clear();
                        hold(PositionedRequest.of(request), h.ticket(), timestamp, ctx);
                    } else {
                        handle(decision, request, timestamp, ctx, out);
                    }
                } catch (RuntimeException e) {
                    failed(request, e, timestamp, ctx);
                }
            }
        }
        Tuple2<Long, Integer> seen = firstSeen.value();
        if (seen != null && timestamp >= cleanupAt(seen.f0)) {
            if (pending.value() != null || held.value() != null) {
                // still waiting (for a device, or held for a cleaner grid) past the retention: keep the marker
                ctx.timerService().registerProcessingTimeTimer(timestamp + config.seenRetention().toMillis());
            } else {
                firstSeen.clear();
            }
        }
    }

    private long cleanupAt(long firstSeenMillis) {
        return firstSeenMillis + config.seenRetention().toMillis();
    }

    /** One request's routing threw: dead-letter it with the reason, forget its retries, keep the job running. */
    private void failed(InferenceRequest request, RuntimeException e, long nowMillis, ReadOnlyContext ctx) throws Exception {
        Instant now = Instant.ofEpochMilli(nowMillis);
        String key = request.getRequestId();
        ctx.output(DeadLetters.TAG, DeadLetterRecords.of(Topics.VALIDATED_REQUESTS.name(), -1, -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), null,
                "routing failed: " + e, e, config.service(), now));
        failed.inc();
        HoldTicket ticket = held.value();
        if (ticket != null) {
            router.forget(ticket);
            clearHeld(ticket);
        }
        clear(ctx);
    }

    /**
     * Acts on a decision. A retry keeps {@code request} whole until its deadline (rare: no eligible device); a
     * released request is retried as one that cannot wait.
     */
    private void handle(RoutingDecision decision, InferenceRequest request, long nowMillis, ReadOnlyContext ctx,
                        Collector<PartitionTask> out) throws Exception {
        Instant now = Instant.ofEpochMilli(nowMillis);
        if (decision instanceof RoutingDecision.Held h) {
            // only a first decision holds (retries and releases route as requests that cannot wait)
            throw new IllegalStateException("unexpected hold of " + request.getRequestId() + ": " + h.ticket());
        } else if (decision instanceof RoutingDecision.Routed r) {
            out.collect(r.task());
            routed.inc();
            clear(ctx);
        } else if (decision instanceof RoutingDecision.Invalid i) {
            ctx.output(DeadLetters.TAG, DeadLetters.invalid(Topics.VALIDATED_REQUESTS.name(), request.getRequestId(),
                    i.reason(), config.service(), now));
            invalid.inc();
            clear(ctx);
        } else if (decision instanceof RoutingDecision.Rejected r) {
            ctx.output(REJECTED, Rejections.of(request, r.reason(), now, config.accounting().pue()));
            rejected.inc();
            clear(ctx);
        } else if (decision instanceof RoutingDecision.Retry r) {
            Instant deadline = request.getDeadlineAt() != null ? request.getDeadlineAt()
                    : request.getSubmittedAt().plus(config.defaultDeadline());
            int attempt = retries.value() == null ? 0 : retries.value();
            long next = nowMillis + config.retryDelayMillis(attempt);
            if (next > deadline.toEpochMilli()) {
                ctx.output(REJECTED, Rejections.of(request, r.reason() + " (gave up at the deadline after "
                        + attempt + " retries)", now, config.accounting().pue()));
                rejected.inc();
                clear(ctx);
                return;
            }
            if (pending.value() == null) {
                pending.update(request);
            }
            retries.update(attempt + 1);
            timer.update(next);
            ctx.timerService().registerProcessingTimeTimer(next);
            retried.inc();
        }
    }

    /** Forgets the request's retries (not its duplicate marker, which its own timer removes). */
    private void clear(ReadOnlyContext ctx) throws Exception {
        Long t = timer.value();
        Tuple2<Long, Integer> seen = firstSeen.value();
        if (t != null && (seen == null || t != cleanupAt(seen.f0))) {
            ctx.timerService().deleteProcessingTimeTimer(t);
        }
        pending.clear();
        retries.clear();
        timer.clear();
    }

    @Override
    public void processBroadcastElement(RouterUpdate update, Context ctx, Collector<PartitionTask> out) throws Exception {
        load(ctx);
        if (!holdsRebuilt) {
            rebuildHolds(ctx);
        }
        if (update.device() != null) {
            ctx.getBroadcastState(DEVICES).put(update.device().getDeviceId(), update.device());
            tables.put(update.device());
        } else if (update.model() != null) {
            ctx.getBroadcastState(MODELS).put(update.model().getModelId(), update.model());
            tables.put(update.model());
        } else if (update.intensity() != null) {
            GridIntensity g = update.intensity();
            try {
                intensities.add(g);
            } catch (IllegalArgumentException e) {
                ctx.output(DeadLetters.TAG, DeadLetters.invalid(Topics.GRID_INTENSITY.name(), g.getZone(),
                        e.getMessage(), config.service(), Instant.now()));
                return;
            }
            expect(g);
            BroadcastState<String, List<GridIntensity>> state = ctx.getBroadcastState(INTENSITY);
            state.put(g.getZone(), List.copyOf(intensities.intervals(g.getZone())));
        }
    }

    /** Feeds the deferral outlook: forecasts ahead (by issue time), measured values for now; average signal only. */
    private void expect(GridIntensity g) {
        if (g.getSignal() != SignalType.AVERAGE) {
            return;
        }
        if (g.getKind() == IntensityKind.FORECAST) {
            router.outlook().forecast(g.getZone(), g.getValidFrom(), g.getValidTo(), g.getGco2PerKwh(),
                    g.getPublishedAt() != null ? g.getPublishedAt() : g.getValidFrom());
        } else {
            router.outlook().measured(g.getZone(), g.getValidFrom(), g.getGco2PerKwh());
        }
    }

    /**
     * After a restore the release calendar is empty: promise every kept ticket's device time again (skipping the
     * requests held since, which promised theirs), and count what is held.
     */
    private void rebuildHolds(Context ctx) throws Exception {
        ctx.applyToKeyedState(HELD_TICKET, (key, state) -> {
            HoldTicket t = state.value();
            if (t != null && !heldBeforeRebuild.contains(key)) {
                router.restoreHold(t);
                heldCount++;
                heldSavingGco2 += t.runNowGco2() - t.expectedGco2();
            }
        });
        heldBeforeRebuild = null;
        holdsRebuilt = true;
    }

    /** After a restore the working tables are empty: rebuild them once from broadcast state. */
    private void load(ReadOnlyContext ctx) throws Exception {
        if (loaded) {
            return;
        }
        for (Map.Entry<String, ModelManifest> e : ctx.getBroadcastState(MODELS).immutableEntries()) {
            tables.put(e.getValue());
        }
        for (Map.Entry<String, DeviceState> e : ctx.getBroadcastState(DEVICES).immutableEntries()) {
            tables.put(e.getValue());
        }
        loadIntensity(ctx.getBroadcastState(INTENSITY));
        loaded = true;
    }

    private void load(Context ctx) throws Exception {
        if (loaded) {
            return;
        }
        for (Map.Entry<String, ModelManifest> e : ctx.getBroadcastState(MODELS).entries()) {
            tables.put(e.getValue());
        }
        for (Map.Entry<String, DeviceState> e : ctx.getBroadcastState(DEVICES).entries()) {
            tables.put(e.getValue());
        }
        List<GridIntensity> all = new ArrayList<>();
        for (Map.Entry<String, List<GridIntensity>> e : ctx.getBroadcastState(INTENSITY).entries()) {
            all.addAll(e.getValue());
        }
        all.forEach(intensities::add);
        all.forEach(this::expect);
        loaded = true;
    }

    private void loadIntensity(ReadOnlyBroadcastState<String, List<GridIntensity>> state) throws Exception {
        for (Map.Entry<String, List<GridIntensity>> e : state.immutableEntries()) {
            e.getValue().forEach(intensities::add);
            e.getValue().forEach(this::expect);
        }
    }
}
