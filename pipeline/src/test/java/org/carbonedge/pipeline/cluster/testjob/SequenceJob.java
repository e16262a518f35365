package org.carbonedge.pipeline.cluster.testjob;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** A bounded job for the submission test: counts to the number it is given and discards the result. */
public final class SequenceJob {

    private SequenceJob() {
    }

    public static void main(String[] args) throws Exception {
        long to = args.length > 0 ? Long.parseLong(args[0]) : 1_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, to).map(x -> x * 2).returns(Long.class).sinkTo(new DiscardingSink<>());
        env.execute("carbonedge-sequence");
    }
}
