package org.carbonedge.platform.registry.core;

import java.util.Locale;
import java.util.Optional;

/**
 * Confluent's registry modes, the two this registry serves: READWRITE (the default) and READONLY, in which
 * registrations, deletes and compatibility changes are refused with 42205 while reads and look-ups go on. Mode
 * changes themselves are always allowed (otherwise a registry could never leave READONLY); protect them with
 * authentication.
 */
public enum RegistryMode {
    READWRITE,
    READONLY;

    /** Parses a mode name case-insensitively; empty for anything else (IMPORT and READONLY_OVERRIDE included). */
    public static Optional<RegistryMode> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean writable() {
        return this == READWRITE;
    }
}
