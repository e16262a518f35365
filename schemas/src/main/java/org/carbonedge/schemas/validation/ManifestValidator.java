package org.carbonedge.schemas.validation;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.TensorSpec;

/**
 * Checks a model manifest's family and accuracy before it is published, and a variant against the family it joins.
 * Part of the contract, like {@link RequestValidator}: a planner trading accuracy for carbon compares these figures
 * with a request's floor, so an accuracy of 69.8 (a percentage where a fraction is meant), NaN or a variant whose
 * inputs differ from its family's would let a request be served below its floor or not at all. Registration refuses
 * such a manifest with the reason this class returns, in one line.
 */
public final class ManifestValidator {

    /** Family names follow the model id rule: they are model ids of the family's reference variant. */
    public static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Accuracy metric names: lower-case words such as top1, top5, map50. */
    public static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    /** Longest accepted accuracy source, characters: a citation, not a document. */
    public static final int MAX_SOURCE_CHARS = 500;

    private ManifestValidator() {
    }

    /** Why {@code manifest}'s family or accuracy cannot be published, or empty when they can (both may be null). */
    public static Optional<String> problem(ModelManifest manifest) {
        String family = manifest.getFamily();
        if (family != null && !FAMILY.matcher(family).matches()) {
            return Optional.of("invalid family '" + family + "': use 1-64 of [A-Za-z0-9._-], starting with a letter or digit");
        }
        ModelAccuracy accuracy = manifest.getAccuracy();
        return accuracy == null ? Optional.empty() : accuracyProblem(accuracy);
    }

    /** Why {@code accuracy} is not a usable figure: metric name, a finite value in [0, 1], a non-blank source. */
    public static Optional<String> accuracyProblem(ModelAccuracy accuracy) {
        String metric = accuracy.getMetric();
        if (metric == null || !METRIC.matcher(metric).matches()) {
            return Optional.of("invalid accuracy metric '" + metric + "': use a lower-case name such as top1 ([a-z][a-z0-9_-]{0,31})");
        }
        double value = accuracy.getValue();
        if (!Double.isFinite(value) || value < 0 || value > 1) {
            return Optional.of("accuracy " + metric + "=" + value + " is outside 0..1: give a fraction (0.698 for 69.8%)");
        }
        String source = accuracy.getSource();
        if (source == null || source.isBlank()) {
            return Optional.of("accuracy " + metric + "=" + value + " has no source: say where the figure comes from");
        }
        if (source.length() > MAX_SOURCE_CHARS) {
            return Optional.of("accuracy source is " + source.length() + " characters, more than " + MAX_SOURCE_CHARS);
        }
        return Optional.empty();
    }

    /**
     * The first difference between the inputs and outputs of {@code variant} and of {@code member}, a variant already
     * registered in the family, or empty when a request answerable by one is answerable by the other (same names,
     * dtypes and shapes, in order).
     */
    public static Optional<String> familyMismatch(ModelManifest variant, ModelManifest member) {
        String other = "variant '" + member.getModelId() + "'";
        Optional<String> inputs = tensorsMismatch("input", variant.getInputs(), member.getInputs(), other);
        Optional<String> difference = inputs.isPresent() ? inputs
                : tensorsMismatch("output", variant.getOutputs(), member.getOutputs(), other);
        return difference.map(d -> "model '" + variant.getModelId() + "' cannot join family '" + variant.getFamily()
                + "': " + d);
    }

    private static Optional<String> tensorsMismatch(String what, List<TensorSpec> mine, List<TensorSpec> theirs, String other) {
        if (mine.size() != theirs.size()) {
            return Optional.of("it has " + mine.size() + " " + what + "(s), " + other + " has " + theirs.size());
        }
        for (int i = 0; i < mine.size(); i++) {
            TensorSpec a = mine.get(i);
            TensorSpec b = theirs.get(i);
            if (!a.getName().equals(b.getName())) {
                return Optional.of(what + " " + i + " is '" + a.getName() + "' here and '" + b.getName() + "' in " + other);
            }
            if (a.getDtype() != b.getDtype()) {
                return Optional.of(what + " '" + a.getName() + "' is " + a.getDtype() + " here and " + b.getDtype() + " in " + other);
            }
            if (!a.getShape().equals(b.getShape())) {
                return Optional.of(what + " '" + a.getName() + "' has shape " + a.getShape() + " here and " + b.getShape() + " in " + other);
            }
        }
        return Optional.empty();
    }
}
