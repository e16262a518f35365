package org.carbonedge.core.routing;

import org.carbonedge.avro.PartitionTask;

/** What the router decided for one request. */
public sealed interface RoutingDecision {

    /** Planned: send {@code task} to the first stage's device. */
    record Routed(PartitionTask task) implements RoutingDecision {
    }

    /** Not now: no eligible device or the model is not known yet; try again until the request's deadline. */
    record Retry(String reason) implements RoutingDecision {
    }

    /**
     * Later: a deferrable request expected to emit less if released at {@code ticket.releaseAtMillis()}; keep the
     * ticket (not the request) and come back then ({@link RequestRouter#reconsider}, {@link RequestRouter#release}).
     */
    record Held(HoldTicket ticket) implements RoutingDecision {
    }

    /**
     * Never, though the request is well formed: what it asks cannot be served (no variant of its family reaches its
     * accuracy floor); it ends REJECTED with the reason.
     */
    record Rejected(String reason) implements RoutingDecision {
    }

    /** Never: the request itself is wrong; dead-letter it with the reason. */
    record Invalid(String reason) implements RoutingDecision {
    }
}
