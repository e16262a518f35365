package org.carbonedge.core.scoring;

/**
 * What the paper's scorer knows of a node when it routes one task.
 *
 * @param nodeId             node id
 * @param resourceScore      SR, resource availability in [0, 1]
 * @param load               utilisation in [0, 1]
 * @param avgExecutionMillis T_avg, the node's average execution time of the task, ms
 * @param taskCount          tasks queued or running
 * @param powerWatts         P_node, the node's power, watts
 * @param gco2PerKwh         I, the node's grid carbon intensity
 * @param hasResources       false when the node cannot host the task (e.g. not enough memory)
 */
public record NodeState(String nodeId, double resourceScore, double load, double avgExecutionMillis, int taskCount,
                        double powerWatts, double gco2PerKwh, boolean hasResources) {
}
