package org.carbonedge.jobs.emissions;

import java.time.Instant;

import org.carbonedge.avro.ExecutionPlan;

/**
 * The decision to send a stage again to another device: which task (its Kafka position), under which plan (the
 * stage now names the new device) and as which attempt. {@link TaskRefetchFunction} reads the task back and
 * writes the new one. A Flink POJO.
 */
public class RedispatchOrder {

    public String requestId;
    public int stageIndex;
    public int attempt;
    public ExecutionPlan plan;
    public Instant dispatchedAt;
    public String topic;
    public int partition;
    public long offset;

    public RedispatchOrder() {
    }

    static RedispatchOrder of(TaskSeen again) {
        RedispatchOrder o = new RedispatchOrder();
        o.requestId = again.requestId;
        o.stageIndex = again.stageIndex;
        o.attempt = again.attempt;
        o.plan = again.plan;
        o.dispatchedAt = again.dispatchedAt;
        o.topic = again.topic;
        o.partition = again.partition;
        o.offset = again.offset;
        return o;
    }

    /** "topic@partition:offset" of the original task. */
    String origin() {
        return topic + "@" + partition + ":" + offset;
    }

    @Override
    public String toString() {
        return "re-dispatch " + requestId + "/" + stageIndex + "#" + attempt + " from " + origin() + " to "
                + plan.getStages().get(stageIndex).getDeviceId();
    }
}
