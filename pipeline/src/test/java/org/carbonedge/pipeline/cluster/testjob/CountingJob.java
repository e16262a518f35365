package org.carbonedge.pipeline.cluster.testjob;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * An unbounded, checkpointed job for the JobManager-loss test: counts a slow sequence per key (keyed state), with a
 * checkpoint every 300 ms, so there is state to retain and restore.
 */
public final class CountingJob {

    private CountingJob() {
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(300);
        env.fromSequence(1, Long.MAX_VALUE).uid("sequence")
                .map(CountingJob::slowly).returns(Long.class).uid("slowly")
                .keyBy(x -> x % 4).process(new Count()).uid("count")
                .sinkTo(new DiscardingSink<>()).uid("discard");
        env.execute("carbonedge-counting");
    }

    /** About a thousand elements a second: keeps the job alive without taking a core. */
    private static Long slowly(Long x) throws InterruptedException {
        Thread.sleep(1);
        return x;
    }

    /** Counts per key in keyed state. */
    static final class Count extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect(next);
        }
    }
}
