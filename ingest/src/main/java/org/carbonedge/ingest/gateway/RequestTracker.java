package org.carbonedge.ingest.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.Tensor;
import org.carbonedge.ingest.client.OutcomeListener;
import org.carbonedge.schemas.Topics;

/**
 * What the gateway knows about the requests it accepted: outputs of their last stage, their emission record, or
 * the router's dead-letter reason. Only accepted requests are kept, each for a time-to-live from acceptance and at
 * most {@code maxRequests} at once (oldest forgotten first), so memory stays bounded whatever the traffic.
 */
final class RequestTracker implements OutcomeListener {

    private static final class Entry {
        final String requestId;
        final String modelId;
        final String policy;
        final Instant acceptedAt;
        EmissionRecord emission;
        Instant emissionSeenAt;
        List<Tensor> outputs;
        String invalidReason;

        Entry(String requestId, String modelId, String policy, Instant acceptedAt) {
            this.requestId = requestId;
            this.modelId = modelId;
            this.policy = policy;
            this.acceptedAt = acceptedAt;
        }
    }

    private final Clock clock;
    private final Duration ttl;
    private final Duration predictionGrace;
    private final int maxRequests;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    RequestTracker(Clock clock, Duration ttl, Duration predictionGrace, int maxRequests) {
        this.clock = clock;
        this.ttl = ttl;
        this.predictionGrace = predictionGrace;
        this.maxRequests = maxRequests;
    }

    /** Starts following {@code requestId} (before it is published, so no outcome can be missed). */
    synchronized void track(String requestId, String modelId, String policy) {
        Instant now = clock.instant();
        evict(now);
        entries.put(requestId, new Entry(requestId, modelId, policy, now));
        while (entries.size() > maxRequests) {
            Iterator<Entry> it = entries.values().iterator();
            it.next();
            it.remove();
        }
    }

    /** Stops following a request that was not published after all. */
    synchronized void forget(String requestId) {
        entries.remove(requestId);
    }

    synchronized int size() {
        return entries.size();
    }

    /** Where {@code requestId} stands, or empty when it was never accepted here or has expired. */
    synchronized Optional<RequestStatus> status(String requestId) {
        Instant now = clock.instant();
        evict(now);
        Entry e = entries.get(requestId);
        if (e == null) {
            return Optional.empty();
        }
        RequestStatus.Prediction prediction = e.outputs == null ? null
                : new RequestStatus.Prediction(e.outputs.stream().map(OutputJson::of).toList());
        RequestStatus.Status status;
        String reason = null;
        EmissionJson emissions = null;
        if (e.invalidReason != null) {
            status = RequestStatus.Status.INVALID;
            reason = e.invalidReason;
        } else if (e.emission != null && !awaitingPrediction(e, now)) {
            status = RequestStatus.Status.valueOf(e.emission.getStatus().name());
            reason = e.emission.getReason();
            emissions = EmissionJson.of(e.emission);
        } else {
            status = RequestStatus.Status.PENDING;
        }
        return Optional.of(new RequestStatus(e.requestId, status.name(), e.modelId, e.policy, e.acceptedAt.toString(),
                prediction, emissions, reason));
    }

    /** An OK record whose prediction (on another topic) has not been read yet: wait for it a little. */
    private boolean awaitingPrediction(Entry e, Instant now) {
        return e.emission.getStatus() == InferenceStatus.OK && e.outputs == null
                && now.isBefore(e.emissionSeenAt.plus(predictionGrace));
    }

    private void evict(Instant now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (now.isBefore(e.acceptedAt.plus(ttl))) {
                return; // insertion order = acceptance order: the rest are younger
            }
            it.remove();
        }
    }

    @Override
    public synchronized void onEmission(EmissionRecord record) {
        Entry e = entries.get(record.getRequestId());
        if (e != null && e.emission == null) {
            e.emission = record;
            e.emissionSeenAt = clock.instant();
        }
    }

    @Override
    public synchronized void onPartitionResult(PartitionResult result) {
        Entry e = entries.get(result.getRequestId());
        boolean lastStage = result.getStageIndex() == result.getPlan().getStages().size() - 1;
        if (e != null && result.getStatus() == PartitionStatus.OK && lastStage && !result.getOutputs().isEmpty()) {
            e.outputs = List.copyOf(result.getOutputs());
        }
    }

    @Override
    public synchronized void onDeadLetter(String key, DeadLetter letter) {
        if (key == null || !Topics.carriesRequests(letter.getSourceTopic())) {
            return;
        }
        Entry e = entries.get(key);
        if (e != null && e.emission == null) {
            e.invalidReason = letter.getReason();
        }
    }
}
