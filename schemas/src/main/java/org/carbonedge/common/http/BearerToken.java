package org.carbonedge.common.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * {@code Authorization: Bearer TOKEN} with one shared token (the gateway's and the ledger's optional protection).
 * The comparison takes the same time whatever the guess, and neither the token nor the presented value is ever put
 * into a message or {@link #toString()}.
 */
public final class BearerToken implements AccessCheck {

    private static final String SCHEME = "bearer ";

    private final byte[] token;
    private final String realm;

    private BearerToken(String token, String realm) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.realm = realm;
    }

    /**
     * @param token the token clients must send; null or blank means no check ({@link AccessCheck#OPEN})
     * @param realm the name in the {@code WWW-Authenticate} challenge, e.g. {@code carbonedge-gateway}
     */
    public static AccessCheck of(String token, String realm) {
        if (token == null || token.isBlank()) {
            return OPEN;
        }
        return new BearerToken(token.strip(), realm);
    }

    @Override
    public Refusal check(String authorization) {
        String challenge = "Bearer realm=\"" + realm + "\"";
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return new Refusal(401, "missing bearer token: send Authorization: Bearer <token>", challenge);
        }
        byte[] presented = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, presented)) {
            return new Refusal(401, "invalid bearer token", challenge + ", error=\"invalid_token\"");
        }
        return null;
    }

    @Override
    public String toString() {
        return "BearerToken[realm=" + realm + ", token=***]";
    }
}
