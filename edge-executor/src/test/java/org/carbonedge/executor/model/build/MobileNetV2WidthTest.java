package org.carbonedge.executor.model.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.RandomInputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MobileNetV2's width variants have the published size of the authors' checkpoints, run in ONNX Runtime with the
 * family's input and output shapes, and width 1.0 is still the exact file it was before widths existed.
 */
class MobileNetV2WidthTest {
  /**
   * SHA-256 of {@code mobilenetv2} at the default seed as built before width variants: the width-1.0 file, its
   * manifest's costs and every figure measured with it must not move.
   */
  private static final String WIDTH_ONE_SHA256 = "0a0f75d22f7bc29cb727a65d359a42eb934172e5fc92ab50564224da92d350b3";
  /**
   * Published MACs (millions) and parameters (millions) at 224×224 per width: Sandler et al. 2018 and the authors'
   * checkpoint table (tensorflow/models research/slim/nets/mobilenet; 1001 classes there, 1000 here). Width 1.4:
   * the checkpoint table's 582M / 6.06M; the paper's Table 4 says 585M / 6.9M, a parameter count no rounding of
   * this architecture gives (torchvision's width 1.4 also has 6.1M).
   */
  private static final Map<Double, double[]> PUBLISHED = new LinkedHashMap<>();

  static {
    PUBLISHED.put(0.35, new double[]{59, 1.66});
    PUBLISHED.put(0.5, new double[]{97, 1.95});
    PUBLISHED.put(0.75, new double[]{209, 2.61});
    PUBLISHED.put(1.0, new double[]{300, 3.47});
    PUBLISHED.put(1.4, new double[]{582, 6.06});
  }

  /** Relative tolerance on MACs and parameters (measured: all within 0.6%): the published figures are rounded and count a 1001-class head. */
  private static final double TOLERANCE = 0.01;

  @TempDir
  static Path dir;
  static PartitionRunner runner;
  static final Map<Double, BuiltModel> BUILT = new LinkedHashMap<>();

  @BeforeAll
  static void build() {
    runner = new PartitionRunner();
    for (double w : MobileNetV2.WIDTHS) {
      BUILT.put(w, ModelZoo.build("mobilenetv2", w, ModelZoo.DEFAULT_SEED));
    }
  }

  @AfterAll
  static void close() {
    runner.close();
  }

  @Test
  void makeDivisibleRoundsToEightsAsTheReferenceImplementation() {
    assertEquals(16, MobileNetV2.makeDivisible(32 * 0.35), "11.2 rounds to 8, more than 10% low, so 16");
    assertEquals(8, MobileNetV2.makeDivisible(16 * 0.35), "never below 8");
    assertEquals(24, MobileNetV2.makeDivisible(24 * 0.75), "18 rounds half up to 24 ((18+4)//8*8)");
    assertEquals(120, MobileNetV2.makeDivisible(160 * 0.75), "a multiple of 8 stays");
    assertEquals(72, MobileNetV2.makeDivisible(96 * 0.75));
    assertEquals(48, MobileNetV2.makeDivisible(32 * 1.4), "44.8");
    assertEquals(1792, MobileNetV2.makeDivisible(1280 * 1.4));
    for (int c : new int[]{16, 24, 32, 64, 96, 160, 320, 1280}) {
      assertEquals(c, MobileNetV2.makeDivisible(c), "width 1.0 keeps " + c);
    }
  }

  @Test
  void eachWidthHasThePublishedMacsAndParameters() {
    StringBuilder measured = new StringBuilder();
    for (Map.Entry<Double, double[]> e : PUBLISHED.entrySet()) {
      BuiltModel m = BUILT.get(e.getKey());
      measured.append(m.name()).append(" macs=").append(m.macs()).append(" params=").append(m.params()).append('\n');
      assertWithin(e.getValue()[0] * 1e6, m.macs(), m.name() + " MACs");
      assertWithin(e.getValue()[1] * 1e6, m.params(), m.name() + " params");
    }
    System.out.print(measured);
  }

  @Test
  void macsFallWithWidth() {
    long previous = 0;
    for (BuiltModel m : BUILT.values()) {
      assertTrue(m.macs() > previous, m.name() + " " + m.macs());
      previous = m.macs();
    }
  }

  @Test
  void widthOneIsTheSameFileAsBefore() throws Exception {
    BuiltModel one = BUILT.get(1.0);
    assertEquals("mobilenetv2", one.name());
    assertArrayEquals(ModelZoo.build("mobilenetv2", ModelZoo.DEFAULT_SEED).onnx(), one.onnx());
    assertEquals(WIDTH_ONE_SHA256,
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(one.onnx())));
  }

  @Test
  void everyVariantRunsInOnnxRuntimeWithTheFamilysInputsAndOutputs() {
    Path reference = BUILT.get(1.0).writeTo(dir.resolve("mobilenetv2.onnx"));
    List<TensorSpec> inputs = runner.inputSpecs(reference);
    List<TensorSpec> outputs = runner.outputSpecs(reference);
    assertEquals(List.of(1L, 3L, 224L, 224L), inputs.get(0).getShape());
    assertEquals(List.of(1L, 1000L), outputs.get(0).getShape());
    for (BuiltModel m : BUILT.values()) {
      Path file = m.writeTo(dir.resolve(m.name() + ".onnx"));
      assertEquals(inputs, runner.inputSpecs(file), m.name() + " inputs");
      assertEquals(outputs, runner.outputSpecs(file), m.name() + " outputs");
      List<Tensor> out = runner.run(file, RandomInputs.forSpecs(inputs, 7));
      assertEquals(List.of(1L, 1000L), out.get(0).getShape(), m.name());
      assertEquals(1000 * Float.BYTES, out.get(0).getData().remaining(), m.name());
    }
  }

  @Test
  void idsAndPublishedAccuracy() {
    assertEquals(List.of("mobilenetv2-w035", "mobilenetv2-w050", "mobilenetv2-w075", "mobilenetv2-w140"), ModelZoo.VARIANTS);
    assertEquals("mobilenetv2-w075", BUILT.get(0.75).name());
    assertArrayEquals(BUILT.get(0.75).onnx(), ModelZoo.build("MobileNetV2-W075", ModelZoo.DEFAULT_SEED).onnx());
    Map<String, Double> top1 = Map.of("mobilenetv2-w140", 0.747, "mobilenetv2", 0.720, "mobilenetv2-w075", 0.698,
        "mobilenetv2-w050", 0.654, "mobilenetv2-w035", 0.603);
    top1.forEach((id, value) -> {
      ModelAccuracy a = ModelZoo.accuracy(id).orElseThrow();
      assertEquals("top1", a.getMetric());
      assertEquals(value, a.getValue(), 1e-12, id);
      assertTrue(a.getSource().contains("Sandler et al. 2018") && a.getSource().contains("not measured"), a.getSource());
      assertEquals("mobilenetv2", ModelZoo.family(id).orElseThrow());
    });
    assertTrue(ModelZoo.accuracy("efficientnet-b0").isEmpty());
    assertTrue(ModelZoo.family("mnist-cnn").isEmpty());
  }

  @Test
  void describeFillsInTheFamilyAndAccuracyOfBuiltInVariantsOnly() {
    ModelManifest bare = ModelManifest.newBuilder().setModelId("mobilenetv2-w050").setVersion(1)
        .setInputs(List.of()).setOutputs(List.of()).setTotalMacs(1).setTotalParameterBytes(1)
        .setPartitions(List.of()).setCreatedAt(java.time.Instant.EPOCH).build();
    ModelManifest described = ModelZoo.describe(bare);
    assertEquals("mobilenetv2", described.getFamily());
    assertEquals(0.654, described.getAccuracy().getValue(), 1e-12);
    assertEquals(bare.getTotalMacs(), described.getTotalMacs());
    ModelManifest own = ModelManifest.newBuilder(bare).setModelId("my-model").build();
    assertTrue(ModelZoo.describe(own) == own, "a model that is not built in is left alone");
    ModelManifest measured = ModelManifest.newBuilder(bare)
        .setAccuracy(new ModelAccuracy("top1", 0.31, "measured on our labels")).build();
    assertEquals(0.31, ModelZoo.describe(measured).getAccuracy().getValue(), 1e-12, "a given accuracy is kept");
  }

  @Test
  void otherWidthsAndOtherModelsAreRefused() {
    IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
        () -> ModelZoo.build("mobilenetv2", 0.6, 1));
    assertTrue(width.getMessage().contains("0.6") && width.getMessage().contains("0.35"), width.getMessage());
    IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
        () -> ModelZoo.build("efficientnet-b0", 0.5, 1));
    assertTrue(model.getMessage().contains("mobilenetv2 only"), model.getMessage());
  }

  private static void assertWithin(double published, long actual, String what) {
    double error = Math.abs(actual - published) / published;
    assertTrue(error <= TOLERANCE, what + " = " + actual + ", " + Math.round(error * 1000) / 10.0
        + "% from published " + published);
  }
}
