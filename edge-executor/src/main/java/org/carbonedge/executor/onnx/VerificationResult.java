package org.carbonedge.executor.onnx;

/**
 * Outcome of comparing chained-part outputs with whole-model outputs (or reference outputs). {@code
 * maxAbsDiff} is the largest element-wise |chained − whole|; {@code maxRelDiff} is that divided by the largest
 * |whole| value of the same output (a scale-relative error, meaningful for float16 whose absolute precision
 * depends on magnitude). {@code metric()} is what the tolerance applies to: relative for float16 outputs,
 * absolute otherwise. {@code problem} is non-null when outputs could not be compared at all (missing output,
 * shape or dtype mismatch); such a result never passes.
 */
public record VerificationResult(double maxAbsDiff, double maxRelDiff, boolean float16, long elementsCompared,
    double tolerance, String problem) {

  /** The figure the tolerance applies to. */
  public double metric() {
    return float16 ? maxRelDiff : maxAbsDiff;
  }

  /** True when outputs were comparable and {@link #metric()} ≤ tolerance. */
  public boolean passed() {
    return problem == null && metric() <= tolerance;
  }

  /** One line, e.g. {@code max_abs_diff=0.0 max_rel_diff=0.0 (absolute, tolerance 1.0E-4) PASS}. */
  public String summary() {
    if (problem != null) {
      return "FAIL: " + problem;
    }
    return "max_abs_diff=" + maxAbsDiff + " max_rel_diff=" + maxRelDiff + " (" + (float16 ? "relative" : "absolute")
        + ", tolerance " + tolerance + ") " + (passed() ? "PASS" : "FAIL");
  }
}
