/** Series-level data quality: ordering, duplicates, gaps and the gap policy, per-zone summaries. */
package org.carbonedge.feed.quality;
