package org.carbonedge.jobs.router;

import java.time.Instant;
import java.util.Map;

import org.carbonedge.avro.HeldRequest;
import org.carbonedge.core.routing.HoldTicket;

/** The notice the router publishes when it holds a request (and again when it moves its release). */
final class HeldNotices {

    private HeldNotices() {
    }

    static HeldRequest of(String requestId, HoldTicket t, Map<String, String> attributes) {
        return HeldRequest.newBuilder()
                .setRequestId(requestId)
                .setModelId(t.modelId())
                .setPolicy(t.policy())
                .setHeldAt(Instant.ofEpochMilli(t.heldAtMillis()))
                .setDecidedAt(Instant.ofEpochMilli(t.decidedAtMillis()))
                .setReleaseAt(Instant.ofEpochMilli(t.releaseAtMillis()))
                .setDeadlineAt(Instant.ofEpochMilli(t.deadlineMillis()))
                .setExpectedGco2(t.expectedGco2())
                .setRunNowGco2(t.runNowGco2())
                .setReason(t.reason())
                .setAttributes(attributes)
                .build();
    }
}
