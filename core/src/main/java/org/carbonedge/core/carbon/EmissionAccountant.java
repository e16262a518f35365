package org.carbonedge.core.carbon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.PlanDeferral;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TransferEmission;
import org.carbonedge.core.energy.EnergyModel;

/**
 * Turns the stage results of one inference into its emission record, SCI-style with R = one inference:
 * <ul>
 *   <li>each stage: energyJoules × PUE × I(zone, startedAt);</li>
 *   <li>each hand-over from stage i to a different device: bytesOut(i) × kWh/GB × I(sender zone, endedAt(i));</li>
 *   <li>embodied: the sum of the executors' embodied shares (SCI's M);</li>
 *   <li>total = operational + transfer + embodied; marginal (operational + transfer with MARGINAL values) only when
 *       every zone used has one.</li>
 * </ul>
 * A zone without a known intensity at that time gets {@link AccountingConfig#defaultIntensity()} (ESTIMATED). The
 * record's kind is the weakest kind used. A FAILED record accounts the stages that completed, since their energy
 * was spent.
 *
 * <p>A deferrable request's plan carries its {@link PlanDeferral}: the record then says when it was released, how
 * long it was held, and its counterfactual {@code runNowGco2} — the same measured energy priced with the intensities
 * the router planned with when it first decided (the transfer and embodied terms as measured), so
 * {@code runNowGco2 - totalGco2} isolates what waiting changed.
 */
public final class EmissionAccountant {

    private final AccountingConfig config;

    public EmissionAccountant(AccountingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public AccountingConfig config() {
        return config;
    }

    /**
     * The OK record of a request whose every stage reported OK.
     *
     * @param results exactly one OK result per stage of {@code header.plan()}
     * @throws IllegalArgumentException when a stage is missing, repeated, not OK, or out of the plan
     */
    public EmissionRecord completed(RequestHeader header, Collection<PartitionResult> results, IntensityLookup lookup) {
        List<PartitionResult> sorted = checked(header, results);
        int stages = header.plan().getStages().size();
        if (sorted.size() != stages) {
            throw new IllegalArgumentException("request " + header.requestId() + " has results for "
                    + stageIndexes(sorted) + " of " + stages + " stages");
        }
        Instant completedAt = sorted.stream().map(PartitionResult::getEndedAt).max(Comparator.naturalOrder()).orElseThrow();
        return build(header, sorted, InferenceStatus.OK, null, completedAt, lookup);
    }

    /**
     * The FAILED record of a request, with the emissions of the stages that completed.
     *
     * @param completed   OK results received (any subset of the stages, possibly none)
     * @param reason      why it failed, in words
     * @param completedAt when it failed or was given up
     */
    public EmissionRecord failed(RequestHeader header, Collection<PartitionResult> completed, String reason,
                                 Instant completedAt, IntensityLookup lookup) {
        Objects.requireNonNull(reason, "reason");
        return build(header, checked(header, completed), InferenceStatus.FAILED, reason, completedAt, lookup);
    }

    /** Stage indexes of {@code results} in order, for messages. */
    public static List<Integer> stageIndexes(Collection<PartitionResult> results) {
        return results.stream().map(PartitionResult::getStageIndex).sorted().toList();
    }

    private EmissionRecord build(RequestHeader header, List<PartitionResult> results, InferenceStatus status,
                                 String reason, Instant completedAt, IntensityLookup lookup) {
        EmissionRecord record = price(header, results, status, reason, completedAt, lookup);
        ExecutionPlan plan = header.plan();
        record.setFamily(plan.getFamily());
        record.setAccuracy(plan.getAccuracy());
        record.setRequestedModelId(plan.getRequestedModelId());
        record.setPlannedAt(plan.getPlannedAt());
        PlanDeferral deferral = plan.getDeferral();
        if (deferral == null) {
            return record;
        }
        // the counterfactual: the same measured energy, priced at the intensities the router planned with when it
        // first decided on the request (what running at once would have cost)
        EmissionRecord atOnce = price(header, results, status, reason, completedAt, atHold(deferral, lookup));
        record.setReleasedAt(deferral.getReleasedAt());
        record.setHeldMillis(Math.max(0, deferral.getReleasedAt().toEpochMilli() - deferral.getHeldAt().toEpochMilli()));
        record.setRunNowGco2(atOnce.getTotalGco2());
        return record;
    }

    /**
     * {@code lookup}, except that the average intensity of every zone the router recorded at hold time is that
     * value, whenever asked.
     */
    private static IntensityLookup atHold(PlanDeferral deferral, IntensityLookup lookup) {
        Map<String, Double> then = deferral.getGco2PerKwhAtHold();
        return (zone, signal, time) -> {
            Double v = signal == SignalType.AVERAGE ? then.get(zone) : null;
            return v != null && Double.isFinite(v) && v >= 0
                    ? Optional.of(new Intensity(v, IntensityKind.MEASURED, SignalType.AVERAGE, "router-at-hold"))
                    : lookup.at(zone, signal, time);
        };
    }

    private EmissionRecord price(RequestHeader header, List<PartitionResult> results, InferenceStatus status,
                                 String reason, Instant completedAt, IntensityLookup lookup) {
        ExecutionPlan plan = header.plan();
        List<StageEmission> parts = new ArrayList<>(results.size());
        List<TransferEmission> transfers = new ArrayList<>();
        double energyJoules = 0;
        double operationalGco2 = 0;
        double transferGco2 = 0;
        double embodiedGco2 = 0;
        double marginalGco2 = 0;
        boolean marginalComplete = !results.isEmpty();
        IntensityKind weakest = IntensityKind.MEASURED;

        for (int i = 0; i < results.size(); i++) {
            PartitionResult r = results.get(i);
            PlanStage stage = plan.getStages().get(r.getStageIndex());
            Intensity intensity = average(lookup, r.getZone(), r.getStartedAt());
            double gco2 = Carbon.grams(r.getEnergyJoules(), intensity.gco2PerKwh(), config.pue());
            parts.add(StageEmission.newBuilder()
                    .setStageIndex(r.getStageIndex())
                    .setDeviceId(r.getDeviceId())
                    .setZone(r.getZone())
                    .setFirstPartition(stage.getFirstPartition())
                    .setLastPartition(stage.getLastPartition())
                    .setStartedAt(r.getStartedAt())
                    .setComputeMillis(r.getComputeNanos() / 1e6)
                    .setEnergyJoules(r.getEnergyJoules())
                    .setGco2PerKwh(intensity.gco2PerKwh())
                    .setIntensityKind(intensity.kind())
                    .setGco2(gco2)
                    .build());
            energyJoules += r.getEnergyJoules();
            operationalGco2 += gco2;
            embodiedGco2 += r.getEmbodiedGco2();
            weakest = Intensity.weaker(weakest, intensity.kind());
            Optional<Intensity> marginal = lookup.at(r.getZone(), SignalType.MARGINAL, r.getStartedAt());
            if (marginal.isPresent()) {
                marginalGco2 += Carbon.grams(r.getEnergyJoules(), marginal.get().gco2PerKwh(), config.pue());
            } else {
                marginalComplete = false;
            }

            String receiver = receiverOf(plan, results, i);
            if (receiver != null && !receiver.equals(r.getDeviceId()) && r.getBytesOut() > 0) {
                Intensity senderIntensity = average(lookup, r.getZone(), r.getEndedAt());
                double joules = EnergyModel.transferJoules(r.getBytesOut(), config.kwhPerGigabyte());
                double grams = Carbon.grams(joules, senderIntensity.gco2PerKwh(), 1.0);
                transfers.add(TransferEmission.newBuilder()
                        .setFromDeviceId(r.getDeviceId())
                        .setToDeviceId(receiver)
                        .setBytes(r.getBytesOut())
                        .setEnergyJoules(joules)
                        .setGco2PerKwh(senderIntensity.gco2PerKwh())
                        .setGco2(grams)
                        .build());
                energyJoules += joules;
                transferGco2 += grams;
                weakest = Intensity.weaker(weakest, senderIntensity.kind());
                Optional<Intensity> senderMarginal = lookup.at(r.getZone(), SignalType.MARGINAL, r.getEndedAt());
                if (senderMarginal.isPresent()) {
                    marginalGco2 += Carbon.grams(joules, senderMarginal.get().gco2PerKwh(), 1.0);
                } else {
                    marginalComplete = false;
                }
            }
        }

        return EmissionRecord.newBuilder()
                .setRequestId(header.requestId())
                .setModelId(header.modelId())
                .setPolicy(plan.getPolicy())
                .setStatus(status)
                .setReason(reason)
                .setSubmittedAt(header.submittedAt())
                .setCompletedAt(completedAt)
                .setLatencyMillis(latencyMillis(header.submittedAt(), completedAt))
                .setSchedulingNanos(plan.getSchedulingNanos())
                .setParts(parts)
                .setTransfers(transfers)
                .setEnergyJoules(energyJoules)
                .setOperationalGco2(operationalGco2)
                .setTransferGco2(transferGco2)
                .setEmbodiedGco2(embodiedGco2)
                .setTotalGco2(operationalGco2 + transferGco2 + embodiedGco2)
                .setMarginalGco2(marginalComplete ? marginalGco2 : null)
                .setSignal(SignalType.AVERAGE)
                .setIntensityKind(weakest)
                .setPue(config.pue())
                .setAttributes(plan.getAttributes())
                .build();
    }

    /**
     * The device stage {@code i}'s output went to: the device that reported the next stage, else the one the plan
     * named for it; null for the plan's last stage.
     */
    private static String receiverOf(ExecutionPlan plan, List<PartitionResult> sorted, int i) {
        int next = sorted.get(i).getStageIndex() + 1;
        if (next >= plan.getStages().size()) {
            return null;
        }
        if (i + 1 < sorted.size() && sorted.get(i + 1).getStageIndex() == next) {
            return sorted.get(i + 1).getDeviceId();
        }
        return plan.getStages().get(next).getDeviceId();
    }

    private Intensity average(IntensityLookup lookup, String zone, Instant time) {
        return lookup.at(zone, SignalType.AVERAGE, time).orElse(config.defaultIntensity());
    }

    private static List<PartitionResult> checked(RequestHeader header, Collection<PartitionResult> results) {
        int stages = header.plan().getStages().size();
        List<PartitionResult> sorted = results.stream()
                .sorted(Comparator.comparingInt(PartitionResult::getStageIndex)).toList();
        for (int i = 0; i < sorted.size(); i++) {
            PartitionResult r = sorted.get(i);
            if (!header.requestId().equals(r.getRequestId())) {
                throw new IllegalArgumentException("result of request " + r.getRequestId() + " given for "
                        + header.requestId());
            }
            if (r.getStatus() != PartitionStatus.OK) {
                throw new IllegalArgumentException("stage " + r.getStageIndex() + " of " + header.requestId()
                        + " is " + r.getStatus() + ", only OK results are accounted");
            }
            if (r.getStageIndex() < 0 || r.getStageIndex() >= stages) {
                throw new IllegalArgumentException("stage " + r.getStageIndex() + " of " + header.requestId()
                        + " is outside its plan of " + stages + " stages");
            }
            if (i > 0 && sorted.get(i - 1).getStageIndex() == r.getStageIndex()) {
                throw new IllegalArgumentException("stage " + r.getStageIndex() + " of " + header.requestId()
                        + " given twice");
            }
        }
        return sorted;
    }

    /**
     * Milliseconds from submission to completion, in doubles: {@code Duration.toNanos} throws for instants about
     * 292 years apart, and a client may send any submittedAt in the past, and the exception would fail the emissions job.
     */
    static double latencyMillis(Instant submittedAt, Instant completedAt) {
        double whole = (double) completedAt.getEpochSecond() - submittedAt.getEpochSecond();
        return whole * 1000 + (completedAt.getNano() - submittedAt.getNano()) / 1e6;
    }
}
