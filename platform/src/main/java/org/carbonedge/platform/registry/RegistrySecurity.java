package org.carbonedge.platform.registry;

import java.util.Objects;
import java.util.Set;

import org.carbonedge.common.http.AccessCheck;
import org.carbonedge.platform.registry.auth.BasicAuth;
import org.carbonedge.platform.registry.auth.RegistryUsers;
import org.carbonedge.platform.registry.core.RegistryMode;
import org.carbonedge.platform.registry.core.WritePolicy;

/**
 * Who may call the registry and what they may change, decided by the code that embeds it.
 *
 * <pre>{@code
 * RegistrySecurity.open()                                              // Confluent's defaults: anyone, READWRITE
 *     .withProtectedSubjects(Set.of("carbonedge.requests-value"))      // never deletable
 *     .withUsers(RegistryUsers.load(Path.of("registry-users.properties")))  // basic auth
 *     .withDefaultMode(RegistryMode.READONLY);                         // until PUT /mode says otherwise
 * }</pre>
 *
 * @param policy default mode and protected subjects
 * @param users  basic-authentication users, or null for no authentication
 */
public record RegistrySecurity(WritePolicy policy, RegistryUsers users) {

    public RegistrySecurity {
        Objects.requireNonNull(policy, "policy");
    }

    /** No authentication, READWRITE, nothing protected. */
    public static RegistrySecurity open() {
        return new RegistrySecurity(WritePolicy.OPEN, null);
    }

    public RegistrySecurity withProtectedSubjects(Set<String> subjects) {
        return new RegistrySecurity(new WritePolicy(policy.defaultMode(), subjects), users);
    }

    public RegistrySecurity withDefaultMode(RegistryMode mode) {
        return new RegistrySecurity(new WritePolicy(mode, policy.protectedSubjects()), users);
    }

    /** Requires HTTP basic authentication by one of {@code value}; null turns it off. */
    public RegistrySecurity withUsers(RegistryUsers value) {
        return new RegistrySecurity(policy, value);
    }

    AccessCheck access() {
        return users == null ? AccessCheck.OPEN : new BasicAuth(users);
    }
}
