package org.carbonedge.executor.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;

/**
 * Runs one model part (an .onnx file) from wire tensors to wire tensors. Sessions are created once per part
 * file and cached, because session creation costs far more than a run; inputs are checked against the session's
 * own metadata (names, dtypes, shapes) so a bad task gets a clear {@link TensorFormatException} instead of an
 * ONNX Runtime stack trace. Thread-safe: ONNX Runtime sessions may be run concurrently.
 */
public final class PartitionRunner implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final int intraOpThreads;
  private final Map<Path, Part> sessions = new ConcurrentHashMap<>();
  /** Cache of the last part used: a stage runs the same few parts over and over. */
  private volatile Part last;
  private final DirectBufferPool buffers = new DirectBufferPool(64L << 20);

  /** A runner whose sessions use one intra-op thread (one core per part, as on a small edge device). */
  public PartitionRunner() {
    this(1);
  }

  /** A runner whose sessions use {@code intraOpThreads} intra-op threads. */
  public PartitionRunner(int intraOpThreads) {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + intraOpThreads);
    }
    this.intraOpThreads = intraOpThreads;
  }

  /** Runs {@code partFile} on {@code inputs} and returns its outputs in the session's output order. */
  public List<Tensor> run(Path partFile, List<Tensor> inputs) {
    return runTimed(partFile, inputs).outputs();
  }

  /** Like {@link #run} but also reports decode, compute and encode time. */
  public PartRun runTimed(Path partFile, List<Tensor> inputs) {
    Part part = part(partFile);
    OrtSession session = part.session();
    Map<String, NodeInfo> expected = part.inputs();
    Map<String, Tensor> byName = checkInputs(partFile, expected, inputs);
    Map<String, OnnxTensor> feeds = new HashMap<>();
    List<ByteBuffer> borrowed = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      for (Map.Entry<String, Tensor> e : byName.entrySet()) {
        ByteBuffer buffer = buffers.acquire(e.getValue().getData().remaining());
        borrowed.add(buffer);
        feeds.put(e.getKey(), TensorCodec.toOnnx(env, e.getValue(), buffer));
      }
      long t1 = System.nanoTime();
      try (OrtSession.Result result = session.run(feeds)) {
        long t2 = System.nanoTime();
        List<Tensor> outputs = new ArrayList<>(result.size());
        for (Map.Entry<String, OnnxValue> out : result) {
          if (!(out.getValue() instanceof OnnxTensor tensor)) {
            throw new PartitionExecutionException("output '" + out.getKey() + "' of " + partFile
                + " is not a tensor (" + out.getValue().getType() + ")", null);
          }
          outputs.add(TensorCodec.fromOnnx(out.getKey(), tensor));
        }
        long t3 = System.nanoTime();
        return new PartRun(outputs, t1 - t0, t2 - t1, t3 - t2);
      }
    } catch (OrtException e) {
      throw new PartitionExecutionException("ONNX Runtime failed to run " + partFile + ": " + e.getMessage(), e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
      borrowed.forEach(buffers::release);
    }
  }

  /**
   * Loads {@code partFile}'s session if it is not loaded yet and runs it once on seeded inputs of its declared
   * shapes, so the first real inference neither waits for the load nor pays ONNX Runtime's first-run allocations.
   * Returns whether it did anything (false when the part was ready already).
   */
  public boolean prepare(Path partFile) {
    if (sessions.containsKey(key(partFile))) {
      return false;
    }
    run(partFile, RandomInputs.forSpecs(inputSpecs(partFile), 0));
    return true;
  }

  /** Declared inputs of {@code partFile} as the session sees them (initializers excluded). */
  public List<TensorSpec> inputSpecs(Path partFile) {
    return specs(part(partFile).inputs());
  }

  /** Declared outputs of {@code partFile} as the session sees them. */
  public List<TensorSpec> outputSpecs(Path partFile) {
    try {
      return specs(part(partFile).session().getOutputInfo());
    } catch (OrtException e) {
      throw new PartitionExecutionException("cannot read outputs of " + partFile + ": " + e.getMessage(), e);
    }
  }

  /** Closes and forgets the cached session of {@code partFile}, e.g. after the file was replaced. */
  public void evict(Path partFile) {
    Part p = sessions.remove(key(partFile));
    last = null;
    if (p != null) {
      closeQuietly(p.session());
    }
  }

  /**
   * Bytes of the part files behind the cached sessions: the model weights this runner holds in memory, which is what
   * an executor reports as used memory (its JVM heap is shared with other services in the embedded setup).
   */
  public long residentModelBytes() {
    long total = 0;
    for (Path p : sessions.keySet()) {
      try {
        total += Files.size(p);
      } catch (java.io.IOException e) {
        // a replaced or deleted file: its session still holds the old weights; count nothing rather than fail
      }
    }
    return total;
  }

  /** Number of cached sessions. */
  public int cachedSessions() {
    return sessions.size();
  }

  @Override
  public void close() {
    sessions.values().forEach(p -> closeQuietly(p.session()));
    sessions.clear();
    last = null;
  }

  /** A loaded part: its session and its declared inputs (read once: asking ONNX Runtime costs a JNI round trip). */
  private record Part(Path file, OrtSession session, Map<String, NodeInfo> inputs) {
  }

  private Part part(Path partFile) {
    Part recent = last;
    if (recent != null && recent.file().equals(partFile)) {
      return recent;
    }
    Path key = key(partFile);
    Part existing = sessions.get(key);
    if (existing == null) {
      existing = sessions.computeIfAbsent(key, this::load);
    }
    last = new Part(partFile, existing.session(), existing.inputs());
    return last;
  }

  private Part load(Path file) {
    OrtSession session = open(file);
    try {
      return new Part(file, session, session.getInputInfo());
    } catch (OrtException e) {
      closeQuietly(session);
      throw new PartitionExecutionException("cannot read inputs of " + file + ": " + e.getMessage(), e);
    }
  }

  private OrtSession open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new PartitionExecutionException("part file " + file + " does not exist or is not a file", null);
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return env.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new PartitionExecutionException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Tensor> checkInputs(Path partFile, Map<String, NodeInfo> expected,
      List<Tensor> inputs) {
    Map<String, Tensor> byName = new LinkedHashMap<>();
    for (Tensor t : inputs) {
      if (t == null || t.getName() == null) {
        throw new TensorFormatException("an input tensor of " + partFile.getFileName() + " has no name");
      }
      if (byName.put(t.getName(), t) != null) {
        throw new TensorFormatException("input '" + t.getName() + "' given twice for " + partFile.getFileName());
      }
      if (!expected.containsKey(t.getName())) {
        throw new TensorFormatException("unexpected input '" + t.getName() + "' for " + partFile.getFileName()
            + "; it takes " + expected.keySet());
      }
    }
    for (Map.Entry<String, NodeInfo> e : expected.entrySet()) {
      Tensor t = byName.get(e.getKey());
      if (t == null) {
        throw new TensorFormatException("missing input '" + e.getKey() + "' for " + partFile.getFileName()
            + "; it takes " + expected.keySet() + ", got " + byName.keySet());
      }
      if (!(e.getValue().getInfo() instanceof TensorInfo info)) {
        throw new TensorFormatException("input '" + e.getKey() + "' of " + partFile.getFileName()
            + " is not a tensor input");
      }
      TensorDataType want = DataTypes.fromJavaType(info.type);
      if (t.getDtype() != want) {
        throw new TensorFormatException("input '" + e.getKey() + "' of " + partFile.getFileName() + " must be "
            + want + " but is " + t.getDtype());
      }
      long[] wantShape = info.getShape();
      List<Long> got = t.getShape();
      boolean ok = got != null && got.size() == wantShape.length;
      for (int i = 0; ok && i < wantShape.length; i++) {
        ok = wantShape[i] < 0 || got.get(i) == wantShape[i];
      }
      if (!ok) {
        throw new TensorFormatException("input '" + e.getKey() + "' of " + partFile.getFileName()
            + " must have shape " + TensorCodec.describe(wantShape) + " (-1 = any) but has " + got);
      }
      TensorCodec.validate(t);
    }
    return byName;
  }

  private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
    List<TensorSpec> out = new ArrayList<>();
    for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
      if (e.getValue().getInfo() instanceof TensorInfo info) {
        List<Long> shape = new ArrayList<>();
        for (long d : info.getShape()) {
          shape.add(d);
        }
        out.add(new TensorSpec(e.getKey(), DataTypes.fromJavaType(info.type), shape));
      }
    }
    return out;
  }

  private static Path key(Path partFile) {
    return partFile.toAbsolutePath().normalize();
  }

  private static void closeQuietly(OrtSession s) {
    try {
      s.close();
    } catch (OrtException e) {
      // closing a session only frees native memory; nothing useful to do on failure
    }
  }
}
