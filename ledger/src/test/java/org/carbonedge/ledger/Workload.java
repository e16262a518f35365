package org.carbonedge.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TransferEmission;

/** A seeded mix of emission records over three devices in three zones, four policies, two models and three hours. */
final class Workload {

    static final String[] DEVICES = {"edge-high", "edge-medium", "edge-green"};
    static final String[] ZONES = {"DE", "FR", "SE"};
    static final String[] MODELS = {"mnist-cnn", "squeezenet"};
    /** A custom policy's name holds ':' and ',' — it must survive keys, URLs and CSV. */
    static final String[] POLICIES = {"green", "performance", "balanced", "custom:0.2,0.2,0.2,0.2,0.2"};

    private Workload() {
    }

    static List<EmissionRecord> records(int count, long seed) {
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-11-26T22:10:00Z");
        List<EmissionRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant completedAt = start.plusSeconds(random.nextInt(3 * 3600));
            String model = MODELS[random.nextInt(MODELS.length)];
            String policy = POLICIES[random.nextInt(POLICIES.length)];
            int roll = random.nextInt(10);
            InferenceStatus status = roll == 0 ? InferenceStatus.REJECTED : roll == 1 ? InferenceStatus.FAILED : InferenceStatus.OK;
            List<StageEmission> parts = new ArrayList<>();
            List<TransferEmission> transfers = new ArrayList<>();
            double embodied = 0;
            if (status != InferenceStatus.REJECTED) {
                int stages = 1 + random.nextInt(3);
                int previous = -1;
                for (int s = 0; s < stages; s++) {
                    int d = random.nextInt(DEVICES.length);
                    if (previous >= 0 && previous != d) {
                        transfers.add(Emissions.transfer(DEVICES[previous], DEVICES[d], 0.01 + random.nextDouble() * 0.05,
                                0.001 + random.nextDouble() * 0.004));
                    }
                    parts.add(Emissions.stage(s, DEVICES[d], ZONES[d], 5 + random.nextDouble() * 200,
                            0.5 + random.nextDouble() * 5, 0.01 + random.nextDouble() * 0.5));
                    previous = d;
                }
                embodied = random.nextDouble() * 0.02;
            }
            double pue = 1.0 + random.nextInt(3) * 0.1;
            EmissionRecord r = Emissions.record("req-" + seed + "-" + i, model, policy, status, completedAt,
                    50 + random.nextDouble() * 500, pue, embodied, parts, transfers);
            // a tenant label on two requests in three, and a per-request label no ledger should total by
            Map<String, String> labels = i % 3 == 2 ? Map.of("request", r.getRequestId())
                    : Map.of("tenant", "tenant-" + (i % 3), "request", r.getRequestId());
            out.add(EmissionRecord.newBuilder(r).setAttributes(labels).build());
        }
        return out;
    }
}
