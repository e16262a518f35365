package org.carbonedge.executor.model.build;

import java.util.function.DoubleUnaryOperator;

/**
 * Mean and mean square of f(x) for x ~ N(0, v), by numerical integration. The builder uses them to predict how
 * each activation changes the scale of a signal, so that seeded random weights can be scaled to keep every
 * pre-activation near unit variance (the job batch-norm does in a trained network) instead of letting the signal
 * vanish or explode over dozens of layers.
 */
final class Moments {
  private static final int STEPS = 4000;
  private static final double RANGE_SIGMAS = 8.0;

  private Moments() {}

  /** {E[f(x)], E[f(x)²]} for x ~ N(0, variance). */
  static double[] of(DoubleUnaryOperator f, double variance) {
    double sigma = Math.sqrt(Math.max(variance, 1e-12));
    double lo = -RANGE_SIGMAS * sigma;
    double dx = 2 * RANGE_SIGMAS * sigma / STEPS;
    double mean = 0;
    double meanSquare = 0;
    for (int i = 0; i <= STEPS; i++) {
      double x = lo + i * dx;
      double w = Math.exp(-0.5 * (x / sigma) * (x / sigma)) / (sigma * Math.sqrt(2 * Math.PI)) * dx;
      if (i == 0 || i == STEPS) {
        w *= 0.5;
      }
      double y = f.applyAsDouble(x);
      mean += w * y;
      meanSquare += w * y * y;
    }
    return new double[] {mean, meanSquare};
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
