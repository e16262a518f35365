package org.carbonedge.platform.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import org.carbonedge.common.http.AccessCheck;

/**
 * HTTP basic authentication as Confluent's registry does it ({@code authentication.method=BASIC}): 401 with
 * {@code WWW-Authenticate: Basic realm="..."} without valid credentials. Confluent clients send them with
 * {@code basic.auth.credentials.source=USER_INFO} and {@code basic.auth.user.info=user:password}.
 */
public final class BasicAuth implements AccessCheck {

    /** Confluent's default realm name. */
    public static final String REALM = "SchemaRegistry";

    private final RegistryUsers users;

    public BasicAuth(RegistryUsers users) {
        this.users = users;
    }

    @Override
    public Refusal check(String authorization) {
        Refusal refusal = new Refusal(401, "Unauthorized", "Basic realm=\"" + REALM + "\"");
        if (authorization == null || authorization.length() < 6
                || !authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return refusal;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return refusal;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !users.matches(decoded.substring(0, colon), decoded.substring(colon + 1))) {
            return refusal;
        }
        return null;
    }

    @Override
    public String toString() {
        return "BasicAuth[" + users + "]";
    }
}
