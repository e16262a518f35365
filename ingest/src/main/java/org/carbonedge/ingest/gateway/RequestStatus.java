package org.carbonedge.ingest.gateway;

import java.util.List;

/**
 * The answer to {@code GET /v1/requests/{id}}: where an accepted request stands. {@code status} is PENDING until
 * its outcome arrives, then OK, FAILED or REJECTED (from its emission record) or INVALID (the router
 * dead-lettered it); {@code prediction} holds the model outputs once the last stage reported them,
 * {@code emissions} the emission record, {@code reason} why it failed, was rejected or was invalid.
 */
public record RequestStatus(String requestId, String status, String modelId, String policy, String acceptedAt,
                            Prediction prediction, EmissionJson emissions, String reason) {

    /** The statuses a request goes through. */
    public enum Status { PENDING, OK, FAILED, REJECTED, INVALID }

    /** The model outputs of the request. */
    public record Prediction(List<OutputJson> outputs) {
    }
}
