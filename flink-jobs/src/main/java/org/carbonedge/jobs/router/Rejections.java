package org.carbonedge.jobs.router;

import java.time.Instant;
import java.util.List;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;

/**
 * The emission record of a request that was never dispatched: nothing ran, nothing was emitted, and why. The latency
 * is computed in doubles: Duration.toNanos throws for instants ~292 years apart.
 */
final class Rejections {

    private Rejections() {
    }

    static EmissionRecord of(InferenceRequest request, String reason, Instant now, double pue) {
        return EmissionRecord.newBuilder().setRequestId(request.getRequestId()).setModelId(request.getModelId())
                .setPolicy(request.getPolicy()).setStatus(InferenceStatus.REJECTED).setReason(reason)
                .setSubmittedAt(request.getSubmittedAt()).setCompletedAt(now)
                .setLatencyMillis(Math.max(0, (double) now.toEpochMilli() - (double) request.getSubmittedAt().toEpochMilli()))
                .setSchedulingNanos(0).setParts(List.of()).setTransfers(List.of()).setEnergyJoules(0)
                .setOperationalGco2(0).setTransferGco2(0).setEmbodiedGco2(0).setTotalGco2(0).setMarginalGco2(null)
                .setSignal(SignalType.AVERAGE).setIntensityKind(IntensityKind.ESTIMATED).setPue(pue)
                .setAttributes(request.getAttributes()).build();
    }
}
