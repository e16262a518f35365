/** The built-in demo feed: typical-day profiles computed from real 2023 data. */
package org.carbonedge.feed.demo;
