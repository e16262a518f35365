package org.carbonedge.ingest.client;

import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.PartitionResult;

/**
 * What an {@link OutcomeFollower} hands over as it reads: the records that tell a caller how its requests ended.
 * Called on the follower's one thread, so implementations must be quick and thread-safe towards their readers.
 */
public interface OutcomeListener {

    /** An emission record (one per request, read_committed). */
    default void onEmission(EmissionRecord record) {
    }

    /** A stage's result; the last stage's carries the model outputs. */
    default void onPartitionResult(PartitionResult result) {
    }

    /** A dead letter, with its Kafka key (the source record's key: the request id for requests). */
    default void onDeadLetter(String key, DeadLetter letter) {
    }

    /**
     * A notice that the router holds a deferrable request for a cleaner grid (a newer one when it re-plans); only
     * when the follower was started to follow {@code carbonedge.held-requests}. Informational: the request's
     * outcome is still its emission record, which may be read before or after a notice.
     */
    default void onHeldRequest(HeldRequest notice) {
    }
}
