package org.carbonedge.jobs.emissions;

import org.apache.flink.api.java.functions.KeySelector;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.PartitionResult;

/**
 * One thing that happened to a request, keyed by requestId: a stage result, a task dispatched for a stage, or the
 * router giving up on it (a REJECTED record, accounted here so that it counts only if nothing else did).
 * Both streams meet in one keyed operator so a request's results, its stored tasks and its timer live together.
 * A Flink POJO: exactly one field is set.
 */
public class RequestEvent {

    /** A stage result, or null. */
    public PartitionResult result;
    /** A dispatched task (without its tensors), or null. */
    public TaskSeen task;
    /** The router's REJECTED record for the request, or null. */
    public EmissionRecord rejection;

    public RequestEvent() {
    }

    public static RequestEvent of(PartitionResult result) {
        RequestEvent e = new RequestEvent();
        e.result = result;
        return e;
    }

    public static RequestEvent rejected(EmissionRecord rejection) {
        RequestEvent e = new RequestEvent();
        e.rejection = rejection;
        return e;
    }

    public static RequestEvent of(TaskSeen task) {
        RequestEvent e = new RequestEvent();
        e.task = task;
        return e;
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
