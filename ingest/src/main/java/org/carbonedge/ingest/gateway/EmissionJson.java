package org.carbonedge.ingest.gateway;

import java.util.List;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TransferEmission;

/**
 * An emission record as JSON readers get it (the gateway's {@code "emissions"}, {@code carbonedge subscribe
 * --format json}): flat names with units, instants as ISO-8601 UTC text, zones and devices in stage order.
 *
 * <p>For a deferrable request: {@code releasedAt} (when the router released it; null for a request that could not
 * wait), {@code heldMillis} (how long it was held, 0 when it ran at once), {@code runNowGco2} (the counterfactual,
 * total gCO2e had it run when the router first decided) and {@code savedGco2} ({@code runNowGco2 - totalGco2}, what
 * waiting saved; negative when it cost carbon); the last two are null for a request that could not wait. For a
 * request with an accuracy floor, {@code modelId} is the variant that answered, {@code family} its family,
 * {@code accuracy} its accuracy and {@code requestedModelId} the model the request named (null otherwise).
 */
public record EmissionJson(String requestId, String modelId, String policy, String status, String reason,
                           String submittedAt, String completedAt, double latencyMillis, long schedulingNanos,
                           double energyJoules, double totalGco2, double operationalGco2, double transferGco2,
                           double embodiedGco2, Double marginalGco2, String signal, String intensityKind, double pue,
                           List<String> zones, List<String> devices, List<Stage> parts, List<Transfer> transfers,
                           String releasedAt, long heldMillis, Double runNowGco2, Double savedGco2,
                           String family, Double accuracy, String requestedModelId) {

    /** One stage's share. */
    public record Stage(int stageIndex, String deviceId, String zone, int firstPartition, int lastPartition,
                        String startedAt, double computeMillis, double energyJoules, double gco2PerKwh,
                        String intensityKind, double gco2) {
    }

    /** One transfer between stages. */
    public record Transfer(String fromDeviceId, String toDeviceId, long bytes, double energyJoules, double gco2PerKwh,
                           double gco2) {
    }

    public static EmissionJson of(EmissionRecord r) {
        List<Stage> parts = r.getParts().stream().map(EmissionJson::stage).toList();
        return new EmissionJson(r.getRequestId(), r.getModelId(), r.getPolicy(), r.getStatus().name(), r.getReason(),
                String.valueOf(r.getSubmittedAt()), String.valueOf(r.getCompletedAt()), r.getLatencyMillis(),
                r.getSchedulingNanos(), r.getEnergyJoules(), r.getTotalGco2(), r.getOperationalGco2(),
                r.getTransferGco2(), r.getEmbodiedGco2(), r.getMarginalGco2(), r.getSignal().name(),
                r.getIntensityKind().name(), r.getPue(), zones(r), devices(r), parts,
                r.getTransfers().stream().map(EmissionJson::transfer).toList(),
                r.getReleasedAt() == null ? null : r.getReleasedAt().toString(), r.getHeldMillis(),
                finite(r.getRunNowGco2()), savedGco2(r), r.getFamily(), finite(r.getAccuracy()),
                r.getRequestedModelId());
    }

    /** What waiting saved, run-now minus actual gCO2e; null for a request that could not wait (or a bad figure). */
    private static Double savedGco2(EmissionRecord r) {
        Double runNow = finite(r.getRunNowGco2());
        return runNow == null ? null : finite(runNow - r.getTotalGco2());
    }

    /** JSON has no NaN or infinity: such a figure (a broken record) is written as null. */
    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    /** Distinct zones of the stages, in stage order. */
    public static List<String> zones(EmissionRecord r) {
        return r.getParts().stream().map(StageEmission::getZone).distinct().toList();
    }

    /** Distinct devices of the stages, in stage order. */
    public static List<String> devices(EmissionRecord r) {
        return r.getParts().stream().map(StageEmission::getDeviceId).distinct().toList();
    }

    private static Stage stage(StageEmission s) {
        return new Stage(s.getStageIndex(), s.getDeviceId(), s.getZone(), s.getFirstPartition(), s.getLastPartition(),
                String.valueOf(s.getStartedAt()), s.getComputeMillis(), s.getEnergyJoules(), s.getGco2PerKwh(),
                s.getIntensityKind().name(), s.getGco2());
    }

    private static Transfer transfer(TransferEmission t) {
        return new Transfer(t.getFromDeviceId(), t.getToDeviceId(), t.getBytes(), t.getEnergyJoules(),
                t.getGco2PerKwh(), t.getGco2());
    }
}
