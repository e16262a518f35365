package org.carbonedge.platform.registry.core;

/**
 * Which versions (and so which subjects) a listing covers, Confluent's three answers to {@code deleted} and
 * {@code deletedOnly}: live ones (the default), live and soft-deleted ones ({@code deleted=true}), or soft-deleted
 * ones only ({@code deletedOnly=true}, which wins when both are set, as in Confluent). A subject counts as
 * soft deleted when every version it still has is.
 */
public enum LookupFilter {
    LIVE,
    INCLUDE_DELETED,
    DELETED_ONLY;

    /** The filter the two query flags select. */
    public static LookupFilter of(boolean deleted, boolean deletedOnly) {
        return deletedOnly ? DELETED_ONLY : deleted ? INCLUDE_DELETED : LIVE;
    }

    /** Whether something with this soft-deleted flag is listed. */
    public boolean includes(boolean softDeleted) {
        return switch (this) {
            case LIVE -> !softDeleted;
            case INCLUDE_DELETED -> true;
            case DELETED_ONLY -> softDeleted;
        };
    }
}
