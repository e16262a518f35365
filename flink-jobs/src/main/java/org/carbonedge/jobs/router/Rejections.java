package org.carbonedge.jobs.router;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.routing.HoldTicket;

/**
 * The emission record of a request that was never dispatched: nothing ran, nothing was emitted, and why. The latency
 * is computed in doubles: Duration.toNanos throws for instants ~292 years apart.
 */
final class Rejections {

    private Rejections() {
    }

    static EmissionRecord of(InferenceRequest request, String reason, Instant now, double pue) {
        return of(request.getRequestId(), request.getModelId(), request.getPolicy(), request.getSubmittedAt(),
                request.getAttributes(), reason, now, pue);
    }

    /** A held request that could not be read back at its release: only its ticket is known. */
    static EmissionRecord ofHeld(String requestId, HoldTicket held, String reason, Instant now, double pue) {
        return of(requestId, held.modelId(), held.policy(), Instant.ofEpochMilli(held.submittedAtMillis()), Map.of(),
                reason, now, pue);
    }

    private static EmissionRecord of(String requestId, String modelId, String policy, Instant submittedAt,
                                     Map<String, String> attributes, String reason, Instant now, double pue) {
        return EmissionRecord.newBuilder().setRequestId(requestId).setModelId(modelId)
                .setPolicy(policy).setStatus(InferenceStatus.REJECTED).setReason(reason)
                .setSubmittedAt(submittedAt).setCompletedAt(now)
                .setLatencyMillis(Math.max(0, (double) now.toEpochMilli() - (double) submittedAt.toEpochMilli()))
                .setSchedulingNanos(0).setParts(List.of()).setTransfers(List.of()).setEnergyJoules(0)
                .setOperationalGco2(0).setTransferGco2(0).setEmbodiedGco2(0).setTotalGco2(0).setMarginalGco2(null)
                .setSignal(SignalType.AVERAGE).setIntensityKind(IntensityKind.ESTIMATED).setPue(pue)
                .setAttributes(attributes).build();
    }
}
