package org.carbonedge.cli.cluster;

/**
 * The files {@code cluster up} leaves in its directory for {@code cluster down} and for users: the supervising
 * process's id, the process table (name and pid, in stopping order) and the addresses as shell variables.
 */
final class ClusterFiles {

    /** Process id of the {@code cluster up} that supervises the cluster. */
    static final String SUPERVISOR_PID = "cluster.pid";
    /** {@code name<TAB>pid} per process, in the order they are stopped. */
    static final String PROCESSES = "processes.tsv";
    /** {@code CARBONEDGE_BOOTSTRAP_SERVERS=…} and friends, to {@code source} in another shell. */
    static final String ENV = "cluster.env";

    private ClusterFiles() {
    }
}
