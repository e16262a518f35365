/** Allocation-free parsing of CSV fields, UTC timestamps and decimals: the hot path of every reader. */
package org.carbonedge.feed.text;
