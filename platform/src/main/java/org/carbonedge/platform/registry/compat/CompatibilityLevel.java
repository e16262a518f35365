package org.carbonedge.platform.registry.compat;

import java.util.Locale;
import java.util.Optional;

/**
 * Confluent's compatibility levels. "Backward" means the new schema can read data written with the old one
 * (consumers upgrade first); "forward" means the old schema can read data written with the new one (producers
 * upgrade first); "full" is both. Plain levels compare against the latest version only, transitive ones
 * against every live version of the subject.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** Level used when neither the subject nor the registry has one configured (Confluent's default). */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the old ones. */
    public boolean backward() {
        return backward;
    }

    /** The old schemas must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Compare against every live version, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** Parses a level name case-insensitively, as Confluent does; empty for null or unknown names. */
    public static Optional<CompatibilityLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
