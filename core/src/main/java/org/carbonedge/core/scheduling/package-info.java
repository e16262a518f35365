/**
 * Carbon in time: when a request that may wait should run. {@link org.carbonedge.core.scheduling.DeferralPlanner}
 * chooses release time and placement together for a deferrable request — the lowest expected carbon such that it
 * still completes by its deadline with a safety margin — over the intensity expected per zone
 * ({@link org.carbonedge.core.scheduling.ZoneOutlook}: measured now, forecast ahead) and the devices' capacity already
 * promised to other held requests ({@link org.carbonedge.core.scheduling.ReleaseCalendar}). Plain Java, beside the
 * planner it calls.
 */
package org.carbonedge.core.scheduling;
