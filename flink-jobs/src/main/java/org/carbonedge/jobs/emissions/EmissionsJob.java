package org.carbonedge.jobs.emissions;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.jobs.StreamingJob;
import org.carbonedge.jobs.kafka.DeadLetters;
import org.carbonedge.jobs.kafka.DecodeFunction;
import org.carbonedge.jobs.kafka.Delivery;
import org.carbonedge.jobs.kafka.KafkaSinks;
import org.carbonedge.jobs.kafka.KafkaSources;
import org.carbonedge.jobs.kafka.RawRecord;
import org.carbonedge.schemas.Topics;

/**
 * The emissions accounting job: partition results (and the device task topics without their tensors, for timeouts
 * and re-dispatch) keyed by request,
 * grid intensity and device state broadcast, one {@link EmissionRecord} per request written with an EXACTLY_ONCE
 * Kafka sink on checkpoints, re-dispatched tasks to the new device's task topic, anything unreadable to the
 * dead-letter topic. Sources and sinks are passed in (flink-training style, see {@link StreamingJob}), so tests can run the
 * same pipeline against their own; {@link #onKafka} wires the production ones.
 */
public final class EmissionsJob extends StreamingJob<EmissionsConfig, EmissionsJob.Inputs, EmissionsJob.Outputs> {

    /** Job name. */
    public static final String NAME = "carbonedge-emissions";

    private static final TypeInformation<RequestEvent> EVENT = TypeInformation.of(RequestEvent.class);
    private static final TypeInformation<ContextUpdate> UPDATE = TypeInformation.of(ContextUpdate.class);

    /**
     * Where the job reads, as raw records (decoded and dead-lettered inside the job).
     *
     * @param partitionResults {@code carbonedge.partition-results}
     * @param deviceTasks      every {@code carbonedge.tasks.<deviceId>}
     * @param gridIntensity    {@code carbonedge.grid-intensity}
     * @param deviceState      {@code carbonedge.device-state}
     * @param rejections       {@code carbonedge.rejections}: requests the router gave up on
     */
    public record Inputs(Source<RawRecord, ?, ?> partitionResults, Source<RawRecord, ?, ?> deviceTasks,
                         Source<RawRecord, ?, ?> gridIntensity, Source<RawRecord, ?, ?> deviceState,
                         Source<RawRecord, ?, ?> rejections) {
    }

    /**
     * Where the job writes.
     *
     * @param emissions   one record per request
     * @param tasks       re-dispatched tasks (to the task topic of the device their plan names)
     * @param deadLetters unreadable or invalid input
     */
    public record Outputs(Sink<EmissionRecord> emissions, Sink<PartitionTask> tasks, Sink<DeadLetter> deadLetters) {
    }

    /**
     * @param config   accounting constants, timeouts, checkpoint interval
     * @param registry settings whose schema registry decodes the inputs
     * @param inputs   raw sources, none null
     * @param outputs  sinks, none null
     */
    public EmissionsJob(EmissionsConfig config, ClientSettings registry, Inputs inputs, Outputs outputs) {
        super(NAME, config, registry, inputs, outputs);
    }

    /**
     * The job on a Kafka cluster: results and tasks from the group's committed offsets (earliest when none),
     * intensity and device state from the earliest offset (a fresh job rebuilds its broadcast state; a restored
     * one resumes from its checkpoint), sinks with {@link EmissionsConfig#delivery()}.
     */
    public static EmissionsJob onKafka(ClientSettings settings, EmissionsConfig config) {
        String group = config.groupId();
        Inputs in = new Inputs(
                KafkaSources.of(settings, group, Topics.PARTITION_RESULTS),
                KafkaSources.pattern(settings, group, KafkaSources.DEVICE_TASKS).build(),
                KafkaSources.fromEarliest(settings, group, Topics.GRID_INTENSITY),
                KafkaSources.fromEarliest(settings, group, Topics.DEVICE_STATE),
                KafkaSources.of(settings, group, Topics.REJECTIONS));
        Delivery delivery = config.delivery();
        Outputs out = new Outputs(
                KafkaSinks.emissions(settings, delivery.forSink("emissions")),
                KafkaSinks.toDeviceTasks(settings, delivery.forSink("tasks")),
                KafkaSinks.deadLetters(settings, delivery.forSink("dead-letter")));
        return new EmissionsJob(config, settings, in, out);
    }

    @Override
    protected void addPipeline(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<PartitionResult> results = decode(env, inputs.partitionResults(), "partition-results",
                Topics.PARTITION_RESULTS, Validation::partitionResult);
        // tasks are read without their tensors: only their position is kept, for a re-dispatch to read them back
        SingleOutputStreamOperator<TaskSeen> tasks = DecodeFunction.decode(
                KafkaSources.stream(env, inputs.deviceTasks(), "device-tasks"),
                new DecodeFunction<>(registry, TaskHeaderDecoder.FACTORY, TypeInformation.of(TaskSeen.class),
                        "PartitionTask", config.service(), Validation::partitionTask), "device-tasks");
        SingleOutputStreamOperator<GridIntensity> intensity = decode(env, inputs.gridIntensity(), "grid-intensity",
                Topics.GRID_INTENSITY, Validation::gridIntensity);
        SingleOutputStreamOperator<DeviceState> devices = decode(env, inputs.deviceState(), "device-state",
                Topics.DEVICE_STATE, Validation::deviceState);

        SingleOutputStreamOperator<EmissionRecord> rejections = decode(env, inputs.rejections(), "rejections",
                Topics.REJECTIONS, Validation::rejection);

        // the factories as map functions, with their output type given rather than extracted from the lambda
        DataStream<RequestEvent> events = results.map(RequestEvent::of, EVENT).uid("result-events").name("result events")
                .union(tasks.map(RequestEvent::of, EVENT).uid("task-events").name("task events"),
                        rejections.map(RequestEvent::rejected, EVENT).uid("rejection-events").name("rejection events"));
        BroadcastStream<ContextUpdate> context = intensity.map(ContextUpdate::of, UPDATE).uid("intensity-updates")
                .name("intensity updates")
                .union(devices.map(ContextUpdate::of, UPDATE).uid("device-updates").name("device updates"))
                .broadcast(EmissionsFunction.INTENSITY_STATE, EmissionsFunction.DEVICE_STATE);

        SingleOutputStreamOperator<EmissionRecord> records = events
                .keyBy(new RequestEvent.ByRequestId())
                .connect(context)
                .process(new EmissionsFunction(config))
                .uid("emissions-accounting").name("emissions accounting");

        records.sinkTo(outputs.emissions()).uid("sink-emissions").name("emissions sink");
        SingleOutputStreamOperator<PartitionTask> redispatched = records.getSideOutput(EmissionsFunction.REDISPATCHED)
                .process(new TaskRefetchFunction(registry, config.service())).uid("refetch-redispatched-tasks")
                .name("read back re-dispatched tasks");
        redispatched.sinkTo(outputs.tasks()).uid("sink-redispatched-tasks").name("re-dispatched tasks sink");
        results.getSideOutput(DeadLetters.TAG)
                .union(tasks.getSideOutput(DeadLetters.TAG), intensity.getSideOutput(DeadLetters.TAG),
                        devices.getSideOutput(DeadLetters.TAG), rejections.getSideOutput(DeadLetters.TAG),
                        records.getSideOutput(DeadLetters.TAG),
                        redispatched.getSideOutput(DeadLetters.TAG))
                .sinkTo(outputs.deadLetters()).uid("sink-dead-letters").name("dead-letter sink");
    }

    /** Runs the job with settings from the environment and the arguments ({@link #settingsFrom}). */
    public static void main(String[] args) throws Exception {
        onKafka(settingsFrom(args), EmissionsConfig.defaults()).execute(StreamExecutionEnvironment.getExecutionEnvironment());
    }
}
