package org.carbonedge.platform.registry.http;

import java.util.List;

import org.carbonedge.platform.registry.core.RegistryException;

/**
 * Confluent's {@code offset}/{@code limit} paging of list answers: skip {@code offset} entries (default 0), then
 * return at most {@code limit} (default -1); a limit of 0 or less, or above the endpoint's maximum, means the
 * endpoint's default page size, as Confluent's {@code normalizeLimit} does.
 *
 * <p>Bad values: Confluent reads both as JAX-RS {@code int} query parameters, and Jersey answers a value that is
 * not an int (letters, {@code 1.5}, beyond 2^31-1) with 404 {@code {"error_code":404,"message":"HTTP 404 Not
 * Found"}}; this registry answers the same, naming the parameter. A blank value counts as absent, as Jersey's
 * does. A negative offset makes Confluent's stream skip
 * throw and answer 500; here it is a client error, 422 with error code 422.
 *
 * @param offset entries to skip, 0 or more
 * @param limit  entries to return at most, at least 1
 */
record Paging(int offset, int limit) {

    /** The page size when none is asked for on endpoints that list everything by default. */
    static final int ALL = Integer.MAX_VALUE;

    /**
     * @param defaultLimit page size when {@code limit} is absent, not positive or over {@code maxLimit}
     * @param maxLimit     largest page size a client may ask for
     */
    static Paging of(ApiRequest r, int defaultLimit, int maxLimit) {
        int offset = integer(r, "offset", 0);
        if (offset < 0) {
            throw new RegistryException(422, 422, "Invalid offset " + offset + ": it must be 0 or more");
        }
        int limit = integer(r, "limit", -1);
        return new Paging(offset, limit > 0 && limit <= maxLimit ? limit : defaultLimit);
    }

    /** Paging of a list that is returned whole by default (subjects, versions), as in Confluent. */
    static Paging of(ApiRequest r) {
        return of(r, ALL, ALL);
    }

    <T> List<T> apply(List<T> all) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, (int) Math.min(all.size(), (long) offset + limit));
    }

    private static int integer(ApiRequest r, String name, int absent) {
        String text = r.query(name);
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new RegistryException(404, 404, "HTTP 404 Not Found (query parameter " + name
                    + " must be an integer)");
        }
    }
}
