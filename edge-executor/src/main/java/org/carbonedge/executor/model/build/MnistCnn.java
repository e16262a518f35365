package org.carbonedge.executor.model.build;

/**
 * A small CNN on 1×1×28×28 (MNIST size) for fast tests: two Conv 3×3 + ReLU + MaxPool 2 stages (8 and 16
 * channels), Flatten, Gemm 784→64 + ReLU, Gemm 64→10 and Softmax. About 52k parameters, 0.3M MACs.
 */
public final class MnistCnn {
  private MnistCnn() {}

  /** Builds the network with weights drawn from {@code seed}. */
  public static BuiltModel build(long seed) {
    double unit = 1.0;
    GraphBuilder g = new GraphBuilder("mnist-cnn", seed);
    Feature x = g.input("input", 1, 28, 28);
    x = g.maxPool("pool1", g.unary("Relu", "relu1", g.conv("conv1", x, 8, 3, 1, 1, unit)), 2, 2);
    x = g.maxPool("pool2", g.unary("Relu", "relu2", g.conv("conv2", x, 16, 3, 1, 1, unit)), 2, 2);
    x = g.flatten("flatten", x);
    x = g.unary("Relu", "fc1.relu", g.gemm("fc1", x, 64, unit));
    Feature probs = g.unary("Softmax", "probs", g.gemm("fc2", x, 10, unit));
    g.output(probs);
    return BuiltModel.of("mnist-cnn", g);
  }
}
