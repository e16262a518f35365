package org.carbonedge.core.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.carbonedge.core.scoring.NodeState;
import org.carbonedge.core.scoring.PaperScorer;
import org.carbonedge.core.scoring.Weights;
import org.junit.jupiter.api.Test;

/**
 * The planner returns a plan or "no plan" (null, with a reason) for any weights, objective, devices, intensities and
 * model — never an exception, never a NaN or infinite figure — and still plans when one sane device exists. Inputs
 * include what a hostile client or a broken executor can send: weights of 1e308, 0 and subnormals, NaN, negative and
 * infinite loads, quotas, powers, intensities, times and objectives, negative task counts, huge MACs and bytes.
 *
 * <p>Each property is a seeded loop: try {@code t} draws its inputs from {@link #random(int) random(t)}, so a failure
 * message {@code seed=… try=…} replays by running that one try. Hostile values are drawn with a fixed probability
 * (as often as the ordinary ones' share allows: 1 in 7 for most figures), so every run exercises them.
 */
class PlannerPropertyTest {

    private static final long SEED = 20261207L;

    /** A device and the intensity of its zone at decision time (NaN, negative, missing zones' defaults, ...). */
    record Candidate(DeviceView device, double gco2PerKwh) {
    }

    record Case(PlannerConfig config, Policy policy, ModelView model, List<Candidate> candidates, Double sloMillis,
                double hopMillis) {

        List<DeviceView> devices() {
            return candidates.stream().map(Candidate::device).toList();
        }

        double[] intensities() {
            return candidates.stream().mapToDouble(Candidate::gco2PerKwh).toArray();
        }
    }

    @Test
    void returnsAPlanOrNoPlanNeverAnExceptionOrANaN() {
        int plans = forEachTry(1000, g -> {
            Case c = g.aCase();
            Planner planner = new Planner(c.config());
            Plan plan = planner.plan(c.policy(), c.model(), c.devices(), c.intensities(), c.sloMillis(), c.hopMillis());
            if (plan == null) {
                assertThat(planner.noPlanReason()).isNotBlank();
                return false;
            }
            assertSound(plan, c);
            return true;
        });
        System.out.println("planner property: 1000 tries, " + plans + " plans, " + (1000 - plans) + " no plan");
    }

    @Test
    void plansWhenOneSaneDeviceExistsWhateverTheWeightsAndTheOthers() {
        forEachTry(400, g -> {
            Case c = g.aCase();
            Weights w = g.weights();
            List<Candidate> withSane = new ArrayList<>(c.candidates());
            withSane.add(new Candidate(new DeviceView("sane", "Z", 1.0, 1L << 40, 1L << 40, 1, 4, 0, 0, true, 0, Map.of()), 300));
            ModelView sane = saneModel();
            Case d = new Case(c.config(), Policy.custom(w), sane, withSane, null, 1.0);
            Planner planner = new Planner(d.config());
            Plan plan = planner.plan(d.policy(), sane, d.devices(), d.intensities(), null, 1.0);
            assertThat(plan).as("no plan: %s", planner.noPlanReason()).isNotNull();
            assertSound(plan, d);
            return true;
        });
    }

    @Test
    void thePaperScorerNeverThrowsAndNeverPicksANaN() {
        forEachTry(2000, g -> {
            List<NodeState> nodes = g.nodes();
            Weights w = g.weights();
            int best = new PaperScorer(10_000).best(nodes, w);
            assertThat(best).isBetween(-1, nodes.size() - 1);
            if (best >= 0) {
                assertThat(new PaperScorer(10_000).eligible(nodes.get(best))).isTrue();
                assertThat(PaperScorer.score(nodes.get(best), w.normalised())).isFinite();
            }
            return best >= 0;
        });
    }

    /** The hostile tester's weights: each finite, their sum not; every score was NaN and the router job failed. */
    @Test
    void weightsOf1e308PlanLikeWeightsOf1() {
        List<DeviceView> devices = PaperDevices.idle();
        ModelView model = PaperDevices.mobilenetLike();
        Weights huge = new Weights(1e308, 1e308, 1e308, 1e308, 1e308);
        for (Policy.Kind kind : Policy.Kind.values()) {
            Plan extreme = new Planner(PlannerConfig.defaults()).plan(new Policy("x", kind, huge), model, devices,
                    PaperDevices.INTENSITY, null);
            Plan ones = new Planner(PlannerConfig.defaults()).plan(new Policy("x", kind, new Weights(1, 1, 1, 1, 1)),
                    model, devices, PaperDevices.INTENSITY, null);
            assertThat(extreme).as(kind.name()).isEqualTo(ones);
        }
    }

    /** One property try: returns whether it found something (a plan, a pick), for the counts. */
    private interface Try {
        boolean run(Gen g);
    }

    /** Runs {@code tries} tries, each on its own seeded generator; a failure names the seed and the try. */
    private static int forEachTry(int tries, Try property) {
        int found = 0;
        for (int t = 0; t < tries; t++) {
            try {
                if (property.run(new Gen(random(t)))) {
                    found++;
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed=" + SEED + " try=" + t + ": " + e.getMessage(), e);
            }
        }
        return found;
    }

    /** The generator of try {@code t}: replays that try alone. */
    static SplittableRandom random(int t) {
        return new SplittableRandom(SEED ^ (t * 0x9E3779B97F4A7C15L));
    }

    private static void assertSound(Plan plan, Case c) {
        assertThat(plan.expectedLatencyMillis()).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(plan.expectedGco2()).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(plan.stages()).isNotEmpty().hasSizeLessThanOrEqualTo(c.config().maxStages());
        int next = 0;
        Set<String> used = new HashSet<>();
        for (PlannedStage s : plan.stages()) {
            assertThat(s.firstPartition()).isEqualTo(next);
            assertThat(s.lastPartition()).isGreaterThanOrEqualTo(s.firstPartition());
            next = s.lastPartition() + 1;
            assertThat(s.expectedMillis()).isFinite().isGreaterThanOrEqualTo(0);
            assertThat(s.energyJoules()).isFinite().isGreaterThanOrEqualTo(0);
            assertThat(s.gco2()).isFinite().isGreaterThanOrEqualTo(0);
            assertThat(used.add(s.deviceId())).as("distinct devices").isTrue();
            DeviceView d = c.devices().stream().filter(x -> x.deviceId().equals(s.deviceId())).findFirst().orElseThrow();
            assertThat(d.up()).isTrue();
        }
        assertThat(next).isEqualTo(c.model().partitions());
    }

    private static ModelView saneModel() {
        return new ModelView("m", 1, new long[]{1_000, 2_000, 3_000}, new long[]{100, 50, 10}, new long[]{10, 20, 30},
                64, new double[]{1, 2, 3});
    }

    // ---- generators ----

    /** Seeded generators of the properties' inputs: ordinary ranges, with the hostile edge cases at fixed odds. */
    static final class Gen {

        private static final double[] ODD_DOUBLES = {0.0, -0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MAX_VALUE, 1e308, Double.MIN_VALUE, 1e-310};
        private static final double[] ODD_WEIGHTS = {0.0, 1e308, Double.MAX_VALUE, Double.MIN_VALUE, 1e-310, 1e6, 1.0};
        private static final long[] ODD_BYTES = {0L, Long.MAX_VALUE, Long.MAX_VALUE / 2, -1L, 1L << 40};
        private static final int[] ODD_TASK_COUNTS = {-5, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        private static final int[] NODE_TASK_COUNTS = {-3, 0, 1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE};
        private static final double[] NORMS = {1.0, 2.0, 3.0, Double.POSITIVE_INFINITY};
        private static final String[] ZONES = {"FR", "DE", "", null};

        private final SplittableRandom r;

        Gen(SplittableRandom r) {
            this.r = r;
        }

        /** True with probability {@code weight / total}. */
        private boolean oneIn(int weight, int total) {
            return r.nextInt(total) < weight;
        }

        private int between(int lo, int hi) {
            return r.nextInt(lo, hi + 1);
        }

        /** A double in [lo, hi] with {@code scale} decimals; its bounds 1 time in 10. */
        private double between(double lo, double hi, int scale) {
            int pick = r.nextInt(20);
            if (pick == 0) {
                return lo;
            }
            if (pick == 1) {
                return hi;
            }
            double x = lo + r.nextDouble() * (hi - lo);
            double rounded = new java.math.BigDecimal(x).setScale(scale, java.math.RoundingMode.HALF_UP).doubleValue();
            return Math.max(lo, Math.min(hi, rounded));
        }

        /** Doubles a hostile or broken source can produce (1 in 7), mixed with ordinary ones in [lo, hi]. */
        double odd(double lo, double hi) {
            return oneIn(1, 7) ? ODD_DOUBLES[r.nextInt(ODD_DOUBLES.length)] : between(lo, hi, 6);
        }

        private double[] odd(double lo, double hi, int size) {
            double[] a = new double[size];
            for (int i = 0; i < size; i++) {
                a[i] = odd(lo, hi);
            }
            return a;
        }

        private double weight() {
            int pick = r.nextInt(7);
            if (pick < 3) {
                return between(0.0, 1.0, 2);
            }
            if (pick < 4) {
                return between(0.0, 1e6, 2);
            }
            return ODD_WEIGHTS[r.nextInt(ODD_WEIGHTS.length)];
        }

        /** Five weights, at least one above 0 (each finite; their sum may not be). */
        Weights weights() {
            while (true) {
                double[] w = {weight(), weight(), weight(), weight(), weight()};
                for (double x : w) {
                    if (x > 0) {
                        return new Weights(w[0], w[1], w[2], w[3], w[4]);
                    }
                }
            }
        }

        Policy policy() {
            Policy.Kind kind = Policy.Kind.values()[r.nextInt(Policy.Kind.values().length)];
            Weights w = weights();
            return new Policy(kind.name().toLowerCase() + ":" + w, kind, w);
        }

        PlannerConfig config() {
            return new PlannerConfig(between(1, 3), between(1, 5), NORMS[r.nextInt(NORMS.length)], 0.06, 1.0, 1.0,
                    12_500, 0.8, 10_000);
        }

        /** Byte counts: up to 10 MB, or (1 in 7) 0, -1, 2^40, Long.MAX_VALUE / 2 or Long.MAX_VALUE. */
        long bytes() {
            return oneIn(1, 7) ? ODD_BYTES[r.nextInt(ODD_BYTES.length)] : r.nextLong(0, 10_000_001L);
        }

        private long[] bytes(int size) {
            long[] a = new long[size];
            for (int i = 0; i < size; i++) {
                a[i] = bytes();
            }
            return a;
        }

        /** MACs in [0, Long.MAX_VALUE]: 0, 1 and Long.MAX_VALUE 1 time in 10, small and huge counts otherwise. */
        private long macs() {
            int pick = r.nextInt(30);
            if (pick < 3) {
                return new long[]{0L, 1L, Long.MAX_VALUE}[pick];
            }
            return pick < 15 ? r.nextLong(0, 10_000_000_000L) : r.nextLong(0, Long.MAX_VALUE) + (r.nextBoolean() ? 1 : 0);
        }

        ModelView model() {
            int k = oneIn(1, 5) ? (r.nextBoolean() ? 1 : 8) : between(1, 8);
            long[] macs = new long[k];
            for (int i = 0; i < k; i++) {
                macs[i] = macs();
            }
            long[] out = bytes(k);
            long[] params = bytes(k);
            return new ModelView("m", 1, macs, out, params, 64, odd(0.001, 100, k));
        }

        Candidate candidate(int id, int partitions) {
            Map<String, double[]> observed;
            int pick = r.nextInt(5);
            if (pick < 2) {
                observed = Map.of();
            } else if (pick < 4) {
                observed = Map.of("m", odd(0.01, 50, partitions));
            } else {
                observed = Map.of("m", odd(0.01, 50, partitions + 1));
            }
            Map<String, Double> whole = new HashMap<>();
            if (oneIn(1, 3)) {
                whole.put("m", odd(0.01, 200));
            } else {
                whole = Map.of();
            }
            double cpuQuota = odd(0.05, 4);
            long memory = bytes();
            long free = bytes();
            double idleWatts = odd(0, 10);
            double maxWatts = odd(0, 50);
            double load = odd(0, 1);
            int taskCount = oneIn(1, 6) ? ODD_TASK_COUNTS[r.nextInt(ODD_TASK_COUNTS.length)] : between(0, 50);
            boolean up = !oneIn(1, 6);
            double embodied = odd(0, 0.01);
            String zone = ZONES[r.nextInt(ZONES.length)];
            DeviceView device = new DeviceView("d" + id, zone, cpuQuota, memory, free, idleWatts, maxWatts, load,
                    taskCount, up, embodied, observed, whole);
            return new Candidate(device, odd(0, 900));
        }

        /** A model, 0 to 7 devices (none 1 time in 8), a config, a policy, an SLO (or none) and a hop time. */
        Case aCase() {
            ModelView model = model();
            int n = oneIn(1, 8) ? 0 : between(0, 7);
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                candidates.add(candidate(i, model.partitions()));
            }
            PlannerConfig config = config();
            Policy policy = policy();
            Double slo = oneIn(2, 5) ? null : (Double) odd(0.01, 1_000);
            return new Case(config, policy, model, candidates, slo, odd(0, 20));
        }

        NodeState node() {
            return new NodeState("n", odd(0, 1), odd(0, 1), odd(0, 500),
                    NODE_TASK_COUNTS[r.nextInt(NODE_TASK_COUNTS.length)], odd(0, 20), odd(0, 900), r.nextBoolean());
        }

        /** 0 to 6 nodes; the empty list and the longest 1 time in 8 each. */
        List<NodeState> nodes() {
            int pick = r.nextInt(8);
            int size = pick == 0 ? 0 : pick == 1 ? 6 : between(0, 6);
            List<NodeState> nodes = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                nodes.add(node());
            }
            return nodes;
        }
    }
}
