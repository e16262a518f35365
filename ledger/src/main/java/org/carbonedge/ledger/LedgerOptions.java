package org.carbonedge.ledger;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one ledger instance runs. Instances with the same application id share the work (each owns some keys);
 * each needs its own state directory and HTTP address.
 *
 * @param applicationId Kafka Streams application id, shared by all instances of one ledger
 * @param stateDir      this instance's state directory (RocksDB stores)
 * @param httpHost      address the HTTP API binds to and advertises to other instances as
 *                      {@code application.server}: it must be reachable by them (not 0.0.0.0)
 * @param httpPort      HTTP port, 0 for a free one (the port actually bound is advertised)
 * @param labels        request attributes to total by ({@code label:name=value} keys), e.g. {@code tenant}; each
 *                      distinct value is a key of its own, so name labels with few values, not request ids
 * @param bindHost      address the HTTP API binds to when it differs from {@code httpHost}, e.g. {@code 0.0.0.0} in a
 *                      container that advertises its service name; null: bind {@code httpHost}
 * @param bearerToken   when set, every call needs {@code Authorization: Bearer <token>} (401 otherwise), and this
 *                      instance sends it when it asks another one: all instances of a ledger share it. Never
 *                      logged, masked in {@link #toString()}
 */
public record LedgerOptions(String applicationId, Path stateDir, String httpHost, int httpPort, List<String> labels,
                            String bindHost, String bearerToken) {

    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** The application id {@code carbonedge ledger} uses. */
    public static final String DEFAULT_APPLICATION_ID = "carbonedge-ledger";

    public LedgerOptions {
        Objects.requireNonNull(stateDir, "stateDir");
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("ledger application id must not be blank");
        }
        if (httpHost == null || httpHost.isBlank() || httpHost.equals("0.0.0.0") || httpHost.equals("::")) {
            throw new IllegalArgumentException("ledger HTTP host '" + httpHost
                    + "' must be an address other ledger instances can reach, e.g. 127.0.0.1 or a host name");
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("ledger HTTP port " + httpPort + " is not in 0..65535");
        }
        if (bindHost != null && bindHost.isBlank()) {
            throw new IllegalArgumentException("ledger bind address must not be blank");
        }
        if (bearerToken != null && bearerToken.isBlank()) {
            bearerToken = null;
        }
        labels = List.copyOf(labels);
        for (String name : labels) {
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("label name '" + name
                        + "' must be letters, digits, '_', '.' or '-', e.g. tenant");
            }
        }
    }

    /** Options that bind the advertised host, with no token. */
    public LedgerOptions(String applicationId, Path stateDir, String httpHost, int httpPort, List<String> labels) {
        this(applicationId, stateDir, httpHost, httpPort, labels, null, null);
    }

    /** Options totalling by no request label. */
    public LedgerOptions(String applicationId, Path stateDir, String httpHost, int httpPort) {
        this(applicationId, stateDir, httpHost, httpPort, List.of());
    }

    /** The address the HTTP API binds: {@link #bindHost()} when set, else {@link #httpHost()}. */
    public String listenHost() {
        return bindHost == null ? httpHost : bindHost;
    }

    /** Binds {@code value} (null: the advertised host) instead of the advertised host. */
    public LedgerOptions withBindHost(String value) {
        return new LedgerOptions(applicationId, stateDir, httpHost, httpPort, labels, value, bearerToken);
    }

    /** Requires {@code Authorization: Bearer value} (null or blank: no token). */
    public LedgerOptions withBearerToken(String value) {
        return new LedgerOptions(applicationId, stateDir, httpHost, httpPort, labels, bindHost, value);
    }

    /** The token never shows up in logs or messages. */
    @Override
    public String toString() {
        return "LedgerOptions[applicationId=" + applicationId + ", stateDir=" + stateDir + ", httpHost=" + httpHost
                + ", httpPort=" + httpPort + ", labels=" + labels + ", bindHost=" + bindHost + ", bearerToken="
                + (bearerToken == null ? "none" : "***") + "]";
    }
}
