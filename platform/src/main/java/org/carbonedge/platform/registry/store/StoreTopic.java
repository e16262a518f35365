package org.carbonedge.platform.registry.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.carbonedge.schemas.PartitionsOnline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the registry's topic when it is missing: one partition (total order of registrations) and
 * {@code cleanup.policy=compact} (only the latest value per key is kept, tombstones remove keys). An existing
 * topic is used as it is; only partition 0 is read and written.
 */
final class StoreTopic {

    private static final Logger LOG = LoggerFactory.getLogger(StoreTopic.class);

    private final String bootstrapServers;
    private final String topic;
    private final short replicationFactor;
    private final Duration timeout;

    StoreTopic(String bootstrapServers, String topic, short replicationFactor, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    void ensureExists() {
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000),
                AdminClientConfig.CLIENT_ID_CONFIG, "carbonedge-schema-registry-admin");
        try (Admin admin = Admin.create(conf)) {
            NewTopic newTopic = new NewTopic(topic, 1, replicationFactor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                PartitionsOnline.await(admin, List.of(topic), timeout);
                LOG.info("Created compacted schema registry topic {}", topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                if (d.partitions().size() != 1) {
                    LOG.warn("Schema registry topic {} has {} partitions; only partition 0 is used",
                            topic, d.partitions().size());
                }
            }
        } catch (ExecutionException e) {
            throw new StoreException("could not create schema registry topic " + topic + " at " + bootstrapServers
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("timed out after " + timeout + " creating schema registry topic " + topic
                    + " at " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while creating schema registry topic " + topic, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StoreException("could not reach Kafka at " + bootstrapServers + " for schema registry topic "
                    + topic + ": " + e.getMessage(), e);
        }
    }
}
