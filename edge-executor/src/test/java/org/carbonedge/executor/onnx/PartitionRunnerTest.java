package org.carbonedge.executor.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.executor.model.ModelZoo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionRunnerTest {
  @TempDir
  static Path dir;
  static Path model;
  static PartitionRunner runner;

  @BeforeAll
  static void setUp() {
    model = ModelZoo.build("mnist-cnn", 1).writeTo(dir.resolve("mnist-cnn.onnx"));
    runner = new PartitionRunner();
  }

  @AfterAll
  static void tearDown() {
    runner.close();
  }

  private static Tensor input(long seed) {
    return RandomInputs.forSpecs(runner.inputSpecs(model), seed).get(0);
  }

  @Test
  void runsAndCachesOneSessionPerFile() {
    List<Tensor> first = runner.run(model, List.of(input(1)));
    List<Tensor> again = runner.run(model, List.of(input(1)));
    assertEquals(1, runner.cachedSessions());
    assertEquals(1, first.size());
    assertEquals("probs", first.get(0).getName());
    assertEquals(List.of(1L, 10L), first.get(0).getShape());
    assertArrayEquals(TensorCodec.bytes(first.get(0)), TensorCodec.bytes(again.get(0)));
    double sum = 0;
    for (double p : TensorValues.toDoubles(first.get(0))) {
      sum += p;
    }
    assertEquals(1.0, sum, 1e-5, "softmax output sums to one");
  }

  @Test
  void reportsTimings() {
    PartRun run = runner.runTimed(model, List.of(input(2)));
    assertTrue(run.computeNanos() > 0 && run.decodeNanos() > 0 && run.encodeNanos() > 0);
  }

  @Test
  void sessionMetadataIsExposedAsSpecs() {
    assertEquals("input", runner.inputSpecs(model).get(0).getName());
    assertEquals(List.of(1L, 1L, 28L, 28L), runner.inputSpecs(model).get(0).getShape());
    assertEquals(TensorDataType.FLOAT32, runner.outputSpecs(model).get(0).getDtype());
  }

  @Test
  void unknownInputNameIsRejected() {
    Tensor t = TensorProtos.renamed(input(3), "image");
    TensorFormatException e = assertThrows(TensorFormatException.class, () -> runner.run(model, List.of(t)));
    assertTrue(e.getMessage().contains("unexpected input 'image'") && e.getMessage().contains("[input]"),
        e.getMessage());
  }

  @Test
  void missingInputIsRejected() {
    TensorFormatException e = assertThrows(TensorFormatException.class, () -> runner.run(model, List.of()));
    assertTrue(e.getMessage().contains("missing input 'input'"), e.getMessage());
  }

  @Test
  void duplicateInputIsRejected() {
    TensorFormatException e = assertThrows(TensorFormatException.class,
        () -> runner.run(model, List.of(input(4), input(5))));
    assertTrue(e.getMessage().contains("given twice"), e.getMessage());
  }

  @Test
  void wrongDtypeIsRejected() {
    Tensor t = TensorCodec.tensor("input", TensorDataType.FLOAT64, new long[] {1, 1, 28, 28}, new byte[784 * 8]);
    TensorFormatException e = assertThrows(TensorFormatException.class, () -> runner.run(model, List.of(t)));
    assertTrue(e.getMessage().contains("must be FLOAT32 but is FLOAT64"), e.getMessage());
  }

  @Test
  void wrongShapeIsRejected() {
    Tensor t = TensorCodec.tensor("input", TensorDataType.FLOAT32, new long[] {1, 1, 14, 56}, new byte[784 * 4]);
    TensorFormatException e = assertThrows(TensorFormatException.class, () -> runner.run(model, List.of(t)));
    assertTrue(e.getMessage().contains("must have shape [1, 1, 28, 28]") && e.getMessage().contains("[1, 1, 14, 56]"),
        e.getMessage());
  }

  @Test
  void corruptByteLengthIsRejected() {
    Tensor t = new Tensor("input", TensorDataType.FLOAT32, new ArrayList<>(List.of(1L, 1L, 28L, 28L)),
        ByteBuffer.wrap(new byte[100]));
    TensorFormatException e = assertThrows(TensorFormatException.class, () -> runner.run(model, List.of(t)));
    assertTrue(e.getMessage().contains("needs 3136 bytes"), e.getMessage());
  }

  @Test
  void missingOrCorruptPartFileIsAnExecutionError() throws Exception {
    PartitionExecutionException missing = assertThrows(PartitionExecutionException.class,
        () -> runner.run(dir.resolve("nope.onnx"), List.of(input(6))));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {1, 2, 3, 4, 5});
    PartitionExecutionException bad = assertThrows(PartitionExecutionException.class,
        () -> runner.run(corrupt, List.of(input(6))));
    assertTrue(bad.getMessage().contains("cannot load"), bad.getMessage());
  }

  @Test
  void evictDropsTheCachedSession() {
    try (PartitionRunner own = new PartitionRunner(2)) {
      own.run(model, List.of(input(7)));
      assertEquals(1, own.cachedSessions());
      own.evict(model);
      assertEquals(0, own.cachedSessions());
    }
    assertThrows(IllegalArgumentException.class, () -> new PartitionRunner(0));
  }
}
