package org.carbonedge.executor.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The CPU limit the operating system puts on this process (a container's {@code --cpus}), read from the cgroup
 * files: v2 {@code cpu.max} ("quota period" or "max period"), else v1 {@code cpu.cfs_quota_us} /
 * {@code cpu.cfs_period_us}. Empty when there is no limit or it cannot be read. An executor whose container is
 * already limited to its profile's quota must not throttle itself as well (see {@link QuotaThrottle#onThisHost}).
 */
public final class HostCpuLimit {

    private static final Path V2 = Path.of("/sys/fs/cgroup/cpu.max");
    private static final Path V1_QUOTA = Path.of("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
    private static final Path V1_PERIOD = Path.of("/sys/fs/cgroup/cpu/cpu.cfs_period_us");

    private HostCpuLimit() {
    }

    /** The limit of this process in cores, if it has one. */
    public static OptionalDouble cores() {
        try {
            if (Files.isReadable(V2)) {
                return parseCpuMax(Files.readString(V2));
            }
            if (Files.isReadable(V1_QUOTA) && Files.isReadable(V1_PERIOD)) {
                return parseCfs(Files.readString(V1_QUOTA), Files.readString(V1_PERIOD));
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: treat as unlimited, which keeps the emulated quota
        }
        return OptionalDouble.empty();
    }

    /** Cores from a cgroup v2 {@code cpu.max} line, e.g. "40000 100000" → 0.4; "max 100000" → empty. */
    static OptionalDouble parseCpuMax(String line) {
        String[] p = line.strip().split("\\s+");
        if (p.length != 2 || p[0].equals("max")) {
            return OptionalDouble.empty();
        }
        return ratio(Long.parseLong(p[0]), Long.parseLong(p[1]));
    }

    /** Cores from cgroup v1 CFS quota and period (quota -1 = unlimited). */
    static OptionalDouble parseCfs(String quota, String period) {
        return ratio(Long.parseLong(quota.strip()), Long.parseLong(period.strip()));
    }

    private static OptionalDouble ratio(long quota, long period) {
        return quota > 0 && period > 0 ? OptionalDouble.of((double) quota / period) : OptionalDouble.empty();
    }
}
