package org.carbonedge.jobs.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * How a Flink Kafka sink delivers: EXACTLY_ONCE (Kafka transactions committed on checkpoints; readers with
 * read_committed see each record once, after the checkpoint) or AT_LEAST_ONCE (visible at once, may repeat after
 * a restart).
 *
 * @param guarantee             EXACTLY_ONCE or AT_LEAST_ONCE
 * @param transactionalIdPrefix unique per sink and job (required for EXACTLY_ONCE; Flink aborts its lingering
 *                              transactions on restart by this prefix)
 * @param transactionTimeout    producer transaction.timeout.ms; must stay below the broker's
 *                              transaction.max.timeout.ms (15 min by default; the producer default of 1 h is refused)
 */
public record Delivery(DeliveryGuarantee guarantee, String transactionalIdPrefix, Duration transactionTimeout)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Transaction timeout used by {@link #exactlyOnce(String)}. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(2);

    public Delivery {
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE
                && (transactionalIdPrefix == null || transactionalIdPrefix.isBlank())) {
            throw new IllegalArgumentException("EXACTLY_ONCE delivery needs a transactional id prefix");
        }
        if (guarantee == DeliveryGuarantee.NONE) {
            throw new IllegalArgumentException("delivery guarantee NONE is not used by CarbonEdge");
        }
    }

    /** Transactions per checkpoint, ids starting with {@code transactionalIdPrefix}. */
    public static Delivery exactlyOnce(String transactionalIdPrefix) {
        return new Delivery(DeliveryGuarantee.EXACTLY_ONCE, transactionalIdPrefix, DEFAULT_TRANSACTION_TIMEOUT);
    }

    /** Flushed on checkpoints, no transactions. */
    public static Delivery atLeastOnce() {
        return new Delivery(DeliveryGuarantee.AT_LEAST_ONCE, null, DEFAULT_TRANSACTION_TIMEOUT);
    }

    /** The same guarantee for another sink of the job: prefix {@code <prefix>-<suffix>}. */
    public Delivery forSink(String suffix) {
        return transactionalIdPrefix == null ? this
                : new Delivery(guarantee, transactionalIdPrefix + "-" + suffix, transactionTimeout);
    }

    public boolean exactlyOnce() {
        return guarantee == DeliveryGuarantee.EXACTLY_ONCE;
    }
}
