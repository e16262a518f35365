package org.carbonedge.executor.model.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.model.build.BuiltModel;
import org.carbonedge.executor.onnx.ChainedVerifier;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.TestData;
import org.carbonedge.executor.onnx.VerificationResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splitting real models (ours and third-party) into 3 parts: structure, profiles, manifest, chained == whole. */
class ModelSplitterTest {
  static final Instant CREATED = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir
  static Path dir;
  static PartitionRunner runner;
  static ChainedVerifier verifier;

  @BeforeAll
  static void setUp() {
    runner = new PartitionRunner();
    verifier = new ChainedVerifier(runner);
  }

  @AfterAll
  static void tearDown() {
    runner.close();
  }

  @Test
  void mobileNetV2SplitsIntoThreeBalancedPartsThatChainExactly() {
    splitVerifyAndCheckCosts(ModelZoo.build("mobilenetv2", ModelZoo.DEFAULT_SEED));
  }

  @Test
  void efficientNetB0SplitsIntoThreeBalancedPartsThatChainExactly() {
    splitVerifyAndCheckCosts(ModelZoo.build("efficientnet-b0", ModelZoo.DEFAULT_SEED));
  }

  @Test
  void mnistCnnSplitsIntoThreeParts() {
    splitVerifyAndCheckCosts(ModelZoo.build("mnist-cnn", ModelZoo.DEFAULT_SEED));
  }

  @Test
  void mnist8ConstantSubgraphIsReplicatedNotCut() {
    ModelAnalysis a = ModelAnalysis.of(TestData.model("mnist-8.onnx"));
    assertEquals(1, a.graph().constantNodes().size(), "Reshape of Parameter193 depends only on initializers");
    assertTrue(a.allCuts().stream().allMatch(c -> c.single()), "the reshaped weight never crosses a cut");
    // cut after Pooling66 and Pooling160: the last part is Reshape, MatMul, Add plus the constant Reshape
    SplitModel split = ModelSplitter.write(a, PartitionPlanner.at(a, List.of(3, 7), 1),
        new SplitOptions("mnist-8", 1, 3, 1, CREATED), dir.resolve("mnist-8"));
    PartitionSpec last = split.manifest().getPartitions().get(2);
    assertEquals(4, last.getNodeCount());
    assertTrue(last.getParameterBytes() >= 256 * 10 * 4, "last part carries the 256x10 weight it reshapes");
    assertTrue(split.manifest().getPartitions().get(0).getParameterBytes() < 1000, "and the others do not");
    assertEquals("Plus214_Output_0", last.getOutputs().get(0).getName());
    assertEquals(10 * 4, last.getOutputBytes());
  }

  @Test
  void squeezeNetOnlyCutsBetweenFireModules() throws Exception {
    Path model = TestData.model("SqueezeNet_fp16.onnx");
    ModelAnalysis a = ModelAnalysis.of(model);
    for (CutPoint c : a.cutPoints()) {
      String t = c.tensors().get(0);
      assertFalse(t.contains("expand1x1_2") || t.contains("expand3x3"), "cut inside a fire module at " + t);
    }
    List<CutPoint> strict = PartitionPlanner.balanced(a, 3, 1, 0.0);
    List<CutPoint> cuts = PartitionPlanner.balanced(a, 3, 1);
    assertTrue(bytes(cuts) < bytes(strict) / 4, "5% balance slack finds much cheaper cuts: " + bytes(cuts)
        + " vs " + bytes(strict) + " bytes");
    assertTrue(largestPart(a, cuts) <= 1.05 * largestPart(a, strict));
    SplitModel split = ModelSplitter.write(a, cuts, new SplitOptions("squeezenet", 1, 3, 1, CREATED),
        dir.resolve("squeezenet"));
    for (PartitionSpec p : split.manifest().getPartitions()) {
      assertEquals(TensorDataType.FLOAT16, p.getOutputs().get(0).getDtype());
    }
    ModelProto part0 = ModelProto.parseFrom(Files.readAllBytes(split.partFiles().get(0)));
    assertEquals(7, part0.getOpsetImport(0).getVersion(), "opset of the source model is kept");
    assertEquals(3, part0.getIrVersion());
    VerificationResult r = verifier.verify(model, split.partFiles(), 9);
    assertTrue(r.passed(), r.summary());
  }

  @Test
  void manifestDescribesTheFilesAndRoundTripsThroughJson() throws Exception {
    Path model = TestData.model("mnist-8.onnx");
    SplitModel split = ModelSplitter.split(model, new SplitOptions("mnist-8.v2", 4, 3, 1, CREATED),
        dir.resolve("manifest"));
    ModelManifest m = split.manifest();
    assertEquals("mnist-8.v2", m.getModelId());
    assertEquals(4, m.getVersion());
    assertEquals(CREATED, m.getCreatedAt());
    assertEquals("Input3", m.getInputs().get(0).getName());
    assertEquals(List.of(1L, 1L, 28L, 28L), m.getInputs().get(0).getShape());
    long macs = 0;
    for (int i = 0; i < 3; i++) {
      PartitionSpec p = m.getPartitions().get(i);
      assertEquals(i, p.getIndex());
      assertEquals("part-" + i + ".onnx", p.getFile());
      Path file = split.directory().resolve(p.getFile());
      assertEquals(ModelSplitter.sha256(Files.readAllBytes(file)), p.getSha256());
      if (i > 0) {
        assertEquals(m.getPartitions().get(i - 1).getOutputs(), p.getInputs(), "parts chain by tensor name");
      }
      assertEquals(runner.inputSpecs(file), p.getInputs(), "declared inputs are what ONNX Runtime sees");
      macs += p.getMacs();
    }
    assertEquals(m.getTotalMacs(), macs, "mnist-8's only constant node lands in exactly one part");
    ModelManifest read = ManifestJson.read(split.directory());
    assertEquals(m, read);
    assertTrue(Files.readString(split.directory().resolve("manifest.json")).contains("\"sha256\""));
  }

  @Test
  void badRequestsAreRefusedClearly() throws Exception {
    Path model = TestData.model("mnist-8.onnx");
    IllegalArgumentException parts = assertThrows(IllegalArgumentException.class,
        () -> ModelSplitter.split(model, SplitOptions.of("m", 40), dir.resolve("too-many")));
    assertTrue(parts.getMessage().contains("cannot split into 40 parts"), parts.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SplitOptions.of("../etc", 2));
    assertThrows(IllegalArgumentException.class, () -> SplitOptions.of("..", 2));
    Path junk = Files.write(dir.resolve("junk.onnx"), "not a model".getBytes());
    IllegalArgumentException notModel = assertThrows(IllegalArgumentException.class, () -> ModelAnalysis.of(junk));
    assertTrue(notModel.getMessage().contains("junk.onnx"), notModel.getMessage());
    IllegalArgumentException json = assertThrows(IllegalArgumentException.class,
        () -> ManifestJson.fromJson("{\"modelId\": 1}", "x.json"));
    assertTrue(json.getMessage().startsWith("x.json is not a valid model manifest"), json.getMessage());
  }

  @Test
  void onePartIsTheWholeModel() {
    Path model = TestData.model("mnist-8.onnx");
    SplitModel split = ModelSplitter.split(model, SplitOptions.of("single", 1), dir.resolve("single"));
    assertEquals(1, split.partFiles().size());
    assertEquals(12, split.manifest().getPartitions().get(0).getNodeCount());
    assertTrue(verifier.verify(model, split.partFiles(), 3).passed());
  }

  @Test
  void dynamicBatchDimensionStaysDynamicAcrossCuts() throws Exception {
    ModelProto fixed = ModelProto.parseFrom(ModelZoo.build("mnist-cnn", 2).onnx());
    ModelProto.Builder dynamic = fixed.toBuilder();
    var graph = dynamic.getGraphBuilder();
    graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0)
        .clearDimValue().setDimParam("N");
    graph.getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0)
        .clearDimValue().setDimParam("N");
    Path model = Files.write(dir.resolve("dynamic.onnx"), dynamic.build().toByteArray());
    SplitModel split = ModelSplitter.split(model, SplitOptions.of("dynamic", 3), dir.resolve("dynamic"));
    assertEquals(List.of(-1L, 1L, 28L, 28L), split.manifest().getInputs().get(0).getShape());
    PartitionSpec middle = split.manifest().getPartitions().get(1);
    assertEquals(-1L, middle.getInputs().get(0).getShape().get(0), "batch follows the dynamic input");
    assertTrue(middle.getInputs().get(0).getShape().subList(1, 4).stream().allMatch(d -> d > 0));
    assertEquals(List.of(-1L, 10L), split.manifest().getOutputs().get(0).getShape());
    VerificationResult r = verifier.verify(model, split.partFiles(), 4);
    assertTrue(r.passed(), r.summary());
    // batch 2 runs through the parts too
    var batch2 = org.carbonedge.executor.onnx.RandomInputs.random("input", TensorDataType.FLOAT32,
        new long[] {2, 1, 28, 28}, new java.util.SplittableRandom(1));
    var out = verifier.runChained(split.partFiles(), List.of(batch2));
    assertEquals(List.of(2L, 10L), out.get(0).getShape());
  }

  private static long bytes(List<CutPoint> cuts) {
    return cuts.stream().mapToLong(CutPoint::bytes).sum();
  }

  private static long largestPart(ModelAnalysis a, List<CutPoint> cuts) {
    long largest = 0;
    int start = 0;
    for (CutPoint c : cuts) {
      largest = Math.max(largest, a.macsBetween(start, c.position() + 1));
      start = c.position() + 1;
    }
    return Math.max(largest, a.macsBetween(start, a.computeNodeCount()));
  }

  private void splitVerifyAndCheckCosts(BuiltModel built) {
    Path model = built.writeTo(dir.resolve(built.name() + ".onnx"));
    ModelAnalysis a = ModelAnalysis.of(model);
    long convAndGemm = a.computeCosts().stream()
        .filter(c -> c.rule().equals("conv") || c.rule().equals("gemm")).mapToLong(NodeCost::macs).sum();
    assertEquals(built.macs(), convAndGemm, "partitioner's Conv/Gemm MACs equal the builder's count");
    assertTrue(a.totalMacs() <= built.macs() * 1.05, "other nodes add under 5% (element counts)");

    SplitModel split = ModelSplitter.write(a, PartitionPlanner.balanced(a, 3, 1),
        new SplitOptions(built.name(), 1, 3, 1, CREATED), dir.resolve(built.name() + "-parts"));
    ModelManifest m = split.manifest();
    assertEquals(3, m.getPartitions().size());
    assertEquals(a.totalMacs(), m.getPartitions().stream().mapToLong(PartitionSpec::getMacs).sum());
    assertEquals(built.params() * 4, m.getTotalParameterBytes());
    for (PartitionSpec p : m.getPartitions()) {
      assertEquals(1, p.getOutputs().size(), "single-tensor cuts");
      if (!built.name().equals("mnist-cnn")) {
        assertTrue(p.getMacs() < 0.45 * a.totalMacs(), built.name() + " part " + p.getIndex() + " holds "
            + p.getMacs() + " of " + a.totalMacs());
      }
    }
    VerificationResult r = verifier.verify(model, split.partFiles(), 17);
    assertTrue(r.passed(), built.name() + ": " + r.summary());
    assertTrue(r.maxAbsDiff() <= ChainedVerifier.DEFAULT_TOLERANCE);
  }
}
