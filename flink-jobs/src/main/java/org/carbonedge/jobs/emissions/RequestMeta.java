package org.carbonedge.jobs.emissions;

import java.time.Instant;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.core.carbon.RequestHeader;

/**
 * Keyed state of one in-flight request besides its results and tasks: model, submission time and the current plan
 * (with any re-dispatch applied). Kept apart so a FAILED record can be written even when stored tasks expired.
 * A Flink POJO.
 */
public class RequestMeta {

    public String modelId;
    public Instant submittedAt;
    public ExecutionPlan plan;

    public RequestMeta() {
    }

    static RequestMeta of(PartitionResult r) {
        RequestMeta m = new RequestMeta();
        m.modelId = r.getModelId();
        m.submittedAt = r.getSubmittedAt();
        m.plan = r.getPlan();
        return m;
    }

    static RequestMeta of(TaskSeen t) {
        RequestMeta m = new RequestMeta();
        m.modelId = t.modelId;
        m.submittedAt = t.submittedAt;
        m.plan = t.plan;
        return m;
    }

    RequestHeader header(String requestId) {
        return new RequestHeader(requestId, modelId, submittedAt, plan);
    }
}
