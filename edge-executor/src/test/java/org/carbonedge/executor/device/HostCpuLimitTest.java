package org.carbonedge.executor.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

/** The cgroup CPU limit is read from both cgroup versions, and a container that enforces the quota is not throttled twice. */
class HostCpuLimitTest {

    @Test
    void readsCgroupV2AndV1Limits() {
        assertThat(HostCpuLimit.parseCpuMax("40000 100000\n")).hasValue(0.4);
        assertThat(HostCpuLimit.parseCpuMax("max 100000\n")).isEmpty();
        assertThat(HostCpuLimit.parseCfs("60000\n", "100000\n")).hasValue(0.6);
        assertThat(HostCpuLimit.parseCfs("-1", "100000")).isEmpty();
    }

    @Test
    void onlyTheQuotaTheHostDoesNotEnforceIsEmulated() {
        assertThat(QuotaThrottle.forHostLimit(0.4, OptionalDouble.empty()).quota()).isEqualTo(0.4);
        assertThat(QuotaThrottle.forHostLimit(0.4, OptionalDouble.of(2.0)).quota()).isEqualTo(0.4);
        // docker run --cpus 0.4 for a paper-green device: the kernel already makes it 0.4 times as fast
        assertThat(QuotaThrottle.forHostLimit(0.4, OptionalDouble.of(0.4)).quota()).isEqualTo(1.0);
        assertThat(QuotaThrottle.forHostLimit(0.4, OptionalDouble.of(0.4)).afterRun(1_000_000)).isEqualTo(1_000_000);
        // a 0.8-core container running a 0.4 device: half of the speed is left to emulate
        assertThat(QuotaThrottle.forHostLimit(0.4, OptionalDouble.of(0.8)).quota()).isEqualTo(0.5);
    }
}
