package org.carbonedge.jobs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.jobs.kafka.DecodeFunction;
import org.carbonedge.jobs.kafka.KafkaSources;
import org.carbonedge.jobs.kafka.RawRecord;
import org.carbonedge.schemas.TopicDef;

/**
 * What every CarbonEdge Flink job does around its own pipeline, so that a job class holds only that pipeline and its
 * Kafka wiring. A job is built from its settings, the schema registry its inputs are decoded with, and its sources and
 * sinks (flink-training style: tests pass in-memory ones, a job's {@code onKafka} the production ones), each given.
 * {@link #build} prepares the environment the same way for every job and then adds the job's own pipeline
 * ({@link #addPipeline}).
 *
 * @param <C> the job's settings
 * @param <I> where the job reads: a record of sources
 * @param <O> where the job writes: a record of sinks
 */
public abstract class StreamingJob<C extends StreamingJob.Settings, I extends Record, O extends Record> {

    /** What is common to every job's settings (their records have these components). */
    public interface Settings {

        /** How often the job checkpoints, unless the environment already does. */
        Duration checkpointInterval();

        /** Name written into the job's dead letters. */
        String service();
    }

    private final String name;
    protected final C config;
    /** Settings whose schema registry decodes the inputs. */
    protected final ClientSettings registry;
    protected final I inputs;
    protected final O outputs;

    /**
     * @param name     job name
     * @param config   the job's settings
     * @param registry settings whose schema registry decodes the inputs
     * @param inputs   raw sources, none null
     * @param outputs  sinks, none null
     */
    protected StreamingJob(String name, C config, ClientSettings registry, I inputs, O outputs) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.inputs = requireEveryComponent(inputs, "inputs");
        this.outputs = requireEveryComponent(outputs, "outputs");
    }

    /**
     * Adds the pipeline to {@code env}, first turning on exactly-once checkpointing at the job's interval if the
     * environment does not checkpoint yet (an interval set by a test or an operator wins).
     */
    public final void build(StreamExecutionEnvironment env) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        // Chained operators hand records on without a defensive deep copy (a task's tensors are kilobytes): every
        // function of a job builds new output objects and never changes or keeps a record it passed on.
        env.getConfig().enableObjectReuse();
        addPipeline(env);
    }

    /** Adds the job's operators, from {@link #inputs} to {@link #outputs}, to a prepared environment. */
    protected abstract void addPipeline(StreamExecutionEnvironment env);

    /** Builds and runs the job until it ends or fails. */
    public final JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(name);
    }

    /** Builds and submits the job, returning at once. */
    public final JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(name);
    }

    /**
     * The records of {@code source} (operator uid {@code source-<sourceName>}) decoded as {@code topic}'s values;
     * what does not decode, or what {@code validator} rejects, is in the result's dead-letter side output
     * ({@link DecodeFunction#decode(org.apache.flink.streaming.api.datastream.DataStream, ClientSettings, TopicDef,
     * String, SerializableFunction)}).
     *
     * @param validator returns what is wrong with a value, or null when it is fine; may be null
     */
    protected final <T extends SpecificRecordBase> SingleOutputStreamOperator<T> decode(
            StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, String sourceName, TopicDef<T> topic,
            SerializableFunction<T, String> validator) {
        return DecodeFunction.decode(KafkaSources.stream(env, source, sourceName), registry, topic, config.service(),
                validator);
    }

    /**
     * A main's settings: the submitting process's environment ({@link ClientSettings#fromEnv}, local defaults), with
     * {@code --bootstrap HOST:PORT} and {@code --registry URL} among the program arguments taking precedence — what a
     * submitter passes when it cannot set the environment of the process that builds the job graph (a REST
     * submission from a running service). Any other argument is refused, so a typo does not run a job on defaults.
     */
    protected static ClientSettings settingsFrom(String[] args) {
        ClientSettings env = ClientSettings.fromEnv(System.getenv(), "127.0.0.1:9092", "http://127.0.0.1:8081");
        String bootstrap = env.bootstrapServers();
        String registryUrl = env.registryUrl();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || args[i + 1].isBlank()) {
                throw new IllegalArgumentException("job argument " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[i + 1];
                case "--registry" -> registryUrl = args[i + 1];
                default -> throw new IllegalArgumentException("unknown job argument " + args[i]
                        + " (known: --bootstrap HOST:PORT, --registry URL)");
            }
        }
        return env.with(bootstrap, registryUrl);
    }

    /** {@code wiring}, once it and each of its components (a source or a sink) are known not to be null. */
    private static <R extends Record> R requireEveryComponent(R wiring, String what) {
        Objects.requireNonNull(wiring, what);
        for (RecordComponent component : wiring.getClass().getRecordComponents()) {
            try {
                Objects.requireNonNull(component.getAccessor().invoke(wiring), component.getName());
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("cannot read " + what + "." + component.getName(), e);
            }
        }
        return wiring;
    }
}
