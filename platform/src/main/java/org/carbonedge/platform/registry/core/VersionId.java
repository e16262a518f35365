package org.carbonedge.platform.registry.core;

import java.util.Locale;

/**
 * A version path segment: a number in [1, 2^31-1], or "latest" (also spelled -1), as Confluent accepts them.
 *
 * @param number the version, meaningful only when {@code latest} is false
 * @param latest whether the segment asked for the latest version
 * @param text   the segment as given, for error messages
 */
public record VersionId(int number, boolean latest, String text) {

    /** @throws RegistryException 422 / 42202 for anything else */
    public static VersionId parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.toLowerCase(Locale.ROOT).equals("latest")) {
            return new VersionId(-1, true, text);
        }
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw Errors.invalidVersion(text);
        }
        if (n == -1) {
            return new VersionId(-1, true, text);
        }
        if (n < 1) {
            throw Errors.invalidVersion(text);
        }
        return new VersionId(n, false, text);
    }
}
