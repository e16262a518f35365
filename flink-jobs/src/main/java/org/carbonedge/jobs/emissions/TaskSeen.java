package org.carbonedge.jobs.emissions;

import java.time.Instant;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.PartitionTask;

/**
 * A task dispatched for a stage, as the emissions job keeps it: everything but its input tensors, plus where it
 * lies in Kafka. Enough to time the stage out, tell attempts apart and write a FAILED record; a re-dispatch reads
 * the tensors back from that position ({@link TaskRefetchFunction}). Keeping tensors out of state and out of the
 * job's network shuffle is what lets the job follow every task topic at the pipeline's full rate. A Flink POJO.
 */
public class TaskSeen {

    public String requestId;
    public String modelId;
    public ExecutionPlan plan;
    public int stageIndex;
    public int attempt;
    public Instant submittedAt;
    public Instant dispatchedAt;
    /** Where the task was read: its topic, partition and offset. */
    public String topic;
    public int partition;
    public long offset;

    public TaskSeen() {
    }

    /** {@code task} as read from {@code topic}, {@code partition}, {@code offset}. */
    static TaskSeen of(PartitionTask task, String topic, int partition, long offset) {
        TaskSeen t = new TaskSeen();
        t.requestId = task.getRequestId();
        t.modelId = task.getModelId();
        t.plan = task.getPlan();
        t.stageIndex = task.getStageIndex();
        t.attempt = task.getAttempt();
        t.submittedAt = task.getSubmittedAt();
        t.dispatchedAt = task.getDispatchedAt();
        t.topic = topic;
        t.partition = partition;
        t.offset = offset;
        return t;
    }

    /** The same task as re-dispatched: a later attempt under a new plan (its tensors stay where they were). */
    TaskSeen redispatched(ExecutionPlan newPlan, Instant at) {
        TaskSeen t = new TaskSeen();
        t.requestId = requestId;
        t.modelId = modelId;
        t.plan = newPlan;
        t.stageIndex = stageIndex;
        t.attempt = attempt + 1;
        t.submittedAt = submittedAt;
        t.dispatchedAt = at;
        t.topic = topic;
        t.partition = partition;
        t.offset = offset;
        return t;
    }

    @Override
    public String toString() {
        return "task " + requestId + "/" + stageIndex + "#" + attempt + " at " + topic + "@" + partition + ":" + offset;
    }
}
