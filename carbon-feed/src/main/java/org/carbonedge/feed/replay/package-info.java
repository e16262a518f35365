/** The replay engine and its sink, clock, options, checkpoint and progress types. */
package org.carbonedge.feed.replay;
