package org.carbonedge.jobs.emissions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.core.carbon.EmissionAccountant;
import org.carbonedge.core.carbon.IntensityLookup;
import org.carbonedge.core.carbon.IntensityTable;
import org.carbonedge.jobs.kafka.DeadLetters;
import org.carbonedge.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emissions job's one stateful step: per request (keyed by requestId) it collects stage results and the tasks
 * dispatched for each stage, and ends every request it has seen in exactly one {@link EmissionRecord}:
 * <ul>
 *   <li>every stage OK → an OK record from {@link EmissionAccountant}, with the intensity valid when each stage ran
 *       (broadcast grid-intensity history);</li>
 *   <li>a stage ERROR → a FAILED record with the reason and the stages that completed;</li>
 *   <li>nothing for max(30 s, 20 × expected latency) → if the missing stage's device is DOWN or silent and the stage
 *       was not re-dispatched yet, its stored task goes to the least busy other UP device (side output
 *       {@link #REDISPATCHED}) and the timer is re-armed; otherwise a FAILED record "stage N did not report within
 *       X ms".</li>
 * </ul>
 * Duplicates (a stage already OK) are ignored; after a record is emitted all keyed state and timers are cleared.
 * The request is then remembered as finished for {@link EmissionsConfig#doneRetention()} ({@link FinishedRequests},
 * operator state with a union redistribution, so a rescaled job still knows every finished request), and its late
 * events — a task read after its request completed, the result of a replaced attempt — start nothing.
 */
public class EmissionsFunction extends KeyedBroadcastProcessFunction<String, RequestEvent, ContextUpdate, EmissionRecord>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EmissionsFunction.class);

    /** Broadcast state: zone → its kept intensity intervals (all signals). */
    public static final MapStateDescriptor<String, List<GridIntensity>> INTENSITY_STATE = new MapStateDescriptor<>(
            "grid-intensity", Types.STRING, Types.LIST(new AvroTypeInfo<>(GridIntensity.class)));
    /** Broadcast state: deviceId → latest device state. */
    public static final MapStateDescriptor<String, DeviceState> DEVICE_STATE = new MapStateDescriptor<>(
            "device-state", Types.STRING, new AvroTypeInfo<>(DeviceState.class));
    /** Side output: stages to re-dispatch to another device ({@link TaskRefetchFunction} sends the tasks). */
    public static final OutputTag<RedispatchOrder> REDISPATCHED =
            new OutputTag<>("redispatch-orders", TypeInformation.of(RedispatchOrder.class));

    /** Longest a completed request is held after the job's first event while no intensity has been read, ms. */
    static final long STARTUP_INTENSITY_GRACE_MILLIS = 10_000;
    /** How often a held request is re-checked, ms. */
    static final long HOLD_RECHECK_MILLIS = 250;
    /** Time buckets of the finished-request memory (it expires one tenth of the retention at a time). */
    static final int FINISHED_BUCKETS = 10;

    private final EmissionsConfig config;

    private transient EmissionAccountant accountant;
    /** Working copy of {@link #INTENSITY_STATE}, rebuilt from it after a restore. */
    private transient IntensityTable intensities;
    private transient ValueState<RequestMeta> meta;
    private transient MapState<Integer, PartitionResult> completed;
    private transient MapState<Integer, TaskSeen> tasks;
    private transient ValueState<Long> deadline;
    /** Requests finished within {@link EmissionsConfig#doneRetention()}: operator state, not a key per request. */
    private transient FinishedRequests finished;
    private transient ListState<long[]> finishedState;
    private transient ValueState<Long> heldUntil;
    private transient boolean intensitySeen;
    private transient long firstEventMillis = -1;
    private transient Counter okRecords;
    private transient Counter failedRecords;
    private transient Counter redispatches;
    private transient Counter ignored;

    public EmissionsFunction(EmissionsConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        accountant = new EmissionAccountant(config.accounting());
        meta = getRuntimeContext().getState(new ValueStateDescriptor<>("request", Types.POJO(RequestMeta.class)));
        completed = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "completed-stages", Types.INT, new AvroTypeInfo<>(PartitionResult.class)));
        MapStateDescriptor<Integer, TaskSeen> tasksDescriptor = new MapStateDescriptor<>(
                "dispatched-tasks", Types.INT, TypeInformation.of(TaskSeen.class));
        tasksDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(config.taskTtl())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        tasks = getRuntimeContext().getMapState(tasksDescriptor);
        deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", Types.LONG));
        heldUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("held-until", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        okRecords = metrics.counter("okRecords");
        failedRecords = metrics.counter("failedRecords");
        redispatches = metrics.counter("redispatches");
        ignored = metrics.counter("ignoredEvents");
    }

    @Override
    public void processElement(RequestEvent event, ReadOnlyContext ctx, Collector<EmissionRecord> out) throws Exception {
        if (firstEventMillis < 0) {
            firstEventMillis = ctx.timerService().currentProcessingTime();
        }
        long now = ctx.timerService().currentProcessingTime();
        if (finished.contains(ctx.getCurrentKey(), now)) {
            ignored.inc();
            return;
        }
        if (event.result() != null) {
            onResult(event.result(), now, ctx, out);
        } else if (event.task() != null) {
            onTask(event.task(), now, ctx);
        } else if (event.rejection() != null) {
            onRejection(event.rejection(), now, ctx, out);
        }
    }

    /**
     * The router gave up on the request. That is its one record only if nothing else happened to it: a request with
     * a task or a result seen is running on an earlier plan (the router re-planned it after a restore and found no
     * device yet), and its own outcome counts.
     */
    private void onRejection(EmissionRecord rejection, long now, ReadOnlyContext ctx, Collector<EmissionRecord> out)
            throws Exception {
        if (meta.value() != null) {
            ignored.inc();
            return;
        }
        finish(rejection, now, ctx, out);
    }

    private void onTask(TaskSeen task, long now, ReadOnlyContext ctx) throws Exception {
        RequestMeta m = meta.value();
        if (m == null) {
            if (task.dispatchedAt.toEpochMilli() < now - config.doneRetention().toMillis()) {
                // dispatched longer ago than a done-marker lives: its request may have ended already
                ignored.inc();
                return;
            }
            m = RequestMeta.of(task);
            meta.update(m);
        }
        TaskSeen known = tasks.get(task.stageIndex);
        if (known == null || task.attempt >= known.attempt) {
            tasks.put(task.stageIndex, task);
        }
        arm(m, now, ctx);
    }

    private void onResult(PartitionResult result, long now, ReadOnlyContext ctx, Collector<EmissionRecord> out)
            throws Exception {
        RequestMeta m = meta.value();
        if (m == null) {
            m = RequestMeta.of(result);
            meta.update(m);
        }
        int stage = result.getStageIndex();
        if (stage >= m.plan.getStages().size() || completed.contains(stage)) {
            ignored.inc();
            return;
        }
        if (result.getStatus() == PartitionStatus.ERROR) {
            TaskSeen current = tasks.get(stage);
            if (current != null && result.getAttempt() < current.attempt) {
                ignored.inc(); // the attempt that was replaced by a re-dispatch
                return;
            }
            String reason = "stage " + stage + " failed on " + result.getDeviceId() + ": "
                    + (result.getReason() == null ? "no reason given" : result.getReason())
                    + "; completed stages " + completedStages();
            finish(accountant.failed(m.header(ctx.getCurrentKey()), completedResults(), reason, result.getEndedAt(),
                    intensities(ctx)), now, ctx, out);
            return;
        }
        completed.put(stage, result);
        List<PartitionResult> done = completedResults();
        if (done.size() == m.plan.getStages().size()) {
            if (!holdForIntensity(now, ctx)) {
                finish(accountant.completed(m.header(ctx.getCurrentKey()), done, intensities(ctx)), now, ctx, out);
            }
        } else {
            arm(m, now, ctx);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EmissionRecord> out) throws Exception {
        Long held = heldUntil.value();
        if (held != null && timestamp == held) {
            heldUntil.clear();
            RequestMeta m = meta.value();
            List<PartitionResult> done = completedResults();
            if (m != null && done.size() == m.plan.getStages().size() && !holdForIntensity(timestamp, ctx)) {
                finish(accountant.completed(m.header(ctx.getCurrentKey()), done, intensities(ctx)), timestamp, ctx, out);
            }
            return;
        }
        Long due = deadline.value();
        if (due == null || timestamp != due) {
            return;
        }
        deadline.clear();
        RequestMeta m = meta.value();
        int missing = firstMissingStage(m);
        PlanStage stage = m.plan.getStages().get(missing);
        TaskSeen task = tasks.get(missing);
        long timeoutMillis = config.timeoutMillis(m.plan);
        ReadOnlyBroadcastState<String, DeviceState> devices = ctx.getBroadcastState(DEVICE_STATE);
        DeviceState device = devices.get(stage.getDeviceId());
        boolean alive = DeviceLiveness.alive(device, timestamp, config.heartbeatStaleness());
        String detail;
        if (alive) {
            detail = "device " + stage.getDeviceId() + " is alive (" + DeviceLiveness.describe(device, timestamp) + ")";
        } else if (task == null) {
            detail = "device " + stage.getDeviceId() + " is " + DeviceLiveness.describe(device, timestamp)
                    + " and no task for the stage was seen to re-dispatch";
        } else if (task.attempt > 0) {
            detail = "attempt " + task.attempt + " on " + stage.getDeviceId() + " ("
                    + DeviceLiveness.describe(device, timestamp) + "), not re-dispatched again";
        } else {
            Optional<DeviceState> replacement = DeviceLiveness.replacement(
                    values(devices.immutableEntries()), stage.getDeviceId(), timestamp, config.heartbeatStaleness());
            if (replacement.isPresent()) {
                TaskSeen again = task.redispatched(Redispatch.plan(m.plan, missing, replacement.get()),
                        Instant.ofEpochMilli(timestamp));
                ctx.output(REDISPATCHED, RedispatchOrder.of(again));
                tasks.put(missing, again);
                m.plan = again.plan;
                meta.update(m);
                redispatches.inc();
                LOG.info("request {}: stage {} re-dispatched from {} to {}", ctx.getCurrentKey(), missing,
                        stage.getDeviceId(), replacement.get().getDeviceId());
                arm(m, timestamp, ctx);
                return;
            }
            detail = "device " + stage.getDeviceId() + " is " + DeviceLiveness.describe(device, timestamp)
                    + " and no other device is UP";
        }
        String reason = "stage " + missing + " did not report within " + timeoutMillis + " ms; " + detail
                + "; completed stages " + completedStages();
        finish(accountant.failed(m.header(ctx.getCurrentKey()), completedResults(), reason,
                Instant.ofEpochMilli(timestamp), intensities(ctx)), timestamp, ctx, out);
    }

    @Override
    public void processBroadcastElement(ContextUpdate update, Context ctx, Collector<EmissionRecord> out) throws Exception {
        if (update.intensity() != null) {
            intensitySeen = true;
            BroadcastState<String, List<GridIntensity>> state = ctx.getBroadcastState(INTENSITY_STATE);
            if (intensities == null) {
                intensities = IntensityTable.of(config.intensityLimits(), flatten(state.entries()));
            }
            GridIntensity record = update.intensity();
            try {
                intensities.add(record);
            } catch (IllegalArgumentException e) {
                ctx.output(DeadLetters.TAG, DeadLetters.invalid(Topics.GRID_INTENSITY.name(),
                        record.getZone(), e.getMessage(), config.service(), Instant.now()));
                return;
            }
            state.put(record.getZone(), List.copyOf(intensities.intervals(record.getZone())));
        }
        if (update.device() != null) {
            ctx.getBroadcastState(DEVICE_STATE).put(update.device().getDeviceId(), update.device());
        }
    }

    private void arm(RequestMeta m, long now, ReadOnlyContext ctx) throws Exception {
        if (deadline.value() == null) {
            long due = now + config.timeoutMillis(m.plan);
            ctx.timerService().registerProcessingTimeTimer(due);
            deadline.update(due);
        }
    }

    /**
     * Whether to hold a completed request back because the job has not read any grid intensity yet: right after a
     * fresh start, results can arrive before the intensity history does, and accounting them now would apply the
     * default intensity. Held for at most {@link #STARTUP_INTENSITY_GRACE_MILLIS} after the job's first event,
     * re-checked every {@link #HOLD_RECHECK_MILLIS}; once any intensity has been seen, nothing is held.
     */
    private boolean holdForIntensity(long now, ReadOnlyContext ctx) throws Exception {
        if (intensitySeen || ctx.getBroadcastState(INTENSITY_STATE).immutableEntries().iterator().hasNext()) {
            intensitySeen = true;
            return false;
        }
        long until = firstEventMillis + STARTUP_INTENSITY_GRACE_MILLIS;
        if (now >= until) {
            return false;
        }
        long at = Math.min(now + HOLD_RECHECK_MILLIS, until);
        heldUntil.update(at);
        ctx.timerService().registerProcessingTimeTimer(at);
        return true;
    }

    /** Emits the record, clears the request's state and timers, and remembers the request as finished. */
    private void finish(EmissionRecord record, long now, ReadOnlyContext ctx, Collector<EmissionRecord> out)
            throws Exception {
        out.collect(record);
        if (record.getStatus() == InferenceStatus.OK) {
            okRecords.inc();
        } else {
            failedRecords.inc();
        }
        Long due = deadline.value();
        if (due != null) {
            ctx.timerService().deleteProcessingTimeTimer(due);
        }
        deadline.clear();
        Long held = heldUntil.value();
        if (held != null) {
            ctx.timerService().deleteProcessingTimeTimer(held);
            heldUntil.clear();
        }
        meta.clear();
        completed.clear();
        tasks.clear();
        finished.add(ctx.getCurrentKey(), now);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        finishedState.update(finished.snapshot());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        finishedState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(
                "finished-requests", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        finished = new FinishedRequests(config.doneRetention().toMillis(), FINISHED_BUCKETS);
        if (context.isRestored()) {
            finished.restore(finishedState.get());
        }
    }

    /** Requests remembered as finished (tests check they expire). */
    int finishedRequests(long nowMillis) {
        finished.expire(nowMillis);
        return finished.size();
    }

    private IntensityLookup intensities(ReadOnlyContext ctx) throws Exception {
        if (intensities == null) {
            intensities = IntensityTable.of(config.intensityLimits(),
                    flatten(ctx.getBroadcastState(INTENSITY_STATE).immutableEntries()));
        }
        return intensities;
    }

    private int firstMissingStage(RequestMeta m) throws Exception {
        for (int i = 0; i < m.plan.getStages().size(); i++) {
            if (!completed.contains(i)) {
                return i;
            }
        }
        throw new IllegalStateException("request has every stage completed but was not finished");
    }

    private List<PartitionResult> completedResults() throws Exception {
        List<PartitionResult> list = new ArrayList<>();
        completed.values().forEach(list::add);
        return list;
    }

    private List<Integer> completedStages() throws Exception {
        return EmissionAccountant.stageIndexes(completedResults());
    }

    private static List<GridIntensity> flatten(Iterable<Map.Entry<String, List<GridIntensity>>> entries) {
        List<GridIntensity> all = new ArrayList<>();
        entries.forEach(e -> all.addAll(e.getValue()));
        return all;
    }

    private static <V> List<V> values(Iterable<? extends Map.Entry<String, V>> entries) {
        List<V> list = new ArrayList<>();
        entries.forEach(e -> list.add(e.getValue()));
        return list;
    }
}
