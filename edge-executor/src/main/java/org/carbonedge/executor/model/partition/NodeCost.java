package org.carbonedge.executor.model.partition;

/**
 * Cost of one node under the AMP4EC rule ({@link CostModel}): {@code macs} is what the partitioner balances;
 * {@code rule} says which clause of the rule produced it (conv, gemm, matmul, params, elements).
 */
public record NodeCost(int node, String opType, String name, long macs, String rule) {}
