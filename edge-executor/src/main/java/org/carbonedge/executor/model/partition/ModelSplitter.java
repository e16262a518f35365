package org.carbonedge.executor.model.partition;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.avro.TensorSpec;

/**
 * Splits any ONNX model into k contiguous parts and writes them as part-0.onnx … part-(k-1).onnx plus
 * manifest.json into a directory: analyse the model, choose balanced cuts (or take given ones), extract each
 * part, profile it, and describe everything in a {@link ModelManifest}. Part i reads exactly the tensors part
 * i-1 writes, so the parts chain like the whole model.
 */
public final class ModelSplitter {
  private ModelSplitter() {}

  /** Next to the parts, the whole model: what a stage that covers every part runs, as one session. */
  public static final String WHOLE_FILE = "whole.onnx";

  /**
   * Analyses {@code modelFile}, cuts it into {@code options.parts()} balanced parts and writes them to dir, with a
   * copy of the whole model as {@link #WHOLE_FILE}: a monolithic stage then runs one session, as an unpartitioned
   * deployment would, instead of chaining every part.
   */
  public static SplitModel split(Path modelFile, SplitOptions options, Path dir) {
    ModelAnalysis analysis = ModelAnalysis.of(modelFile);
    List<CutPoint> cuts = PartitionPlanner.balanced(analysis, options.parts(), options.maxTensorsPerCut());
    SplitModel split = write(analysis, cuts, options, dir);
    try {
      writeAtomically(dir.resolve(WHOLE_FILE), Files.readAllBytes(modelFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + modelFile + " to " + dir + ": " + e.getMessage(), e);
    }
    return split;
  }

  /** Writes the parts of {@code analysis} between the given cuts (k-1 cuts give k parts) to {@code dir}. */
  public static SplitModel write(ModelAnalysis analysis, List<CutPoint> cuts, SplitOptions options, Path dir) {
    OnnxGraph graph = analysis.graph();
    List<List<String>> boundaries = new ArrayList<>();
    boundaries.add(graph.inputs());
    cuts.forEach(c -> boundaries.add(c.tensors()));
    boundaries.add(graph.outputs());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + dir + ": " + e.getMessage(), e);
    }
    List<PartitionSpec> specs = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i + 1 < boundaries.size(); i++) {
      String file = "part-" + i + ".onnx";
      ExtractedPart part = SubModelExtractor.extract(analysis, "part-" + i, boundaries.get(i),
          boundaries.get(i + 1));
      byte[] bytes = part.model().toByteArray();
      Path target = dir.resolve(file);
      writeAtomically(target, bytes);
      files.add(target);
      specs.add(PartitionSpec.newBuilder()
          .setIndex(i)
          .setFile(file)
          .setSha256(sha256(bytes))
          .setInputs(part.inputs())
          .setOutputs(part.outputs())
          .setMacs(part.macs())
          .setParameterBytes(part.parameterBytes())
          .setOutputBytes(part.outputBytes())
          .setNodeCount(part.nodeCount())
          .build());
    }
    long parameterBytes = 0;
    for (TensorProto t : graph.initializers()) {
      parameterBytes += SubModelExtractor.initializerBytes(t);
    }
    ModelManifest manifest = ModelManifest.newBuilder()
        .setModelId(options.modelId())
        .setVersion(options.version())
        .setInputs(specs.get(0).getInputs())
        .setOutputs(new ArrayList<TensorSpec>(specs.get(specs.size() - 1).getOutputs()))
        .setTotalMacs(analysis.totalMacs())
        .setTotalParameterBytes(parameterBytes)
        .setPartitions(specs)
        .setCreatedAt(options.createdAt())
        .build();
    ManifestJson.write(manifest, dir);
    return new SplitModel(manifest, dir, files, cuts);
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void writeAtomically(Path target, byte[] bytes) {
    try {
      Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
