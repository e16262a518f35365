package org.carbonedge.lab.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.carbonedge.lab.Percentiles;

/**
 * Where a request's time goes on its way through the pipeline, hop by hop ({@code bench latency}): each request's
 * {@link Stamp}s as epoch nanoseconds of one clock, and from its emission record the end-to-end latency and the
 * compute time. {@link #analyse} gives percentiles of every hop, of the time since submission of every stamp, and of
 * end-to-end, compute and added (end-to-end − compute) latency, over the requests that passed every stamp and ended
 * OK; the others are counted, by the stamp they lack, and named, never silently dropped.
 */
public final class RequestHops {

    private RequestHops() {
    }

    /** Marks a stamp a request was not seen to pass. */
    public static final long MISSING = Long.MIN_VALUE;

    /**
     * The instants of a request's way, in the order it passes them. Each follows from the one before it, except after
     * a stamp read {@linkplain #beside() beside} the pipeline.
     */
    public enum Stamp {
        SUBMITTED("submitted", "submitted", false),
        /**
         * When the bench's own reader of the validated requests saw it. The router reads the same records side by
         * side, so it may plan a request a little before the bench's reader sees it.
         */
        VALIDATED("validated", "validated", true),
        PLANNED("planned", "planned", false),
        DEVICE_START("device start", "device_start", false),
        DEVICE_END("device end", "device_end", false),
        RESULT_VISIBLE("result visible", "result_visible", false),
        EMISSION_VISIBLE("emission visible", "emission_visible", false);

        private final String label;
        private final String key;
        private final boolean beside;

        Stamp(String label, String key, boolean beside) {
            this.label = label;
            this.key = key;
            this.beside = beside;
        }

        /**
         * Read by an observer beside the pipeline's next step rather than before it: the next stamp does not follow
         * from this one and may come first.
         */
        public boolean beside() {
            return beside;
        }

        /** For people: "device start". */
        public String label() {
            return label;
        }

        /** For machine-readable lines: "device_start". */
        public String key() {
            return key;
        }
    }

    /** From one stamp to a later one. */
    public record Hop(Stamp from, Stamp to) {
        public Hop {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.ordinal() <= from.ordinal()) {
                throw new IllegalArgumentException("a hop goes forward, not " + from + " → " + to);
            }
        }

        public String label() {
            return from.label() + " → " + to.label();
        }
    }

    /** Each stamp to the next, then the whole way (submitted → emission visible). */
    public static final List<Hop> HOPS;

    static {
        List<Hop> hops = new ArrayList<>();
        Stamp[] s = Stamp.values();
        for (int i = 1; i < s.length; i++) {
            hops.add(new Hop(s[i - 1], s[i]));
        }
        hops.add(new Hop(Stamp.SUBMITTED, Stamp.EMISSION_VISIBLE));
        HOPS = List.copyOf(hops);
    }

    /**
     * One request's way.
     *
     * @param requestId     the request
     * @param stamps        epoch nanoseconds, indexed by {@link Stamp#ordinal()}; {@link #MISSING} where not seen
     * @param e2eMillis     end-to-end latency from its emission record, ms (NaN without one)
     * @param computeMillis compute time of all its stages from its emission record, ms (NaN without one)
     * @param ok            whether its emission record says OK
     */
    public record Timeline(String requestId, long[] stamps, double e2eMillis, double computeMillis, boolean ok) {
        public Timeline {
            Objects.requireNonNull(requestId, "requestId");
            if (stamps.length != Stamp.values().length) {
                throw new IllegalArgumentException("need " + Stamp.values().length + " stamps, got " + stamps.length);
            }
            if (stamps[Stamp.SUBMITTED.ordinal()] == MISSING) {
                throw new IllegalArgumentException("request " + requestId + " has no submission instant");
            }
            stamps = stamps.clone();
        }

        public boolean has(Stamp s) {
            return stamps[s.ordinal()] != MISSING;
        }

        /** Epoch nanoseconds of {@code s}; {@link #MISSING} if not seen. */
        public long at(Stamp s) {
            return stamps[s.ordinal()];
        }

        /** Milliseconds from {@code hop.from()} to {@code hop.to()} (negative if seen out of order). */
        public double millis(Hop hop) {
            if (!has(hop.from()) || !has(hop.to())) {
                throw new IllegalStateException(requestId + " lacks " + (has(hop.from()) ? hop.to() : hop.from()));
            }
            return (at(hop.to()) - at(hop.from())) / 1e6;
        }

        /** Every stamp seen and the emission record OK. */
        public boolean complete() {
            return ok && Arrays.stream(stamps).noneMatch(t -> t == MISSING) && !Double.isNaN(e2eMillis);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Timeline t && requestId.equals(t.requestId) && Arrays.equals(stamps, t.stamps)
                    && Double.compare(e2eMillis, t.e2eMillis) == 0 && Double.compare(computeMillis, t.computeMillis) == 0
                    && ok == t.ok;
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, Arrays.hashCode(stamps), e2eMillis, computeMillis, ok);
        }

        @Override
        public String toString() {
            return "Timeline[" + requestId + ", stamps=" + Arrays.toString(stamps) + ", e2e=" + e2eMillis
                    + " ms, compute=" + computeMillis + " ms, ok=" + ok + "]";
        }
    }

    /** Nearest-rank percentiles ({@link Percentiles}) of some milliseconds; NaN when there are none. */
    public record Summary(int n, double min, double p50, double p95, double p99, double max) {
        public static Summary of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            boolean none = sorted.length == 0;
            return new Summary(sorted.length, none ? Double.NaN : sorted[0], Percentiles.of(sorted, 50),
                    Percentiles.of(sorted, 95), Percentiles.of(sorted, 99), none ? Double.NaN : sorted[sorted.length - 1]);
        }
    }

    /**
     * @param requests        timelines analysed
     * @param complete        of them, those with every stamp and an OK emission record: every figure below is over these
     * @param notOk           requests whose emission record was not OK
     * @param missing         by stamp, how many requests were not seen to pass it (stamps no request lacked are absent)
     * @param incomplete      ids of the requests left out (not OK or lacking a stamp), in the order given
     * @param outOfOrder      complete requests with a stamp earlier, by more than the tolerance, than the last
     *                        stamp it follows from (the one before it, or the one before that after a stamp read
     *                        {@linkplain Stamp#beside() beside} the pipeline)
     * @param outOfOrderIds   their ids
     * @param besideLater     complete requests whose stamp read beside the pipeline is later, by more than the
     *                        tolerance, than the next stamp: the pipeline moved on before the bench's reader saw it
     * @param e2e             end-to-end latency from the emission records
     * @param compute         compute time from the emission records
     * @param added           end-to-end minus compute, per request
     * @param hops            each of {@link #HOPS}
     * @param sinceSubmission each stamp after submission, measured from it
     */
    public record Report(int requests, int complete, int notOk, Map<Stamp, Integer> missing, List<String> incomplete,
                         int outOfOrder, List<String> outOfOrderIds, int besideLater, Summary e2e, Summary compute,
                         Summary added,
                         Map<Hop, Summary> hops, Map<Stamp, Summary> sinceSubmission) {

        public Summary hop(Stamp from, Stamp to) {
            Summary s = hops.get(new Hop(from, to));
            if (s == null) {
                throw new IllegalArgumentException("no hop " + from + " → " + to + "; hops are " + HOPS);
            }
            return s;
        }

        public Summary since(Stamp stamp) {
            Summary s = sinceSubmission.get(stamp);
            if (s == null) {
                throw new IllegalArgumentException("no time since submission of " + stamp);
            }
            return s;
        }
    }

    /**
     * Percentiles over the complete timelines; the rest counted and named.
     *
     * @param toleranceNanos how much earlier than the stamp before it a stamp may be before the request counts as out
     *                       of order: record fields are whole milliseconds (truncated), observations are not
     */
    public static Report analyse(List<Timeline> timelines, long toleranceNanos) {
        if (toleranceNanos < 0) {
            throw new IllegalArgumentException("tolerance must be >= 0, was " + toleranceNanos);
        }
        Map<Stamp, Integer> missing = new EnumMap<>(Stamp.class);
        List<String> incomplete = new ArrayList<>();
        List<String> outOfOrderIds = new ArrayList<>();
        List<Timeline> complete = new ArrayList<>();
        int notOk = 0;
        int besideLater = 0;
        for (Timeline t : timelines) {
            for (Stamp s : Stamp.values()) {
                if (!t.has(s)) {
                    missing.merge(s, 1, Integer::sum);
                }
            }
            boolean hasRecord = !Double.isNaN(t.e2eMillis());
            if (hasRecord && !t.ok()) {
                notOk++;
            }
            if (!t.complete()) {
                incomplete.add(t.requestId());
                continue;
            }
            complete.add(t);
            Stamp[] stamps = Stamp.values();
            for (int i = 1; i < stamps.length; i++) {
                int from = stamps[i - 1].beside() ? i - 2 : i - 1;
                if (t.stamps()[i] < t.stamps()[from] - toleranceNanos) {
                    outOfOrderIds.add(t.requestId());
                    break;
                }
            }
            for (int i = 1; i < stamps.length; i++) {
                if (stamps[i - 1].beside() && t.stamps()[i] < t.stamps()[i - 1] - toleranceNanos) {
                    besideLater++;
                    break;
                }
            }
        }
        int n = complete.size();
        double[] e2e = new double[n];
        double[] compute = new double[n];
        double[] added = new double[n];
        for (int i = 0; i < n; i++) {
            Timeline t = complete.get(i);
            e2e[i] = t.e2eMillis();
            compute[i] = t.computeMillis();
            added[i] = t.e2eMillis() - t.computeMillis();
        }
        Map<Hop, Summary> hops = new LinkedHashMap<>();
        for (Hop hop : HOPS) {
            hops.put(hop, Summary.of(complete.stream().mapToDouble(t -> t.millis(hop)).toArray()));
        }
        Map<Stamp, Summary> since = new EnumMap<>(Stamp.class);
        for (Stamp s : Stamp.values()) {
            if (s != Stamp.SUBMITTED) {
                Hop hop = new Hop(Stamp.SUBMITTED, s);
                since.put(s, Summary.of(complete.stream().mapToDouble(t -> t.millis(hop)).toArray()));
            }
        }
        return new Report(timelines.size(), n, notOk, Collections.unmodifiableMap(missing), List.copyOf(incomplete), outOfOrderIds.size(),
                List.copyOf(outOfOrderIds), besideLater, Summary.of(e2e), Summary.of(compute), Summary.of(added),
                Collections.unmodifiableMap(hops), Collections.unmodifiableMap(since));
    }
}
