package org.carbonedge.feed.read;

/**
 * Which Electricity Maps emission factor to read: direct (combustion at the plant, the portal's
 * {@code (direct)} column) or life-cycle (the {@code (LCA)} / {@code (Life cycle)} column, which adds upstream
 * emissions). The choice changes the numbers by tens of percent, so it is always explicit.
 */
public enum EmissionFactor {
    DIRECT,
    LIFECYCLE
}
