package org.carbonedge.core.carbon;

import java.time.Instant;
import java.util.Objects;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionTask;

/**
 * What an emission record needs to know about its request besides the stage results: a FAILED request may have no
 * OK result to read it from, only a task or an ERROR result.
 *
 * @param requestId   request id
 * @param modelId     model id
 * @param submittedAt when the user submitted it
 * @param plan        the plan it ran under (with any re-dispatch applied)
 */
public record RequestHeader(String requestId, String modelId, Instant submittedAt, ExecutionPlan plan) {

    public RequestHeader {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(plan, "plan");
    }

    public static RequestHeader of(PartitionResult result) {
        return new RequestHeader(result.getRequestId(), result.getModelId(), result.getSubmittedAt(), result.getPlan());
    }

    public static RequestHeader of(PartitionTask task) {
        return new RequestHeader(task.getRequestId(), task.getModelId(), task.getSubmittedAt(), task.getPlan());
    }

    /** The same request under another plan (after a stage was re-dispatched). */
    public RequestHeader withPlan(ExecutionPlan newPlan) {
        return new RequestHeader(requestId, modelId, submittedAt, newPlan);
    }
}
