/** Clients for live intensity APIs (java.net.http) with timeouts, retries, rate-limit handling, and a poller. */
package org.carbonedge.feed.live;
