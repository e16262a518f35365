package org.carbonedge.cli.cluster;

import java.util.Locale;

/**
 * The faults {@code cluster chaos} injects, in this order, each a SIGKILL of one process under a steady stream of
 * requests; the cluster's supervisor starts the process again (the JobManager with its jobs resubmitted from their
 * retained checkpoints), as compose's restart policy or systemd would.
 */
enum ChaosFault {
    /** TaskManager 1 of 2: its tasks fail over to the other one's free slots. */
    TASKMANAGER,
    /** The JobManager, which has no HA service: its jobs end with it and are resubmitted when it is back. */
    JOBMANAGER,
    /** Broker 1 of 3: partition leaders move; writes go on with two in-sync replicas. */
    BROKER,
    /** The executor of the high node: its tasks are re-dispatched or taken up again when it is back. */
    EXECUTOR,
    /** The schema registry: clients go on with the schemas they cached. */
    REGISTRY;

    /** The name in the machine-readable lines. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    void inject(LocalCluster cluster) throws InterruptedException {
        switch (this) {
            case TASKMANAGER -> cluster.killTaskManager(1);
            case JOBMANAGER -> cluster.killJobManager();
            case BROKER -> cluster.killBroker(1);
            case EXECUTOR -> cluster.killService(LocalCluster.DEVICES.get(0).id());
            case REGISTRY -> cluster.killService("registry");
        }
    }
}
