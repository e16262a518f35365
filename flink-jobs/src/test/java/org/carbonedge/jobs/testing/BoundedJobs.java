package org.carbonedge.jobs.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where whole-job tests over {@link InMemorySource}s run. */
public final class BoundedJobs {

    private BoundedJobs() {
    }

    /**
     * A local MiniCluster of one slot: no restarts (a failure fails the test), no Kryo (every type needs a real
     * serializer), checkpoints every 200 ms, set before the job's {@code build} would set its own interval: a bounded
     * job with checkpointing ends on a final checkpoint, so a long interval would hold it open.
     */
    public static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
        return env;
    }
}
