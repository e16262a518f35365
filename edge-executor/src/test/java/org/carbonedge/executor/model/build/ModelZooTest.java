package org.carbonedge.executor.model.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carbonedge.avro.Tensor;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.executor.onnx.TensorValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo's networks have the published size and structure, and run to finite, O(1) outputs. */
class ModelZooTest {
  @TempDir
  static Path dir;
  static BuiltModel mobilenet;
  static BuiltModel efficientnet;
  static PartitionRunner runner;

  @BeforeAll
  static void build() {
    mobilenet = ModelZoo.build("mobilenetv2", ModelZoo.DEFAULT_SEED);
    efficientnet = ModelZoo.build("efficientnet-b0", ModelZoo.DEFAULT_SEED);
    runner = new PartitionRunner();
  }

  @AfterAll
  static void close() {
    runner.close();
  }

  @Test
  void mobileNetV2MatchesPublishedCountsWithinFivePercent() {
    assertWithin(3.47e6, mobilenet.params(), "MobileNetV2 params");
    assertWithin(300e6, mobilenet.macs(), "MobileNetV2 MACs");
  }

  @Test
  void efficientNetB0MatchesPublishedCountsWithinFivePercent() {
    assertWithin(5.29e6, efficientnet.params(), "EfficientNet-B0 params");
    assertWithin(390e6, efficientnet.macs(), "EfficientNet-B0 MACs");
  }

  @Test
  void mobileNetV2HasTheRealStructure() throws Exception {
    ModelProto m = ModelProto.parseFrom(mobilenet.onnx());
    assertEquals(17, m.getOpsetImport(0).getVersion());
    Map<String, Long> ops = opCounts(m);
    assertFalse(ops.containsKey("BatchNormalization"), "batch-norm is folded");
    assertEquals(52, ops.get("Conv"), "stem + 16 expansions + 17 depthwise + 17 projections + head");
    assertEquals(35, ops.get("Clip"), "ReLU6 after stem, expansions, depthwise convs and head");
    assertEquals(10, ops.get("Add"), "residual connections of the t/c/n/s table");
    assertEquals(17, depthwiseConvs(m).size());
    assertEquals(1, ops.get("Gemm"));
    assertEquals(1000, m.getGraph().getOutput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
    assertEquals(224, m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(3).getDimValue());
  }

  @Test
  void efficientNetB0HasMbConvWithSqueezeExcitationAndSwish() throws Exception {
    ModelProto m = ModelProto.parseFrom(efficientnet.onnx());
    Map<String, Long> ops = opCounts(m);
    assertFalse(ops.containsKey("BatchNormalization"));
    assertEquals(17, ops.get("GlobalAveragePool"), "one per MBConv squeeze-excitation + head");
    assertEquals(16, depthwiseConvs(m).size(), "16 MBConv blocks");
    assertEquals(9, ops.get("Add"), "residual connections of the B0 table");
    // Swish = Sigmoid + Mul: stem, 15 expansions, 16 depthwise, 16 SE reductions, head = 49; 16 SE gates
    assertEquals(49 + 16, ops.get("Sigmoid"));
    assertEquals(49 + 16, ops.get("Mul"), "swish multiplies plus SE channel scaling");
    List<Long> kernels = depthwiseConvs(m).stream().map(n -> attr(n, "kernel_shape").getInts(0)).toList();
    assertEquals(2 + 3 + 4, kernels.stream().filter(k -> k == 5).count(), "5x5 depthwise in stages 3, 5, 6");
  }

  @Test
  void outputsAreFiniteAndOfOrderOne() throws Exception {
    for (BuiltModel m : List.of(mobilenet, efficientnet, ModelZoo.build("mnist-cnn", 3))) {
      Path file = m.writeTo(dir.resolve(m.name() + ".onnx"));
      assertArrayEquals(m.onnx(), Files.readAllBytes(file));
      List<Tensor> in = RandomInputs.forSpecs(runner.inputSpecs(file), 11);
      double[] out = TensorValues.toDoubles(runner.run(file, in).get(0));
      double sumSquares = 0;
      for (double v : out) {
        assertTrue(Double.isFinite(v), m.name() + " output not finite");
        sumSquares += v * v;
      }
      double rms = Math.sqrt(sumSquares / out.length);
      assertTrue(rms > 0.05 && rms < 20, m.name() + " output rms " + rms);
    }
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherWeights() {
    assertArrayEquals(ModelZoo.build("mnist-cnn", 5).onnx(), ModelZoo.build("MNIST-CNN", 5).onnx());
    assertFalse(java.util.Arrays.equals(ModelZoo.build("mnist-cnn", 5).onnx(), ModelZoo.build("mnist-cnn", 6).onnx()));
    assertEquals(52_138, ModelZoo.build("mnist-cnn", 5).params());
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("resnet50", 1));
    assertTrue(e.getMessage().contains("mobilenetv2") && e.getMessage().contains("efficientnet-b0"), e.getMessage());
  }

  private static void assertWithin(double published, long actual, String what) {
    double error = Math.abs(actual - published) / published;
    assertTrue(error <= 0.05, what + " = " + actual + ", " + Math.round(error * 1000) / 10.0
        + "% from published " + published);
  }

  private static Map<String, Long> opCounts(ModelProto m) {
    return m.getGraph().getNodeList().stream()
        .collect(Collectors.groupingBy(NodeProto::getOpType, Collectors.counting()));
  }

  private static List<NodeProto> depthwiseConvs(ModelProto m) {
    Function<NodeProto, Long> group = n -> attr(n, "group").getI();
    return m.getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals("Conv") && group.apply(n) > 1).toList();
  }

  private static AttributeProto attr(NodeProto n, String name) {
    return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
  }
}
