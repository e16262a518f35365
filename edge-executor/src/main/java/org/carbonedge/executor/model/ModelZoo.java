package org.carbonedge.executor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.executor.model.build.BuiltModel;
import org.carbonedge.executor.model.build.EfficientNetB0;
import org.carbonedge.executor.model.build.MnistCnn;
import org.carbonedge.executor.model.build.MobileNetV2;

/**
 * The models CarbonEdge can write without downloading anything: real architectures (MobileNetV2 and its width
 * variants, EfficientNet-B0) and a small MNIST CNN, with seeded weights so a given seed always gives the same file.
 * Weights are random, so outputs are meaningless as predictions but the compute, memory and cut structure are
 * those of the real networks. The MobileNetV2 variants form the family {@value MobileNetV2#FAMILY} and carry the
 * published ImageNet accuracy of their architecture (see {@link #accuracy}), not a measurement of these weights.
 */
public final class ModelZoo {
  /** Names accepted by {@link #build}. */
  public static final List<String> NAMES = List.of("mobilenetv2", "efficientnet-b0", "mnist-cnn");

  /** Model ids of the MobileNetV2 width variants other than width 1.0 ({@code mobilenetv2}), e.g. mobilenetv2-w075. */
  public static final List<String> VARIANTS = MobileNetV2.WIDTHS.stream()
      .filter(w -> w != 1.0).map(MobileNetV2::modelId).toList();

  /** Seed used when the caller has no reason to choose one. */
  public static final long DEFAULT_SEED = 42L;

  private ModelZoo() {}

  /** {@link #NAMES} then {@link #VARIANTS}: every model id {@link #build} accepts in its canonical spelling. */
  public static List<String> ids() {
    List<String> all = new ArrayList<>(NAMES);
    all.addAll(VARIANTS);
    return List.copyOf(all);
  }

  /** Whether {@link #build(String, long)} knows {@code name} (case-insensitive, aliases included). */
  public static boolean isBuiltIn(String name) {
    String key = key(name);
    return ids().contains(key) || canonical(key) != null;
  }

  /**
   * Builds model {@code name} (case-insensitive, one of {@link #NAMES} or {@link #VARIANTS}) with weights from
   * {@code seed}.
   */
  public static BuiltModel build(String name, long seed) {
    String key = key(name);
    Double width = MobileNetV2.widthOf(key);
    if (width != null) {
      return MobileNetV2.build(width, seed);
    }
    return switch (key) {
      case "mobilenetv2", "mobilenet-v2", "mobilenet_v2" -> MobileNetV2.build(seed);
      case "efficientnet-b0", "efficientnet_b0", "efficientnetb0" -> EfficientNetB0.build(seed);
      case "mnist-cnn", "mnist_cnn", "mnistcnn" -> MnistCnn.build(seed);
      default -> throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + ids());
    };
  }

  /**
   * Builds {@code name} at width multiplier {@code width}: only MobileNetV2 has width variants (one of
   * {@link MobileNetV2#WIDTHS}); width 1.0 is {@link #build(String, long)}.
   */
  public static BuiltModel build(String name, double width, long seed) {
    if (width == 1.0) {
      return build(name, seed);
    }
    if (!MobileNetV2.FAMILY.equals(canonical(key(name)))) {
      throw new IllegalArgumentException("width variants are built for mobilenetv2 only, not '" + name + "'");
    }
    return MobileNetV2.build(width, seed);
  }

  /** The family of built-in model {@code id} ({@value MobileNetV2#FAMILY} for its variants), if it has one. */
  public static Optional<String> family(String id) {
    return MobileNetV2.widthOf(canonical(key(id))) == null ? Optional.empty() : Optional.of(MobileNetV2.FAMILY);
  }

  /** The published accuracy of built-in model {@code id}'s architecture, with its source, if there is one. */
  public static Optional<ModelAccuracy> accuracy(String id) {
    Double width = MobileNetV2.widthOf(canonical(key(id)));
    return width == null ? Optional.empty() : Optional.of(MobileNetV2.publishedTop1(width));
  }

  /**
   * {@code manifest} with the family and published accuracy of the built-in model of its id filled in where it has
   * none (a manifest made before these fields, or by the splitter, which knows neither); other manifests unchanged.
   */
  public static ModelManifest describe(ModelManifest manifest) {
    Optional<String> family = family(manifest.getModelId());
    if (family.isEmpty() || (manifest.getFamily() != null && manifest.getAccuracy() != null)) {
      return manifest;
    }
    ModelManifest.Builder b = ModelManifest.newBuilder(manifest);
    if (manifest.getFamily() == null) {
      b.setFamily(family.get());
    }
    if (manifest.getAccuracy() == null) {
      b.setAccuracy(accuracy(manifest.getModelId()).orElseThrow());
    }
    return b.build();
  }

  private static String key(String name) {
    return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
  }

  /** The canonical id of {@code key} (lower-cased), or null when it is no built-in model. */
  private static String canonical(String key) {
    return switch (key) {
      case "mobilenetv2", "mobilenet-v2", "mobilenet_v2" -> "mobilenetv2";
      case "efficientnet-b0", "efficientnet_b0", "efficientnetb0" -> "efficientnet-b0";
      case "mnist-cnn", "mnist_cnn", "mnistcnn" -> "mnist-cnn";
      default -> VARIANTS.contains(key) ? key : null;
    };
  }
}
