package org.carbonedge.schemas;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until every partition of newly created topics is served by its leader, before anyone produces to them.
 *
 * <p>Why: a broker publishes a new partition's leader in its metadata a moment before its replica manager serves
 * it. An idempotent producer that sends two requests to the partition in that moment can have the first refused
 * (NOT_LEADER_OR_FOLLOWER) and the second accepted with a non-zero first sequence; every retry of the first then
 * fails with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout, and its records are lost (KAFKA-15591, fixed
 * only in Kafka 4.5). A ListOffsets request is answered by the leader's replica manager, so once it succeeds for a
 * partition, produce requests to it are served too.
 */
public final class PartitionsOnline {

    private static final long BACKOFF_MILLIS = 50;

    private PartitionsOnline() {
    }

    /** Blocks until every partition of {@code topics} answers ListOffsets, or throws after {@code timeout}. */
    public static void await(Admin admin, Collection<String> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try {
            while (System.nanoTime() < deadlineNanos) {
                try {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (TopicDescription d : admin.describeTopics(topics).allTopicNames()
                            .get(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS).values()) {
                        d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()),
                                OffsetSpec.latest()));
                    }
                    admin.listOffsets(latest).all().get(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException)) {
                        throw new KafkaException("partitions of " + topics + " are not served: "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    last = (Exception) e.getCause();
                    Thread.sleep(BACKOFF_MILLIS); // retry backoff for a broker still applying metadata
                } catch (TimeoutException e) {
                    last = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for partitions of " + topics, e);
        }
        throw new KafkaException("partitions of " + topics + " were not served by their leaders within " + timeout
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
