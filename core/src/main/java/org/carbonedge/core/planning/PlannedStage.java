package org.carbonedge.core.planning;

/**
 * One stage of a chosen plan, with what the planner expected of it.
 *
 * @param deviceId        device
 * @param zone            its grid zone
 * @param firstPartition  first partition (inclusive)
 * @param lastPartition   last partition (inclusive)
 * @param expectedMillis  expected time on the device, queueing included, ms
 * @param energyJoules    expected energy
 * @param gco2            expected operational + embodied emissions
 * @param outputBytes     bytes handed to the next stage (0 for the last)
 */
public record PlannedStage(String deviceId, String zone, int firstPartition, int lastPartition,
                           double expectedMillis, double energyJoules, double gco2, long outputBytes) {
}
