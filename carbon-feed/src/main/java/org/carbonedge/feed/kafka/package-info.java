/**
 * The Kafka side of the feed: {@link org.carbonedge.feed.kafka.KafkaIntensitySink} publishes replayed, live and
 * demo records to {@code carbonedge.grid-intensity}; {@link org.carbonedge.feed.kafka.ProducerTuning} chooses
 * between low latency (live, paced replay) and throughput (replay at max speed).
 */
package org.carbonedge.feed.kafka;
