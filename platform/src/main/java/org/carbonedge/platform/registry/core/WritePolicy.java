package org.carbonedge.platform.registry.core;

import java.util.Objects;
import java.util.Set;

/**
 * What the embedding code decides about writes before any client calls: the mode the registry starts in when none
 * was stored, and the subjects nobody may delete. Deleting {@code carbonedge.requests-value} stops every producer
 * (its serializer cannot look the schema up) and a hard delete makes the records already written unreadable, so
 * the pipeline's subjects are protected: new compatible versions can still be registered, deletes are refused
 * with 42205 whatever the mode.
 *
 * @param defaultMode       the global mode until a client sets one with {@code PUT /mode}
 * @param protectedSubjects subjects whose versions can never be deleted, soft or hard
 */
public record WritePolicy(RegistryMode defaultMode, Set<String> protectedSubjects) {

    /** READWRITE, nothing protected: Confluent's own default. */
    public static final WritePolicy OPEN = new WritePolicy(RegistryMode.READWRITE, Set.of());

    public WritePolicy {
        Objects.requireNonNull(defaultMode, "defaultMode");
        protectedSubjects = Set.copyOf(protectedSubjects);
    }

    public boolean isProtected(String subject) {
        return protectedSubjects.contains(subject);
    }
}
