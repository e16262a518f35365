package org.carbonedge.executor.service;

import java.util.List;
import java.util.Map;

import org.carbonedge.avro.Tensor;

/**
 * What running one stage produced: the output tensors and what it cost on this device.
 *
 * @param outputs             outputs of the stage's last partition
 * @param busyNanos           time the device was busy with the stage, throttled to its quota
 * @param energyJoules        energy charged to the stage
 * @param energySource        RAPL (measured) or MODEL (profile power model)
 * @param embodiedGco2        embodied-carbon share of the busy time, grams CO2e
 * @param bytesIn             tensor bytes received
 * @param bytesOut            tensor bytes produced
 * @param partitionBusyMillis busy time of each partition run as a part of its own, by partition index (empty when
 *                            the stage ran the whole model as one session)
 * @param wholeModel          whether the stage ran the whole model as one session (its busy time is then the whole
 *                            model's execution time)
 */
public record StageOutcome(List<Tensor> outputs, long busyNanos, double energyJoules, String energySource, double embodiedGco2,
                           long bytesIn, long bytesOut, Map<Integer, Double> partitionBusyMillis, boolean wholeModel) {
}
