package org.carbonedge.executor.model.build;

/**
 * A tensor inside a graph under construction with its NCHW size at batch 1 (a flattened vector has
 * {@code h = w = 1} and {@code flat = true}) and an estimate of its element mean and mean square, so builders
 * can size the next layer's weights, count MACs and scale weights without running the graph.
 */
public record Feature(String name, int channels, int height, int width, boolean flat, double mean,
    double meanSquare) {

  /** A 4-D NCHW feature map with the given moment estimates. */
  public static Feature map(String name, int channels, int height, int width, double mean, double meanSquare) {
    return new Feature(name, channels, height, width, false, mean, meanSquare);
  }

  /** A 2-D [1, length] vector with the given moment estimates. */
  public static Feature vector(String name, int length, double mean, double meanSquare) {
    return new Feature(name, length, 1, 1, true, mean, meanSquare);
  }

  /** Elements at batch 1. */
  public long elements() {
    return (long) channels * height * width;
  }

  /** Same size, new name and moments. */
  Feature with(String newName, double newMean, double newMeanSquare) {
    return new Feature(newName, channels, height, width, flat, newMean, newMeanSquare);
  }
}
