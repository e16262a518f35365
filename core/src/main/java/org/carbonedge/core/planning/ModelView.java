package org.carbonedge.core.planning;

/**
 * What the planner needs of a partitioned model: per partition, its work (multiply-accumulates), the bytes it
 * hands to the next partition, its parameter bytes, and the time it takes on one full-speed reference core.
 *
 * @param modelId          model id
 * @param version          manifest version
 * @param macs             multiply-accumulates per partition
 * @param outputBytes      bytes crossing the cut after each partition (last = model output)
 * @param parameterBytes   parameter bytes per partition
 * @param inputBytes       bytes of the model input
 * @param referenceMillis  execution time of each partition on a quota-1.0 device, ms
 */
public record ModelView(String modelId, int version, long[] macs, long[] outputBytes, long[] parameterBytes,
                        long inputBytes, double[] referenceMillis) {

    public ModelView {
        int k = macs.length;
        if (k == 0 || outputBytes.length != k || parameterBytes.length != k || referenceMillis.length != k) {
            throw new IllegalArgumentException("model " + modelId + ": per-partition arrays must have one entry per partition");
        }
    }

    public int partitions() {
        return macs.length;
    }

    /** Reference time of the whole model, ms. */
    public double referenceTotalMillis() {
        double t = 0;
        for (double v : referenceMillis) {
            t += v;
        }
        return t;
    }
}
