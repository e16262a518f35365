package org.carbonedge.executor.model.partition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.carbonedge.avro.ModelManifest;

/**
 * The manifest.json written next to the part files: the {@link ModelManifest} in Avro's JSON encoding, so it
 * is readable by people and tools and parses back into exactly the record published on the models topic.
 */
public final class ManifestJson {
  /** File name of the manifest inside a model directory. */
  public static final String FILE_NAME = "manifest.json";

  private ManifestJson() {}

  /** Pretty-printed JSON of {@code manifest}. */
  public static String toJson(ModelManifest manifest) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(ModelManifest.getClassSchema(), out, true);
      new SpecificDatumWriter<>(ModelManifest.class).write(manifest, encoder);
      encoder.flush();
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode manifest of " + manifest.getModelId(), e);
    }
  }

  /** Parses manifest JSON; {@code source} names it in errors. */
  public static ModelManifest fromJson(String json, String source) {
    try {
      return new SpecificDatumReader<>(ModelManifest.class)
          .read(null, DecoderFactory.get().jsonDecoder(ModelManifest.getClassSchema(), json));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(source + " is not a valid model manifest: " + e.getMessage(), e);
    }
  }

  /** Writes {@code manifest} as {@code dir/manifest.json}. */
  public static Path write(ModelManifest manifest, Path dir) {
    try {
      return Files.writeString(dir.resolve(FILE_NAME), toJson(manifest), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }

  /** Reads {@code dir/manifest.json} (or the file itself if {@code path} is a file). */
  public static ModelManifest read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read manifest " + file + ": " + e.getMessage(), e);
    }
  }
}
