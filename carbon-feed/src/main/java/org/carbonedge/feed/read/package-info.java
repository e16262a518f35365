/**
 * One reader per source format behind {@link org.carbonedge.feed.read.IntensityReader}; row checks (UTC
 * timestamps, plausible values) happen here, series checks in {@code org.carbonedge.feed.quality}.
 */
package org.carbonedge.feed.read;
