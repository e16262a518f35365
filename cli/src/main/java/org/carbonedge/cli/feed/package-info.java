/**
 * The grid-intensity commands: {@code replay FILE...}, {@code feed live}, {@code feed demo} and
 * {@code bench replay}. They map flags onto the carbon-feed library (readers, data quality, replay engine, live
 * clients, demo profiles) and publish through its Kafka sink; the logic lives in carbon-feed.
 */
package org.carbonedge.cli.feed;
