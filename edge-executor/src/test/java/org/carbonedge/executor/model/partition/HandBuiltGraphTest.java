package org.carbonedge.executor.model.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.executor.model.build.Feature;
import org.carbonedge.executor.model.build.GraphBuilder;
import org.carbonedge.executor.onnx.ChainedVerifier;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.VerificationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partition profiles against counts worked out by hand on a graph small enough to check on paper:
 * x[1,4,8,8] → Conv 3×3 4→8 → Relu → depthwise Conv 3×3 (group 8) → Relu → Add(residual from the first Relu)
 * → GlobalAveragePool → Flatten → Gemm 8→10.
 */
class HandBuiltGraphTest {
  // AMP4EC costs by hand, batch 1, 8×8 output positions:
  static final long CONV = 3 * 3 * 4 * 8 * 64; // kh·kw·Cin·Cout per position = 18,432
  static final long RELU = 8 * 8 * 8; // output elements = 512
  static final long DEPTHWISE = 3 * 3 * 1 * 8 * 64; // kh·kw·(Cin/group)·Cout per position = 4,608
  static final long ADD = 512;
  static final long POOL = 8;
  static final long FLATTEN = 8;
  static final long GEMM = 8 * 10; // Nin·Nout = 80
  static final long TOTAL = CONV + RELU + DEPTHWISE + RELU + ADD + POOL + FLATTEN + GEMM; // 24,672

  @TempDir
  static Path dir;
  static Path model;
  static ModelAnalysis analysis;

  @BeforeAll
  static void build() throws java.io.IOException {
    GraphBuilder g = new GraphBuilder("hand", 1);
    Feature x = g.input("x", 4, 8, 8);
    Feature relu = g.unary("Relu", "relu", g.conv("conv", x, 8, 3, 1, 1, 1.0));
    Feature relu2 = g.unary("Relu", "relu2", g.conv("dw", relu, 8, 3, 1, 8, 1.0));
    Feature add = g.binary("Add", "add", relu, relu2);
    Feature y = g.gemm("fc", g.flatten("flat", g.globalAveragePool("pool", add)), 10, 1.0);
    g.output(y);
    model = dir.resolve("hand.onnx");
    java.nio.file.Files.write(model, g.build().toByteArray());
    analysis = ModelAnalysis.of(model);
  }

  @Test
  void nodeCostsFollowTheAmp4ecRule() {
    List<Long> costs = analysis.computeCosts().stream().map(NodeCost::macs).toList();
    assertEquals(List.of(CONV, RELU, DEPTHWISE, RELU, ADD, POOL, FLATTEN, GEMM), costs);
    assertEquals(List.of("conv", "elements", "conv", "elements", "elements", "elements", "elements", "gemm"),
        analysis.computeCosts().stream().map(NodeCost::rule).toList());
    assertEquals(TOTAL, analysis.totalMacs());
  }

  @Test
  void cutsInsideTheResidualAreNotValid() {
    List<CutPoint> all = analysis.allCuts();
    assertEquals(7, all.size());
    assertEquals(List.of("relu", "dw"), all.get(2).tensors(), "after the depthwise conv: skip + branch live");
    assertEquals(List.of("relu", "relu2"), all.get(3).tensors());
    assertEquals(List.of(0, 1, 4, 5, 6), analysis.cutPoints().stream().map(CutPoint::position).toList());
    CutPoint afterRelu = analysis.cutAt(1);
    assertEquals(List.of("relu"), afterRelu.tensors());
    assertEquals(512 * 4, afterRelu.bytes());
    assertEquals(CONV + RELU, afterRelu.macsBefore());
    assertEquals(TOTAL - CONV - RELU, afterRelu.macsAfter());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PartitionPlanner.at(analysis, List.of(2), 1));
    assertTrue(e.getMessage().contains("2 tensors [relu, dw]") && e.getMessage().contains("residual"),
        e.getMessage());
  }

  @Test
  void balancedPlanMinimisesTheLargestPart() {
    // the conv alone is 18,432 of 24,672: any 3-part split has a part >= 18,432; among those, the
    // planner takes the fewest crossing bytes (after the conv: 2,048 B; after the pool: 32 B).
    List<CutPoint> cuts = PartitionPlanner.balanced(analysis, 3, 1);
    assertEquals(List.of(0, 5), cuts.stream().map(CutPoint::position).toList());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PartitionPlanner.balanced(analysis, 7, 1));
    assertTrue(e.getMessage().contains("only 5 valid cut point"), e.getMessage());
  }

  @Test
  void partProfilesMatchHandCounts() {
    List<CutPoint> cuts = PartitionPlanner.at(analysis, List.of(0, 4), 1);
    SplitModel split = ModelSplitter.write(analysis, cuts, SplitOptions.of("hand", 3), dir.resolve("parts"));
    List<PartitionSpec> p = split.manifest().getPartitions();
    // part 0: conv; W 8·4·3·3 = 288 + b 8 floats
    assertProfile(p.get(0), CONV, (288 + 8) * 4, 8 * 8 * 8 * 4, 1);
    // part 1: relu, depthwise (W 8·1·3·3 = 72 + b 8), relu, add
    assertProfile(p.get(1), RELU + DEPTHWISE + RELU + ADD, (72 + 8) * 4, 8 * 8 * 8 * 4, 4);
    // part 2: pool, flatten, gemm (W 10·8 + b 10), output [1,10]
    assertProfile(p.get(2), POOL + FLATTEN + GEMM, (80 + 10) * 4, 10 * 4, 3);
    assertEquals(TOTAL, split.manifest().getTotalMacs());
    assertEquals((288 + 8 + 72 + 8 + 80 + 10) * 4, split.manifest().getTotalParameterBytes());
    assertEquals(List.of(1L, 8L, 8L, 8L), p.get(1).getInputs().get(0).getShape());
  }

  @Test
  void cuttingThroughTheResidualWithTwoTensorsStillComputesTheSameResult() {
    List<CutPoint> cuts = PartitionPlanner.at(analysis, List.of(2), 2);
    SplitModel split = ModelSplitter.write(analysis, cuts, SplitOptions.of("hand2", 2), dir.resolve("two"));
    assertEquals(List.of("relu", "dw"),
        split.manifest().getPartitions().get(1).getInputs().stream().map(s -> s.getName()).toList());
    assertEquals(2 * 2048, split.manifest().getPartitions().get(0).getOutputBytes());
    try (PartitionRunner runner = new PartitionRunner()) {
      VerificationResult r = new ChainedVerifier(runner).verify(model, split.partFiles(), 5);
      assertTrue(r.passed(), r.summary());
      // ONNX Runtime may fuse the residual Add into the convolution in the whole model but not across the cut;
      // which kernels it picks depends on the CPU, so allow float rounding, not bitwise equality
      assertTrue(r.maxAbsDiff() <= 1e-6, r.summary());
    }
  }

  private static void assertProfile(PartitionSpec p, long macs, long parameterBytes, long outputBytes, int nodes) {
    assertEquals(macs, p.getMacs(), "macs of part " + p.getIndex());
    assertEquals(parameterBytes, p.getParameterBytes(), "parameter bytes of part " + p.getIndex());
    assertEquals(outputBytes, p.getOutputBytes(), "output bytes of part " + p.getIndex());
    assertEquals(nodes, p.getNodeCount(), "nodes of part " + p.getIndex());
  }
}
