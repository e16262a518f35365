package org.carbonedge.jobs.router;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.carbonedge.core.planning.AccuracyObjectiveSpecs;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
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
 * The router job: requests keyed by requestId, joined with the broadcast tables (device state, grid intensity,
 * model manifests), one plan per request, the first stage's task written to {@code carbonedge.tasks.<deviceId>};
 * requests given up at their deadline as REJECTED emission records to {@code carbonedge.rejections}, which the
 * emissions job turns into the request's one record unless the request ran after all (a re-plan after a restore
 * must not add a second, contradictory record); unreadable or invalid input to the dead-letter
 * topic. Sources and sinks are passed in (flink-training style, see {@link StreamingJob}); {@link #onKafka} wires the
 * production ones.
 */
public final class RouterJob extends StreamingJob<RouterConfig, RouterJob.Inputs, RouterJob.Outputs> {

    /** Job name. */
    public static final String NAME = "carbonedge-router";
    /** Network buffer flush interval on the request path, ms. */
    static final long REQUEST_BUFFER_TIMEOUT_MILLIS = 1;

    private static final TypeInformation<RouterUpdate> UPDATE = TypeInformation.of(RouterUpdate.class);

    /** Where the job reads, as raw records (decoded and dead-lettered inside the job). */
    public record Inputs(Source<RawRecord, ?, ?> requests, Source<RawRecord, ?, ?> deviceState,
                         Source<RawRecord, ?, ?> gridIntensity, Source<RawRecord, ?, ?> models) {
    }

    /** Where the job writes: first-stage tasks, rejections, notices of held requests, dead letters. */
    public record Outputs(Sink<PartitionTask> tasks, Sink<EmissionRecord> rejections, Sink<HeldRequest> held,
                          Sink<DeadLetter> deadLetters) {
    }

    private final HeldRequestReader.Factory readers;

    /** A job whose held requests are kept whole (in-memory sources have no Kafka position to read them back from). */
    public RouterJob(RouterConfig config, ClientSettings registry, Inputs inputs, Outputs outputs) {
        this(config, registry, inputs, outputs, null);
    }

    /** A job that reads held requests back with {@code readers} at their release. */
    public RouterJob(RouterConfig config, ClientSettings registry, Inputs inputs, Outputs outputs,
                     HeldRequestReader.Factory readers) {
        super(NAME, config, registry, inputs, outputs);
        this.readers = readers;
    }

    /**
     * The job on a Kafka cluster: requests from the group's committed offsets (earliest when none); device state,
     * intensity and models from the earliest offset, so a fresh job rebuilds its tables.
     */
    public static RouterJob onKafka(ClientSettings settings, RouterConfig config) {
        String group = config.groupId();
        Inputs in = new Inputs(
                KafkaSources.of(settings, group, Topics.VALIDATED_REQUESTS),
                KafkaSources.fromEarliest(settings, group, Topics.DEVICE_STATE),
                KafkaSources.fromEarliest(settings, group, Topics.GRID_INTENSITY),
                KafkaSources.fromEarliest(settings, group, Topics.MODELS));
        Delivery delivery = config.delivery();
        // Tasks go out at once (AT_LEAST_ONCE): an exactly-once sink would hold every first-stage task until the next
        // checkpoint. A task re-sent after a restore is recognised by the executor (request, stage, attempt) and its
        // result de-duplicated by the emissions job, so each inference is still counted once.
        // Notices of held requests go out at once too: they only inform (the gateway's HELD status); a repeat after a
        // restore says the same, and the newest decision wins.
        Outputs out = new Outputs(
                KafkaSinks.toDeviceTasks(settings, Delivery.atLeastOnce()),
                KafkaSinks.rejections(settings, delivery.forSink("rejections")),
                KafkaSinks.heldRequests(settings, Delivery.atLeastOnce()),
                KafkaSinks.deadLetters(settings, delivery.forSink("dead-letter")));
        return new RouterJob(config, settings, in, out, HeldRequestReader.Factory.kafka(settings));
    }

    @Override
    protected void addPipeline(StreamExecutionEnvironment env) {
        // requests keep where they were read, so a held one is kept by its position, not its tensors
        SingleOutputStreamOperator<PositionedRequest> requests = DecodeFunction.decode(
                KafkaSources.stream(env, inputs.requests(), "requests"),
                new DecodeFunction<>(registry, PositionedRequest::decoder, TypeInformation.of(PositionedRequest.class),
                        "InferenceRequest", config.service(), null),
                Topics.VALIDATED_REQUESTS.name());
        // Requests cross a network shuffle (keyBy) to the planner: flush it within a millisecond instead of
        // Flink's default 100 ms, which would otherwise be most of an inference's latency.
        requests.setBufferTimeout(REQUEST_BUFFER_TIMEOUT_MILLIS);
        SingleOutputStreamOperator<DeviceState> devices = decode(env, inputs.deviceState(), "device-state",
                Topics.DEVICE_STATE, null);
        SingleOutputStreamOperator<GridIntensity> intensity = decode(env, inputs.gridIntensity(), "grid-intensity",
                Topics.GRID_INTENSITY, null);
        SingleOutputStreamOperator<ModelManifest> models = decode(env, inputs.models(), "models", Topics.MODELS, null);

        // the factories as map functions, with their output type given rather than extracted from the lambda
        BroadcastStream<RouterUpdate> tables = devices.map(RouterUpdate::of, UPDATE).uid("router-device-updates")
                .name("device updates")
                .union(intensity.map(RouterUpdate::of, UPDATE).uid("router-intensity-updates").name("intensity updates"),
                        models.map(RouterUpdate::of, UPDATE).uid("router-model-updates").name("model updates"))
                .broadcast(RouteFunction.DEVICES, RouteFunction.MODELS, RouteFunction.INTENSITY);

        SingleOutputStreamOperator<PartitionTask> tasks = requests
                .keyBy(new ByRequestId())
                .connect(tables)
                .process(new RouteFunction(config, readers))
                .uid("route-requests").name("route requests");

        tasks.sinkTo(outputs.tasks()).uid("sink-first-tasks").name("first-stage tasks sink");
        tasks.getSideOutput(RouteFunction.REJECTED).sinkTo(outputs.rejections()).uid("sink-rejections").name("rejections sink");
        tasks.getSideOutput(RouteFunction.HELD).sinkTo(outputs.held()).uid("sink-held-requests").name("held-requests sink");
        requests.getSideOutput(DeadLetters.TAG)
                .union(devices.getSideOutput(DeadLetters.TAG), intensity.getSideOutput(DeadLetters.TAG),
                        models.getSideOutput(DeadLetters.TAG), tasks.getSideOutput(DeadLetters.TAG))
                .sinkTo(outputs.deadLetters()).uid("router-sink-dead-letters").name("dead-letter sink");
    }

    /**
     * Runs the job with settings from the environment and the arguments ({@link #settingsFrom}), and the mean accuracy
     * objectives of {@value AccuracyObjectiveSpecs#ENV} in the submitting process's environment (how the cluster and
     * Docker routers get what {@code up --accuracy-objective} gives the embedded one).
     */
    public static void main(String[] args) throws Exception {
        onKafka(settingsFrom(args), configFromEnv(System.getenv()))
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
    }

    /**
     * The defaults with the objectives of {@value AccuracyObjectiveSpecs#ENV} in {@code env}.
     *
     * @throws IllegalArgumentException naming the variable and the bad spec, so the submission fails
     */
    public static RouterConfig configFromEnv(java.util.Map<String, String> env) {
        try {
            return RouterConfig.defaults().withObjectives(AccuracyObjectiveSpecs.parse(env.get(AccuracyObjectiveSpecs.ENV)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AccuracyObjectiveSpecs.ENV + ": " + e.getMessage(), e);
        }
    }

    /** Key of a request. */
    public static final class ByRequestId implements org.apache.flink.api.java.functions.KeySelector<PositionedRequest, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(PositionedRequest value) {
            return value.request().getRequestId();
        }
    }
}
