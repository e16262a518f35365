package org.carbonedge.core.planning;

import java.util.Objects;

/**
 * A model that can answer a family's requests, and how accurate it is (the family's metric, e.g. ImageNet top-1,
 * as a share in [0, 1]). Every variant of a family takes the same inputs and gives the same outputs, so any of them
 * can serve a request that names the family.
 *
 * @param model    the partitioned model
 * @param accuracy its accuracy, in [0, 1]
 */
public record Variant(ModelView model, double accuracy) {

    public Variant {
        Objects.requireNonNull(model, "model");
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy of " + model.modelId() + " must be in [0, 1], was " + accuracy);
        }
    }
}
