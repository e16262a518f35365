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
 */
public record LedgerOptions(String applicationId, Path stateDir, String httpHost, int httpPort, List<String> labels) {

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
        labels = List.copyOf(labels);
        for (String name : labels) {
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("label name '" + name
                        + "' must be letters, digits, '_', '.' or '-', e.g. tenant");
            }
        }
    }

    /** Options totalling by no request label. */
    public LedgerOptions(String applicationId, Path stateDir, String httpHost, int httpPort) {
        this(applicationId, stateDir, httpHost, httpPort, List.of());
    }
}
