package org.carbonedge.ingest.gateway;

import java.util.List;

import org.carbonedge.avro.Tensor;

/**
 * One model output as the gateway returns it: name, dtype, shape and the values as numbers, plus the index of the
 * largest value (the predicted class of a classifier; null for a single element).
 */
public record OutputJson(String name, String dtype, List<Long> shape, List<Number> values, Integer argmax) {

    public static OutputJson of(Tensor t) {
        List<Number> values = TensorJson.values(t);
        Integer argmax = null;
        if (values.size() > 1) {
            int best = 0;
            for (int i = 1; i < values.size(); i++) {
                if (values.get(i).doubleValue() > values.get(best).doubleValue()) {
                    best = i;
                }
            }
            argmax = best;
        }
        return new OutputJson(t.getName(), t.getDtype().name(), List.copyOf(t.getShape()), values, argmax);
    }
}
