package org.carbonedge.jobs.emissions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Finished requests are remembered for the retention, forgotten a bucket at a time, and survive a snapshot. */
class FinishedRequestsTest {

    @Test
    void remembersForTheRetentionThenForgets() {
        FinishedRequests f = new FinishedRequests(10_000, 10);
        f.add("a", 1_000);
        f.add("b", 5_500);

        assertThat(f.contains("a", 10_999)).isTrue();
        assertThat(f.contains("c", 10_999)).isFalse();
        assertThat(f.contains("a", 12_000)).as("a's bucket [1000, 2000) ended 10 s ago").isFalse();
        assertThat(f.contains("b", 12_000)).isTrue();
        assertThat(f.size()).isEqualTo(1);
        assertThat(f.contains("b", 16_500)).isFalse();
        assertThat(f.size()).isZero();
    }

    @Test
    void holdsManyRequestsWithoutLosingOrInventingAny() {
        FinishedRequests f = new FinishedRequests(60_000, 10);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            f.add(id, i / 10); // 20 s of requests
        }
        assertThat(f.size()).isEqualTo(200_000);
        assertThat(ids).allMatch(id -> f.contains(id, 20_000));
        Set<String> others = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            others.add("bench-" + i);
        }
        assertThat(others).noneMatch(id -> f.contains(id, 20_000));
    }

    @Test
    void aSnapshotRestoresTheSameMemoryAndSnapshotsMerge() {
        FinishedRequests one = new FinishedRequests(10_000, 10);
        one.add("a", 1_000);
        one.add("b", 4_000);
        FinishedRequests two = new FinishedRequests(10_000, 10);
        two.add("c", 4_200);

        FinishedRequests restored = new FinishedRequests(10_000, 10);
        List<long[]> union = new ArrayList<>(two.snapshot());
        union.addAll(one.snapshot());
        restored.restore(union);

        assertThat(restored.size()).isEqualTo(3);
        assertThat(List.of("a", "b", "c")).allMatch(id -> restored.contains(id, 5_000));
        assertThat(restored.contains("a", 12_000)).isFalse();
        assertThat(restored.contains("c", 12_000)).isTrue();
    }
}
