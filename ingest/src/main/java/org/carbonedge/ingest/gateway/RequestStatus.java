package org.carbonedge.ingest.gateway;

import java.time.Instant;
import java.util.List;

import org.carbonedge.avro.HeldRequest;

/**
 * The answer to {@code GET /v1/requests/{id}}: where an accepted request stands. {@code status} is PENDING until
 * its outcome arrives, HELD while the router holds a deferrable request for a cleaner grid (and no outcome has been
 * read), then OK, FAILED or REJECTED (from its emission record) or INVALID (the router dead-lettered it);
 * {@code prediction} holds the model outputs once the last stage reported them, {@code emissions} the emission
 * record, {@code held} the router's latest plan while HELD, {@code reason} why it failed, was rejected, was invalid
 * or waits.
 */
public record RequestStatus(String requestId, String status, String modelId, String policy, String acceptedAt,
                            Prediction prediction, EmissionJson emissions, String reason, Held held) {

    /** The statuses a request goes through. */
    public enum Status { PENDING, HELD, OK, FAILED, REJECTED, INVALID }

    /** The model outputs of the request. */
    public record Prediction(List<OutputJson> outputs) {
    }

    /**
     * The router's latest plan for a held request, instants ISO-8601 UTC. The figures are estimates made when it
     * decided (the outcome's emission record has the measured ones); a figure the notice gave as NaN or infinite is
     * null, since JSON has no such numbers.
     *
     * @param heldAt       when the router first held it
     * @param decidedAt    when it decided on this release time (heldAt, or a later re-plan)
     * @param releaseAt    when it plans to release it
     * @param deadlineAt   the request's hard completion deadline
     * @param expectedGco2 expected total emissions when released at releaseAt, grams CO2e
     * @param runNowGco2   expected total emissions had it run at heldAt, grams CO2e
     */
    public record Held(String heldAt, String decidedAt, String releaseAt, String deadlineAt, Double expectedGco2,
                       Double runNowGco2) {

        static Held of(HeldRequest n) {
            return new Held(text(n.getHeldAt()), text(n.getDecidedAt()), text(n.getReleaseAt()),
                    text(n.getDeadlineAt()), finite(n.getExpectedGco2()), finite(n.getRunNowGco2()));
        }

        private static String text(Instant at) {
            return at == null ? null : at.toString();
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }
}
