package org.carbonedge.core.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.carbonedge.core.scoring.NodeState;
import org.carbonedge.core.scoring.PaperScorer;
import org.carbonedge.core.scoring.Weights;

/**
 * The planner returns a plan or "no plan" (null, with a reason) for any weights, objective, devices, intensities and
 * model — never an exception, never a NaN or infinite figure — and still plans when one sane device exists. Inputs
 * include what a hostile client or a broken executor can send: weights of 1e308, 0 and subnormals, NaN, negative and
 * infinite loads, quotas, powers, intensities, times and objectives, negative task counts, huge MACs and bytes.
 */
class PlannerPropertyTest {

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

    @Property(tries = 1000)
    void returnsAPlanOrNoPlanNeverAnExceptionOrANaN(@ForAll("cases") Case c) {
        Planner planner = new Planner(c.config());
        Plan plan = planner.plan(c.policy(), c.model(), c.devices(), c.intensities(), c.sloMillis(), c.hopMillis());
        if (plan == null) {
            assertThat(planner.noPlanReason()).isNotBlank();
            return;
        }
        assertSound(plan, c);
    }

    @Property(tries = 400)
    void plansWhenOneSaneDeviceExistsWhateverTheWeightsAndTheOthers(@ForAll("cases") Case c,
                                                                  @ForAll("weights") Weights w) {
        List<Candidate> withSane = new ArrayList<>(c.candidates());
        withSane.add(new Candidate(new DeviceView("sane", "Z", 1.0, 1L << 40, 1L << 40, 1, 4, 0, 0, true, 0, Map.of()), 300));
        ModelView sane = saneModel();
        Case d = new Case(c.config(), Policy.custom(w), sane, withSane, null, 1.0);
        Planner planner = new Planner(d.config());
        Plan plan = planner.plan(d.policy(), sane, d.devices(), d.intensities(), null, 1.0);
        assertThat(plan).as("no plan: %s", planner.noPlanReason()).isNotNull();
        assertSound(plan, d);
    }

    @Property(tries = 2000)
    void thePaperScorerNeverThrowsAndNeverPicksANaN(@ForAll("nodes") List<NodeState> nodes, @ForAll("weights") Weights w) {
        int best = new PaperScorer(10_000).best(nodes, w);
        assertThat(best).isBetween(-1, nodes.size() - 1);
        if (best >= 0) {
            assertThat(new PaperScorer(10_000).eligible(nodes.get(best))).isTrue();
            assertThat(PaperScorer.score(nodes.get(best), w.normalised())).isFinite();
        }
    }

    /** The hostile tester's weights: each finite, their sum not; every score was NaN and the router job failed. */
    @Example
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

    /** Doubles a hostile or broken source can produce, mixed with ordinary ones in [lo, hi]. */
    private static Arbitrary<Double> odd(double lo, double hi) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.doubles().between(lo, hi).ofScale(6)),
                Tuple.of(1, Arbitraries.of(0.0, -0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, Double.MAX_VALUE, 1e308, Double.MIN_VALUE, 1e-310)));
    }

    private static Arbitrary<Double> weight() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles().between(0, 1)),
                Tuple.of(1, Arbitraries.doubles().between(0, 1e6)),
                Tuple.of(3, Arbitraries.of(0.0, 1e308, Double.MAX_VALUE, Double.MIN_VALUE, 1e-310, 1e6, 1.0)));
    }

    @Provide
    Arbitrary<Weights> weights() {
        return weight().list().ofSize(5)
                .filter(l -> l.stream().mapToDouble(Double::doubleValue).anyMatch(x -> x > 0))
                .map(l -> new Weights(l.get(0), l.get(1), l.get(2), l.get(3), l.get(4)));
    }

    private Arbitrary<Policy> policies() {
        return Combinators.combine(Arbitraries.of(Policy.Kind.values()), weights())
                .as((kind, w) -> new Policy(kind.name().toLowerCase() + ":" + w, kind, w));
    }

    private static Arbitrary<PlannerConfig> configs() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 5),
                        Arbitraries.of(1.0, 2.0, 3.0, Double.POSITIVE_INFINITY))
                .as((stages, shortlist, p) -> new PlannerConfig(stages, shortlist, p, 0.06, 1.0, 1.0, 12_500, 0.8, 10_000));
    }

    private static Arbitrary<Long> bytes() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 10_000_000)),
                Tuple.of(1, Arbitraries.of(0L, Long.MAX_VALUE, Long.MAX_VALUE / 2, -1L, 1L << 40)));
    }

    private static Arbitrary<ModelView> models() {
        return Arbitraries.integers().between(1, 8).flatMap(k -> Combinators.combine(
                Arbitraries.longs().between(0, Long.MAX_VALUE).array(long[].class).ofSize(k),
                bytes().array(Long[].class).ofSize(k),
                bytes().array(Long[].class).ofSize(k),
                odd(0.001, 100).array(Double[].class).ofSize(k))
                .as((macs, out, params, ref) -> new ModelView("m", 1, macs, unbox(out), unbox(params), 64, unbox(ref))));
    }

    private static long[] unbox(Long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    private static double[] unbox(Double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    private static Arbitrary<Candidate> candidates(int id, int partitions) {
        Arbitrary<Map<String, double[]>> observed = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Map.<String, double[]>of())),
                Tuple.of(2, odd(0.01, 50).array(Double[].class).ofSize(partitions).map(a -> Map.of("m", unbox(a)))),
                Tuple.of(1, odd(0.01, 50).array(Double[].class).ofSize(partitions + 1).map(a -> Map.of("m", unbox(a)))));
        Arbitrary<Map<String, Double>> whole = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Map.<String, Double>of())),
                Tuple.of(1, odd(0.01, 200).map(ms -> {
                    Map<String, Double> m = new HashMap<>();
                    m.put("m", ms);
                    return m;
                })));
        Arbitrary<DeviceView> device = Combinators.combine(
                Combinators.combine(odd(0.05, 4), bytes(), bytes(), odd(0, 10), odd(0, 50), odd(0, 1)).as(Tuple::of),
                Combinators.combine(Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.integers().between(0, 50)),
                                Tuple.of(1, Arbitraries.of(-5, -1, Integer.MAX_VALUE, Integer.MIN_VALUE))),
                        Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))),
                        odd(0, 0.01), observed, whole, Arbitraries.of("FR", "DE", "", null)).as(Tuple::of))
                .as((a, b) -> new DeviceView("d" + id, b.get6(), a.get1(), a.get2(), a.get3(), a.get4(), a.get5(),
                        a.get6(), b.get1(), b.get2(), b.get3(), b.get4(), b.get5()));
        return Combinators.combine(device, odd(0, 900)).as(Candidate::new);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Double> slo = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just((Double) null)),
                Tuple.of(3, odd(0.01, 1_000).map(d -> (Double) d)));
        return models().flatMap(model -> {
            Arbitrary<List<Candidate>> devices = Arbitraries.integers().between(0, 7).flatMap(n -> {
                List<Arbitrary<Candidate>> each = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    each.add(candidates(i, model.partitions()));
                }
                return Combinators.combine(each).as(l -> l);
            });
            return Combinators.combine(configs(), policies(), devices, slo, odd(0, 20))
                    .as((config, policy, ds, s, hop) -> new Case(config, policy, model, ds, s, hop));
        });
    }

    @Provide
    Arbitrary<List<NodeState>> nodes() {
        Arbitrary<NodeState> node = Combinators.combine(
                Combinators.combine(odd(0, 1), odd(0, 1), odd(0, 500)).as(Tuple::of),
                Combinators.combine(Arbitraries.of(-3, 0, 1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE), odd(0, 20),
                        odd(0, 900), Arbitraries.of(true, false)).as(Tuple::of))
                .as((a, b) -> new NodeState("n", a.get1(), a.get2(), a.get3(), b.get1(), b.get2(), b.get3(), b.get4()));
        return node.list().ofMinSize(0).ofMaxSize(6);
    }
}
