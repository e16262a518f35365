package org.carbonedge.jobs.router;

import java.util.Objects;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.common.ClientSettings;
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
 * topic. Sources and sinks are passed in (flink-training style); {@link #onKafka} wires the production ones.
 */
public final class RouterJob {

    /** Job name. */
    public static final String NAME = "carbonedge-router";
    /** Network buffer flush interval on the request path, ms. */
    static final long REQUEST_BUFFER_TIMEOUT_MILLIS = 1;

    /** Where the job reads, as raw records (decoded and dead-lettered inside the job). */
    public record Inputs(Source<RawRecord, ?, ?> requests, Source<RawRecord, ?, ?> deviceState,
                         Source<RawRecord, ?, ?> gridIntensity, Source<RawRecord, ?, ?> models) {
        public Inputs {
            Objects.requireNonNull(requests, "requests");
            Objects.requireNonNull(deviceState, "deviceState");
            Objects.requireNonNull(gridIntensity, "gridIntensity");
            Objects.requireNonNull(models, "models");
        }
    }

    /** Where the job writes: first-stage tasks, rejections, dead letters. */
    public record Outputs(Sink<PartitionTask> tasks, Sink<EmissionRecord> rejections, Sink<DeadLetter> deadLetters) {
        public Outputs {
            Objects.requireNonNull(tasks, "tasks");
            Objects.requireNonNull(rejections, "rejections");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }
    }

    private final RouterConfig config;
    private final ClientSettings registry;
    private final Inputs inputs;
    private final Outputs outputs;

    public RouterJob(RouterConfig config, ClientSettings registry, Inputs inputs, Outputs outputs) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.outputs = Objects.requireNonNull(outputs, "outputs");
    }

    /**
     * The job on a Kafka cluster: requests from the group's committed offsets (earliest when none); device state,
     * intensity and models from the earliest offset, so a fresh job rebuilds its tables.
     */
    public static RouterJob onKafka(ClientSettings settings, RouterConfig config) {
        String group = config.groupId();
        Inputs in = new Inputs(
                KafkaSources.of(settings, group, Topics.VALIDATED_REQUESTS),
                KafkaSources.topics(settings, group, Topics.DEVICE_STATE).setStartingOffsets(OffsetsInitializer.earliest()).build(),
                KafkaSources.topics(settings, group, Topics.GRID_INTENSITY).setStartingOffsets(OffsetsInitializer.earliest()).build(),
                KafkaSources.topics(settings, group, Topics.MODELS).setStartingOffsets(OffsetsInitializer.earliest()).build());
        Delivery delivery = config.delivery();
        // Tasks go out at once (AT_LEAST_ONCE): an exactly-once sink would hold every first-stage task until the next
        // checkpoint. A task re-sent after a restore is recognised by the executor (request, stage, attempt) and its
        // result de-duplicated by the emissions job, so each inference is still counted once.
        Outputs out = new Outputs(
                KafkaSinks.toDeviceTasks(settings, Delivery.atLeastOnce()),
                KafkaSinks.rejections(settings, delivery.forSink("rejections")),
                KafkaSinks.deadLetters(settings, delivery.forSink("dead-letter")));
        return new RouterJob(config, settings, in, out);
    }

    /** Adds the pipeline to {@code env} (and turns on checkpointing if it is off). */
    public void build(StreamExecutionEnvironment env) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        // Chained operators hand records on without a defensive deep copy (a task's tensors are kilobytes): every
        // function here builds new output objects and never changes or keeps a record it passed on.
        env.getConfig().enableObjectReuse();
        String service = config.service();
        SingleOutputStreamOperator<InferenceRequest> requests = DecodeFunction.decode(
                KafkaSources.stream(env, inputs.requests(), "requests"), registry, Topics.VALIDATED_REQUESTS, service, null);
        // Requests cross a network shuffle (keyBy) to the planner: flush it within a millisecond instead of
        // Flink's default 100 ms, which would otherwise be most of an inference's latency.
        requests.setBufferTimeout(REQUEST_BUFFER_TIMEOUT_MILLIS);
        SingleOutputStreamOperator<DeviceState> devices = DecodeFunction.decode(
                KafkaSources.stream(env, inputs.deviceState(), "device-state"), registry, Topics.DEVICE_STATE, service, null);
        SingleOutputStreamOperator<GridIntensity> intensity = DecodeFunction.decode(
                KafkaSources.stream(env, inputs.gridIntensity(), "grid-intensity"), registry, Topics.GRID_INTENSITY, service, null);
        SingleOutputStreamOperator<ModelManifest> models = DecodeFunction.decode(
                KafkaSources.stream(env, inputs.models(), "models"), registry, Topics.MODELS, service, null);

        BroadcastStream<RouterUpdate> tables = devices.map(new DeviceUpdate()).uid("router-device-updates").name("device updates")
                .union(intensity.map(new IntensityUpdate()).uid("router-intensity-updates").name("intensity updates"),
                        models.map(new ModelUpdate()).uid("router-model-updates").name("model updates"))
                .broadcast(RouteFunction.DEVICES, RouteFunction.MODELS, RouteFunction.INTENSITY);

        SingleOutputStreamOperator<PartitionTask> tasks = requests
                .keyBy(new ByRequestId())
                .connect(tables)
                .process(new RouteFunction(config))
                .uid("route-requests").name("route requests");

        tasks.sinkTo(outputs.tasks()).uid("sink-first-tasks").name("first-stage tasks sink");
        tasks.getSideOutput(RouteFunction.REJECTED).sinkTo(outputs.rejections()).uid("sink-rejections").name("rejections sink");
        requests.getSideOutput(DeadLetters.TAG)
                .union(devices.getSideOutput(DeadLetters.TAG), intensity.getSideOutput(DeadLetters.TAG),
                        models.getSideOutput(DeadLetters.TAG), tasks.getSideOutput(DeadLetters.TAG))
                .sinkTo(outputs.deadLetters()).uid("router-sink-dead-letters").name("dead-letter sink");
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(NAME);
    }

    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(NAME);
    }

    /** Runs the job with settings from the environment ({@link ClientSettings#fromEnv}). */
    public static void main(String[] args) throws Exception {
        ClientSettings settings = ClientSettings.fromEnv(System.getenv(), "127.0.0.1:9092", "http://127.0.0.1:8081");
        onKafka(settings, RouterConfig.defaults()).execute(StreamExecutionEnvironment.getExecutionEnvironment());
    }


    /** Key of a request. */
    public static final class ByRequestId implements org.apache.flink.api.java.functions.KeySelector<InferenceRequest, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(InferenceRequest value) {
            return value.getRequestId();
        }
    }

    /** Wraps a device state as a table update. */
    public static final class DeviceUpdate implements MapFunction<DeviceState, RouterUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public RouterUpdate map(DeviceState value) {
            return RouterUpdate.of(value);
        }
    }

    /** Wraps an intensity interval as a table update. */
    public static final class IntensityUpdate implements MapFunction<GridIntensity, RouterUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public RouterUpdate map(GridIntensity value) {
            return RouterUpdate.of(value);
        }
    }

    /** Wraps a manifest as a table update. */
    public static final class ModelUpdate implements MapFunction<ModelManifest, RouterUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public RouterUpdate map(ModelManifest value) {
            return RouterUpdate.of(value);
        }
    }
}
