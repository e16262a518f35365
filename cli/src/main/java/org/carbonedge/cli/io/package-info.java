/**
 * Commands that move requests and outcomes in and out of CarbonEdge: {@code publish} (tensor files or generated
 * load onto carbonedge.requests), {@code subscribe} (emission records as a table, JSON lines or CSV) and
 * {@code gateway} (the HTTP gateway as a standalone service).
 */
package org.carbonedge.cli.io;
