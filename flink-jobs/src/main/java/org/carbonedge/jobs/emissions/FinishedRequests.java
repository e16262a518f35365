package org.carbonedge.jobs.emissions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The requests whose emission record was written in the last {@code retention}, so their late events (a task read
 * after its request completed, a result of an attempt that was replaced) start nothing. Kept compactly: a 64-bit
 * hash per request in time buckets that expire whole, 16 bytes per request to hold and a few bytes to snapshot,
 * instead of a keyed state entry and a timer per request, which every checkpoint would serialise one by one
 * (at 2,000 inferences/s that is 1.2 million entries for a 10-minute retention). A false "finished" needs two
 * request ids with the same 64-bit hash within the retention: with a million ids held, about one chance in 10^13
 * per new request.
 *
 * <p>Not thread-safe. Time is whatever clock the caller passes (processing time in the emissions job).
 */
final class FinishedRequests {

    private final long retentionMillis;
    private final long bucketMillis;
    /** Oldest first. */
    private final Deque<Bucket> buckets = new ArrayDeque<>();

    /**
     * @param retentionMillis how long a finished request is remembered (at least; up to one bucket longer)
     * @param bucketCount     buckets the retention is divided into (more: finer expiry, more lookups)
     */
    public FinishedRequests(long retentionMillis, int bucketCount) {
        if (retentionMillis <= 0 || bucketCount < 1) {
            throw new IllegalArgumentException("retention must be > 0 ms and buckets >= 1");
        }
        this.retentionMillis = retentionMillis;
        this.bucketMillis = Math.max(1, retentionMillis / bucketCount);
    }

    /** Remembers {@code requestId} as finished at {@code nowMillis}. */
    public void add(String requestId, long nowMillis) {
        expire(nowMillis);
        Bucket newest = buckets.peekLast();
        if (newest == null || nowMillis >= newest.startMillis + bucketMillis) {
            newest = new Bucket(nowMillis - Math.floorMod(nowMillis, bucketMillis));
            buckets.addLast(newest);
        }
        newest.add(hash(requestId));
    }

    /** Whether {@code requestId} finished within the retention before {@code nowMillis}. */
    public boolean contains(String requestId, long nowMillis) {
        expire(nowMillis);
        long h = hash(requestId);
        for (Bucket b : buckets) {
            if (b.contains(h)) {
                return true;
            }
        }
        return false;
    }

    /** Requests remembered now. */
    public int size() {
        int n = 0;
        for (Bucket b : buckets) {
            n += b.size;
        }
        return n;
    }

    /** Drops buckets whose every request finished longer than the retention ago. */
    public void expire(long nowMillis) {
        while (!buckets.isEmpty() && buckets.peekFirst().startMillis + bucketMillis + retentionMillis <= nowMillis) {
            buckets.removeFirst();
        }
    }

    /** The state as arrays of {@code [bucketStartMillis, hash, hash, ...]}, for checkpoints. */
    public List<long[]> snapshot() {
        List<long[]> out = new ArrayList<>(buckets.size());
        for (Bucket b : buckets) {
            long[] a = new long[1 + b.size];
            a[0] = b.startMillis;
            int i = 1;
            for (long h : b.slots) {
                if (h != 0) {
                    a[i++] = h;
                }
            }
            out.add(a);
        }
        return out;
    }

    /**
     * Adds snapshotted buckets (from {@link #snapshot}, possibly of several instances: after a rescale every
     * instance restores the union, which only remembers more finished requests, never fewer).
     */
    public void restore(Iterable<long[]> snapshot) {
        List<long[]> sorted = new ArrayList<>();
        snapshot.forEach(sorted::add);
        sorted.sort((x, y) -> Long.compare(x[0], y[0]));
        for (long[] a : sorted) {
            Bucket b = buckets.stream().filter(x -> x.startMillis == a[0]).findFirst().orElse(null);
            if (b == null) {
                b = new Bucket(a[0]);
                insertInOrder(b);
            }
            for (int i = 1; i < a.length; i++) {
                b.add(a[i]);
            }
        }
    }

    private void insertInOrder(Bucket b) {
        List<Bucket> all = new ArrayList<>(buckets);
        all.add(b);
        all.sort((x, y) -> Long.compare(x.startMillis, y.startMillis));
        buckets.clear();
        buckets.addAll(all);
    }

    /** A 64-bit hash of a request id (FNV-1a over its chars, then MurmurHash3's finaliser); never 0. */
    static long hash(String requestId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < requestId.length(); i++) {
            h ^= requestId.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** The hashes of the requests finished in one time slice: an open-addressing set of longs (0 = empty). */
    private static final class Bucket {
        final long startMillis;
        long[] slots = new long[64];
        int size;

        Bucket(long startMillis) {
            this.startMillis = startMillis;
        }

        void add(long h) {
            if ((size + 1) * 2 > slots.length) {
                grow();
            }
            if (insert(slots, h)) {
                size++;
            }
        }

        boolean contains(long h) {
            int mask = slots.length - 1;
            for (int i = (int) h & mask; ; i = (i + 1) & mask) {
                if (slots[i] == h) {
                    return true;
                }
                if (slots[i] == 0) {
                    return false;
                }
            }
        }

        private void grow() {
            long[] bigger = new long[slots.length * 2];
            for (long h : slots) {
                if (h != 0) {
                    insert(bigger, h);
                }
            }
            slots = bigger;
        }

        private static boolean insert(long[] table, long h) {
            int mask = table.length - 1;
            for (int i = (int) h & mask; ; i = (i + 1) & mask) {
                if (table[i] == h) {
                    return false;
                }
                if (table[i] == 0) {
                    table[i] = h;
                    return true;
                }
            }
        }
    }
}
