/** Stand-alone measurement mains (not tests). */
package org.carbonedge.feed.bench;
