package org.carbonedge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.carbonedge.core.planning.DeviceView;
import org.carbonedge.core.planning.ModelView;
import org.carbonedge.core.planning.Plan;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.PlannerConfig;
import org.carbonedge.core.planning.Policy;
import org.carbonedge.core.planning.Variant;
import org.carbonedge.core.planning.VariantPlanner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decision time of a request that names a family and an accuracy floor ({@code choose}: {@link VariantPlanner},
 * variant × cut × device) beside the planner's for a request that names one model ({@code plan}), in the same run.
 * The paper's three nodes, MobileNetV2 in 8 partitions scaled to the five published widths (1.4, 1.0, 0.75, 0.5,
 * 0.35 by their multiply-adds), policy green; {@code floor} 0.60 lets all five be planned, 0.72 two.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class VariantBenchmark {

    /** Width, share of width 1.0's multiply-adds, published ImageNet top-1 (Sandler et al. 2018). */
    private static final double[][] WIDTHS = {{1.4, 1.95, 0.747}, {1.0, 1.0, 0.720}, {0.75, 0.70, 0.698},
            {0.5, 0.32, 0.654}, {0.35, 0.20, 0.603}};

    @Param({"0.60", "0.72"})
    public double floor;

    private Planner planner;
    private VariantPlanner variants;
    private List<Variant> family;
    private List<DeviceView> devices;
    private double[] intensity;
    private ModelView model;

    @Setup(Level.Trial)
    public void setUp() {
        planner = new Planner(PlannerConfig.defaults());
        variants = new VariantPlanner(planner);
        model = ScorerFixtures.mobilenetV2In8();
        family = new ArrayList<>();
        for (double[] w : WIDTHS) {
            family.add(new Variant(scaled(model, w[0], w[1]), w[2]));
        }
        devices = ScorerFixtures.paperNodes();
        intensity = new double[]{620, 530, 380};
    }

    private static ModelView scaled(ModelView m, double width, double share) {
        int k = m.partitions();
        long[] macs = new long[k];
        long[] out = new long[k];
        long[] params = new long[k];
        double[] ref = new double[k];
        for (int i = 0; i < k; i++) {
            macs[i] = Math.round(m.macs()[i] * share);
            out[i] = Math.round(m.outputBytes()[i] * width);
            params[i] = Math.round(m.parameterBytes()[i] * share);
            ref[i] = m.referenceMillis()[i] * share;
        }
        return new ModelView(m.modelId() + "-w" + width, m.version(), macs, out, params, m.inputBytes(), ref);
    }

    /** A request naming the family and a floor: which variant, and where. */
    @Benchmark
    public VariantPlanner.Choice choose() {
        return variants.choose(Policy.GREEN, family, floor, devices, intensity, null, null, 0.5);
    }

    /** A request naming one model: the planner alone, the baseline. */
    @Benchmark
    public Plan plan() {
        return planner.plan(Policy.GREEN, model, devices, intensity, null);
    }
}
