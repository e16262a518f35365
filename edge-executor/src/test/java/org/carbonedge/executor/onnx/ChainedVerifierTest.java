package org.carbonedge.executor.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.executor.model.partition.ModelSplitter;
import org.carbonedge.executor.model.partition.SplitModel;
import org.carbonedge.executor.model.partition.SplitOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chained parts against the whole model (and reference outputs) on the real models in shared/data. */
class ChainedVerifierTest {
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
  void mnist8ChainedEqualsWholeAndMatchesReferenceData() {
    Path model = TestData.model("mnist-8.onnx");
    SplitModel split = ModelSplitter.split(model, SplitOptions.of("mnist-8", 3), dir.resolve("mnist-8"));
    assertEquals(3, split.partFiles().size());
    VerificationResult random = verifier.verify(model, split.partFiles(), 42L);
    assertTrue(random.passed(), random.summary());
    assertTrue(random.maxAbsDiff() <= ChainedVerifier.DEFAULT_TOLERANCE);
    assertEquals(10, random.elementsCompared());

    Path data = TestData.model("mnist-8_test_data");
    for (int set = 0; set < 3; set++) {
      Path setDir = data.resolve("test_data_set_" + set);
      List<Tensor> inputs = List.of(TensorProtos.renamed(TensorProtos.readAll(setDir, "input").get(0), "Input3"));
      List<Tensor> expected = TensorProtos.readAll(setDir, "output");
      List<Tensor> chained = verifier.runChained(split.partFiles(), inputs);
      List<Tensor> whole = runner.run(model, inputs);
      VerificationResult vsWhole = ChainedVerifier.compare(whole, chained, ChainedVerifier.DEFAULT_TOLERANCE);
      assertTrue(vsWhole.passed(), "set " + set + ": " + vsWhole.summary());
      List<Tensor> renamed = List.of(TensorProtos.renamed(expected.get(0), chained.get(0).getName()));
      VerificationResult vsReference = ChainedVerifier.compare(renamed, chained, 1e-3);
      assertTrue(vsReference.passed(), "set " + set + " vs reference: " + vsReference.summary());
      assertTrue(vsReference.maxRelDiff() <= 1e-5, "set " + set + ": " + vsReference.summary());
      assertEquals(argmax(expected.get(0)), argmax(chained.get(0)), "predicted digit");
    }
  }

  @Test
  void squeezeNetFp16ChainedEqualsWholeWithinFloat16Resolution() {
    Path model = TestData.model("SqueezeNet_fp16.onnx");
    SplitModel split = ModelSplitter.split(model, SplitOptions.of("squeezenet-fp16", 3), dir.resolve("sq"));
    for (long seed = 1; seed <= 3; seed++) {
      VerificationResult r = verifier.verify(model, split.partFiles(), seed);
      assertTrue(r.float16(), "outputs are float16");
      assertEquals(ChainedVerifier.FLOAT16_TOLERANCE, r.tolerance());
      assertTrue(r.passed(), "seed " + seed + ": " + r.summary());
      assertEquals(1000, r.elementsCompared());
    }
  }

  @Test
  void tensorsSurviveTheAvroHopUnchanged() {
    List<Tensor> in = RandomInputs.forSpecs(List.of(new org.carbonedge.avro.TensorSpec("x", TensorDataType.FLOAT16,
        List.of(2L, -1L))), 3);
    List<Tensor> out = ChainedVerifier.overTheWire(in);
    assertEquals(in, out);
    assertEquals(List.of(2L, 1L), out.get(0).getShape(), "dynamic dimension taken as 1");
  }

  @Test
  void compareReportsMismatchesInsteadOfPassing() {
    Tensor a = TensorCodec.tensor("y", TensorDataType.FLOAT32, new long[] {2}, new byte[8]);
    Tensor b = TensorCodec.tensor("y", TensorDataType.FLOAT32, new long[] {1, 2}, new byte[8]);
    VerificationResult shape = ChainedVerifier.compare(List.of(a), List.of(b), 1e-4);
    assertFalse(shape.passed());
    assertNotNull(shape.problem());
    assertTrue(shape.summary().startsWith("FAIL"), shape.summary());
    VerificationResult count = ChainedVerifier.compare(List.of(a), List.of(), 1e-4);
    assertFalse(count.passed());

    java.nio.ByteBuffer v = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    v.putFloat(1f).putFloat(4f);
    Tensor c = TensorCodec.tensor("y", TensorDataType.FLOAT32, new long[] {2}, v.array());
    VerificationResult diff = ChainedVerifier.compare(List.of(c), List.of(a), 1e-4);
    assertEquals(4.0, diff.maxAbsDiff());
    assertEquals(1.0, diff.maxRelDiff());
    assertFalse(diff.passed());
  }

  private static int argmax(Tensor t) {
    double[] v = TensorValues.toDoubles(t);
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
