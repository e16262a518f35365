package org.carbonedge.executor.model.partition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Chooses where to cut a model into k contiguous parts. First the k-1 valid cuts that minimise the largest
 * part's AMP4EC cost W* (so no device gets much more than 1/k of the work); then, among all plans whose largest
 * part stays within {@code slack} of W* (default 5%), the one with the fewest bytes crossing the cuts, since a
 * cut at a block boundary can carry several times fewer bytes than one next to it at an expanded tensor.
 * Remaining ties go to the smaller largest part, then the earliest cuts. Both steps are exact dynamic
 * programmes over the C valid cuts, O(k·C²). Constant nodes, replicated into every part that needs them, are
 * left out of the balance.
 */
public final class PartitionPlanner {
  /** Largest part may exceed the optimum by this fraction when that saves bytes on the wire. */
  public static final double DEFAULT_SLACK = 0.05;

  private PartitionPlanner() {}

  /** Balanced cuts with {@link #DEFAULT_SLACK}. */
  public static List<CutPoint> balanced(ModelAnalysis analysis, int parts, int maxTensors) {
    return balanced(analysis, parts, maxTensors, DEFAULT_SLACK);
  }

  /** The k-1 cuts of {@code analysis}, among cuts crossed by at most {@code maxTensors} tensors. */
  public static List<CutPoint> balanced(ModelAnalysis analysis, int parts, int maxTensors, double slack) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, was " + parts);
    }
    if (slack < 0) {
      throw new IllegalArgumentException("slack must be >= 0, was " + slack);
    }
    if (parts == 1) {
      return List.of();
    }
    List<CutPoint> cand = analysis.cutPoints(maxTensors);
    if (cand.size() < parts - 1) {
      throw new IllegalArgumentException("cannot split into " + parts + " parts: the model has only "
          + cand.size() + " valid cut point(s) crossed by at most " + maxTensors + " tensor(s) (of "
          + analysis.allCuts().size() + " positions); use fewer parts or allow more tensors per cut");
    }
    long optimum = plan(analysis, cand, parts - 1, Long.MAX_VALUE, false).worst;
    long bound = (long) Math.floor(optimum * (1 + slack));
    return plan(analysis, cand, parts - 1, Math.max(bound, optimum), true).cuts;
  }

  /**
   * The cuts at the given compute positions, checked: strictly increasing, in range, and each crossed by at most
   * {@code maxTensors} tensors (otherwise it lies inside a branch or residual block and is refused).
   */
  public static List<CutPoint> at(ModelAnalysis analysis, List<Integer> positions, int maxTensors) {
    List<CutPoint> out = new ArrayList<>();
    int previous = -1;
    for (int p : positions) {
      CutPoint cut = analysis.cutAt(p);
      if (p <= previous) {
        throw new IllegalArgumentException("cut positions must be strictly increasing, got " + positions);
      }
      if (cut.tensors().size() > maxTensors) {
        throw new IllegalArgumentException("cannot cut after " + cut.afterNode() + " (position " + p + "): "
            + cut.tensors().size() + " tensors " + cut.tensors() + " cross it, the limit is " + maxTensors
            + " (the cut lies inside a branch or residual block)");
      }
      out.add(cut);
      previous = p;
    }
    return out;
  }

  private record Plan(long worst, long bytes, List<CutPoint> cuts) {}

  /** Score of a partial plan: what is minimised first, what breaks ties. */
  private static boolean better(long worst, long bytes, long bestWorst, long bestBytes, boolean bytesFirst) {
    if (bytesFirst) {
      return bytes < bestBytes || (bytes == bestBytes && worst < bestWorst);
    }
    return worst < bestWorst || (worst == bestWorst && bytes < bestBytes);
  }

  /**
   * Exact DP over candidate cuts. Every part must cost at most {@code bound}; among feasible plans minimise the
   * largest part (then bytes), or with {@code bytesFirst} the bytes (then the largest part).
   */
  private static Plan plan(ModelAnalysis analysis, List<CutPoint> cand, int cuts, long bound, boolean bytesFirst) {
    int n = analysis.computeNodeCount();
    int c = cand.size();
    long[][] worst = new long[cuts][c];
    long[][] bytes = new long[cuts][c];
    int[][] parent = new int[cuts][c];
    for (long[] row : worst) {
      java.util.Arrays.fill(row, Long.MAX_VALUE);
    }
    for (int m = 0; m < c; m++) {
      long first = analysis.macsBetween(0, cand.get(m).position() + 1);
      if (first <= bound) {
        worst[0][m] = first;
        bytes[0][m] = cand.get(m).bytes();
        parent[0][m] = -1;
      }
    }
    for (int j = 1; j < cuts; j++) {
      for (int m = 0; m < c; m++) {
        long bestWorst = Long.MAX_VALUE;
        long bestBytes = Long.MAX_VALUE;
        for (int l = j - 1; l < m; l++) {
          if (worst[j - 1][l] == Long.MAX_VALUE) {
            continue;
          }
          long part = analysis.macsBetween(cand.get(l).position() + 1, cand.get(m).position() + 1);
          if (part > bound) {
            continue;
          }
          long w = Math.max(worst[j - 1][l], part);
          long b = bytes[j - 1][l] + cand.get(m).bytes();
          if (better(w, b, bestWorst, bestBytes, bytesFirst)) {
            bestWorst = w;
            bestBytes = b;
            parent[j][m] = l;
          }
        }
        worst[j][m] = bestWorst;
        bytes[j][m] = bestBytes;
      }
    }
    int best = -1;
    long bestWorst = Long.MAX_VALUE;
    long bestBytes = Long.MAX_VALUE;
    for (int m = cuts - 1; m < c; m++) {
      long last = analysis.macsBetween(cand.get(m).position() + 1, n);
      if (worst[cuts - 1][m] == Long.MAX_VALUE || last > bound) {
        continue;
      }
      long w = Math.max(worst[cuts - 1][m], last);
      if (better(w, bytes[cuts - 1][m], bestWorst, bestBytes, bytesFirst)) {
        best = m;
        bestWorst = w;
        bestBytes = bytes[cuts - 1][m];
      }
    }
    if (best < 0) {
      throw new IllegalStateException("no plan within " + bound + " MACs per part; cannot happen for the optimum");
    }
    List<CutPoint> chosen = new ArrayList<>();
    for (int j = cuts - 1, m = best; j >= 0; m = parent[j][m], j--) {
      chosen.add(cand.get(m));
    }
    Collections.reverse(chosen);
    return new Plan(bestWorst, bestBytes, chosen);
  }
}
