package org.carbonedge.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TransferEmission;

/** Hand-made emission records for ledger tests; the record-level sums are the stages' and transfers' sums. */
public final class Emissions {

    private Emissions() {
    }

    public static StageEmission stage(int index, String deviceId, String zone, double computeMillis, double joules,
                                      double gco2) {
        return StageEmission.newBuilder().setStageIndex(index).setDeviceId(deviceId).setZone(zone)
                .setFirstPartition(index).setLastPartition(index).setStartedAt(Instant.parse("2026-11-26T23:00:00Z"))
                .setComputeMillis(computeMillis).setEnergyJoules(joules).setGco2PerKwh(400)
                .setIntensityKind(IntensityKind.MEASURED).setGco2(gco2).build();
    }

    public static TransferEmission transfer(String from, String to, double joules, double gco2) {
        return TransferEmission.newBuilder().setFromDeviceId(from).setToDeviceId(to).setBytes(1000)
                .setEnergyJoules(joules).setGco2PerKwh(400).setGco2(gco2).build();
    }

    public static EmissionRecord record(String requestId, String modelId, String policy, InferenceStatus status,
                                        Instant completedAt, double latencyMillis, double pue, double embodiedGco2,
                                        List<StageEmission> parts, List<TransferEmission> transfers) {
        double joules = 0;
        double operational = 0;
        double transferGco2 = 0;
        for (StageEmission p : parts) {
            joules += p.getEnergyJoules();
            operational += p.getGco2();
        }
        for (TransferEmission t : transfers) {
            joules += t.getEnergyJoules();
            transferGco2 += t.getGco2();
        }
        return EmissionRecord.newBuilder().setRequestId(requestId).setModelId(modelId).setPolicy(policy)
                .setStatus(status).setReason(status == InferenceStatus.OK ? null : "test " + status)
                .setSubmittedAt(completedAt.minusMillis((long) latencyMillis)).setCompletedAt(completedAt)
                .setLatencyMillis(latencyMillis).setSchedulingNanos(2000).setParts(parts).setTransfers(transfers)
                .setEnergyJoules(joules).setOperationalGco2(operational).setTransferGco2(transferGco2)
                .setEmbodiedGco2(embodiedGco2).setTotalGco2(operational + transferGco2 + embodiedGco2)
                .setMarginalGco2(null).setSignal(SignalType.AVERAGE).setIntensityKind(IntensityKind.MEASURED)
                .setPue(pue).setAttributes(Map.of()).build();
    }

    /** OK, mnist-cnn, green, 23:15Z: edge-a (DE) 60 ms 3.6 J 0.4 g → 0.36 J 0.04 g → edge-b (FR) 20 ms 1.8 J 0.05 g. */
    public static EmissionRecord twoDeviceOk() {
        return record("r1", "mnist-cnn", "green", InferenceStatus.OK, Instant.parse("2026-11-26T23:15:00Z"), 120,
                1.2, 0.08,
                List.of(stage(0, "edge-a", "DE", 60, 3.6, 0.4), stage(1, "edge-b", "FR", 20, 1.8, 0.05)),
                List.of(transfer("edge-a", "edge-b", 0.36, 0.04)));
    }

    /** FAILED, mnist-cnn, performance, 00:05Z next day: edge-a (DE) 40 ms 2.4 J 0.3 g, embodied 0.04 g. */
    public static EmissionRecord oneDeviceFailed() {
        return record("r2", "mnist-cnn", "performance", InferenceStatus.FAILED, Instant.parse("2026-11-27T00:05:00Z"),
                500, 1.0, 0.04, List.of(stage(0, "edge-a", "DE", 40, 2.4, 0.3)), List.of());
    }

    /** REJECTED, squeezenet, green, the last millisecond of 23:00Z: no stages, nothing emitted. */
    public static EmissionRecord rejected() {
        return record("r3", "squeezenet", "green", InferenceStatus.REJECTED,
                Instant.parse("2026-11-26T23:59:59.999Z"), 30_000, 1.0, 0, List.of(), List.of());
    }

    /** {@code r} as a deferrable request's record: held {@code heldMillis}, {@code runNowGco2} had it run at once. */
    public static EmissionRecord deferred(EmissionRecord r, String requestId, double runNowGco2, long heldMillis) {
        return EmissionRecord.newBuilder(r).setRequestId(requestId).setRunNowGco2(runNowGco2)
                .setHeldMillis(heldMillis).setReleasedAt(r.getSubmittedAt().plusMillis(heldMillis)).build();
    }

    /**
     * {@code r} as the record of a request with an accuracy floor: variant {@code modelId} of {@code family}, with
     * accuracy {@code accuracy}, ran for a request that named {@code family + "-w100"}.
     */
    public static EmissionRecord variant(EmissionRecord r, String requestId, String family, String modelId,
                                         Double accuracy) {
        return EmissionRecord.newBuilder(r).setRequestId(requestId).setModelId(modelId).setFamily(family)
                .setAccuracy(accuracy).setRequestedModelId(family + "-w100").build();
    }
}
