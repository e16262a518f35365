package org.carbonedge.ingest.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.Tensor;
import org.carbonedge.ingest.client.OutcomeListener;
import org.carbonedge.schemas.Topics;

/**
 * What the gateway knows about the requests it accepted: outputs of their last stage, their emission record, the
 * router's dead-letter reason, or the router's latest notice that it holds a deferrable request for a cleaner grid.
 * Only accepted requests are kept, each for a time-to-live, and at most {@code maxRequests} at once (oldest accepted
 * forgotten first), so memory stays bounded whatever the traffic.
 *
 * <p>The time-to-live runs from acceptance, except for a deferrable request: the router may hold it until its
 * deadline, so it runs from its deadline (when that is later), and the caller can still read the outcome of a request
 * released at the last moment. The count limit bounds such requests as it bounds the others.
 *
 * <p>A held notice only describes a request no outcome has been read for: an emission record always wins, whichever
 * of the two is read first (they come from different topics, so their order is not guaranteed), and among notices
 * the newest decision ({@code decidedAt}) wins, whatever order they are read in.
 */
final class RequestTracker implements OutcomeListener {

    /** The longest router reason kept from a held notice: the reason is for people, and memory is per request. */
    static final int MAX_REASON_CHARS = 1024;

    private static final class Entry {
        final String requestId;
        final String modelId;
        final String policy;
        final Instant acceptedAt;
        final Instant expiresAt;
        final long sequence;
        EmissionRecord emission;
        Instant emissionSeenAt;
        List<Tensor> outputs;
        String invalidReason;
        RequestStatus.Held held;
        Instant heldDecidedAt;
        String heldReason;

        Entry(String requestId, String modelId, String policy, Instant acceptedAt, Instant expiresAt, long sequence) {
            this.requestId = requestId;
            this.modelId = modelId;
            this.policy = policy;
            this.acceptedAt = acceptedAt;
            this.expiresAt = expiresAt;
            this.sequence = sequence;
        }
    }

    private final Clock clock;
    private final Duration ttl;
    private final Duration predictionGrace;
    private final int maxRequests;
    /** By acceptance: the count limit forgets the oldest first. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    /** By expiry: deferrable requests expire out of acceptance order. */
    private final TreeSet<Entry> byExpiry = new TreeSet<>(
            Comparator.<Entry, Instant>comparing(e -> e.expiresAt).thenComparingLong(e -> e.sequence));
    private long sequence;
    private long heldSeen;

    RequestTracker(Clock clock, Duration ttl, Duration predictionGrace, int maxRequests) {
        this.clock = clock;
        this.ttl = ttl;
        this.predictionGrace = predictionGrace;
        this.maxRequests = maxRequests;
    }

    /** Starts following a request that runs at once (before it is published, so no outcome can be missed). */
    synchronized void track(String requestId, String modelId, String policy) {
        track(requestId, modelId, policy, null);
    }

    /**
     * Starts following {@code requestId} (before it is published, so no outcome can be missed).
     *
     * @param deferrableDeadline a deferrable request's deadline (its time-to-live runs from then), null otherwise
     */
    synchronized void track(String requestId, String modelId, String policy, Instant deferrableDeadline) {
        Instant now = clock.instant();
        evict(now);
        Instant from = deferrableDeadline != null && deferrableDeadline.isAfter(now) ? deferrableDeadline : now;
        Instant expiresAt;
        try {
            expiresAt = from.plus(ttl);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            expiresAt = Instant.MAX;
        }
        Entry entry = new Entry(requestId, modelId, policy, now, expiresAt, sequence++);
        Entry previous = entries.put(requestId, entry);
        if (previous != null) {
            byExpiry.remove(previous);
        }
        byExpiry.add(entry);
        while (entries.size() > maxRequests) {
            Iterator<Entry> it = entries.values().iterator();
            byExpiry.remove(it.next());
            it.remove();
        }
    }

    /** Stops following a request that was not published after all. */
    synchronized void forget(String requestId) {
        Entry e = entries.remove(requestId);
        if (e != null) {
            byExpiry.remove(e);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** Requests followed here that the router was seen holding (each counted at its first notice). */
    synchronized long heldSeen() {
        return heldSeen;
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
        RequestStatus.Held held = null;
        if (e.invalidReason != null) {
            status = RequestStatus.Status.INVALID;
            reason = e.invalidReason;
        } else if (e.emission != null && !awaitingPrediction(e, now)) {
            status = RequestStatus.Status.valueOf(e.emission.getStatus().name());
            reason = e.emission.getReason();
            emissions = EmissionJson.of(e.emission);
        } else if (e.emission == null && e.held != null) {
            status = RequestStatus.Status.HELD;
            reason = e.heldReason;
            held = e.held;
        } else {
            status = RequestStatus.Status.PENDING;
        }
        return Optional.of(new RequestStatus(e.requestId, status.name(), e.modelId, e.policy, e.acceptedAt.toString(),
                prediction, emissions, reason, held));
    }

    /** An OK record whose prediction (on another topic) has not been read yet: wait for it a little. */
    private boolean awaitingPrediction(Entry e, Instant now) {
        return e.emission.getStatus() == InferenceStatus.OK && e.outputs == null
                && now.isBefore(e.emissionSeenAt.plus(predictionGrace));
    }

    private void evict(Instant now) {
        while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.first().expiresAt)) {
            Entry e = byExpiry.pollFirst();
            entries.remove(e.requestId, e);
        }
    }

    @Override
    public synchronized void onEmission(EmissionRecord record) {
        Entry e = entries.get(record.getRequestId());
        if (e != null && e.emission == null) {
            e.emission = record;
            e.emissionSeenAt = clock.instant();
            e.held = null; // the outcome wins over any notice: nothing left to say about the hold
            e.heldReason = null;
        }
    }

    /**
     * Keeps the newest notice for a request this gateway accepted, while no outcome was read for it. Notices for
     * requests it does not follow (another gateway's, expired, or made up) and for another model than the one it
     * accepted are ignored; a notice read after the emission record changes nothing.
     */
    @Override
    public synchronized void onHeldRequest(HeldRequest notice) {
        Entry e = entries.get(notice.getRequestId());
        if (e == null || e.emission != null || e.invalidReason != null || !e.modelId.equals(notice.getModelId())) {
            return;
        }
        if (e.held != null && e.heldDecidedAt.isAfter(notice.getDecidedAt())) {
            return; // an older decision read late
        }
        if (e.held == null) {
            heldSeen++;
        }
        e.held = RequestStatus.Held.of(notice);
        e.heldDecidedAt = notice.getDecidedAt();
        String reason = notice.getReason();
        e.heldReason = reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
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
            e.held = null;
            e.heldReason = null;
        }
    }
}
