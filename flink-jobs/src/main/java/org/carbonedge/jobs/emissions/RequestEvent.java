package org.carbonedge.jobs.emissions;

import org.apache.flink.api.java.functions.KeySelector;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.PartitionResult;

/**
 * One thing that happened to a request, keyed by requestId: a stage result, a task dispatched for a stage, or the
 * router giving up on it (a REJECTED record, accounted here so that it counts only if nothing else did); exactly one
 * is set. All three streams meet in one keyed operator so a request's results, its stored tasks and its timer live
 * together. Flink serialises a record as a POJO (the Avro payloads with their Avro serializers, an unset one as null);
 * it crosses the keyBy shuffle but is never kept in state (its payloads are).
 *
 * @param result    a stage result, or null
 * @param task      a dispatched task (without its tensors), or null
 * @param rejection the router's REJECTED record for the request, or null
 */
public record RequestEvent(PartitionResult result, TaskSeen task, EmissionRecord rejection) {

    public static RequestEvent of(PartitionResult result) {
        return new RequestEvent(result, null, null);
    }

    public static RequestEvent rejected(EmissionRecord rejection) {
        return new RequestEvent(null, null, rejection);
    }

    public static RequestEvent of(TaskSeen task) {
        return new RequestEvent(null, task, null);
    }

    public String requestId() {
        if (result != null) {
            return result.getRequestId();
        }
        return rejection != null ? rejection.getRequestId() : task.requestId;
    }

    @Override
    public String toString() {
        if (result != null) {
            return "result " + result.getRequestId() + "/" + result.getStageIndex();
        }
        return rejection != null ? "rejection " + rejection.getRequestId() : task.toString();
    }

    /** Keys events by requestId. */
    public static final class ByRequestId implements KeySelector<RequestEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(RequestEvent event) {
            return event.requestId();
        }
    }
}
