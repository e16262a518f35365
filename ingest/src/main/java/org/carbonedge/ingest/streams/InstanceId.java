package org.carbonedge.ingest.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A Streams app instance's stable identity, kept in its state directory: the same after a restart over the same
 * state (so the instance rejoins its group under static membership at once, instead of waiting out the killed
 * member's session timeout, 45 s by default, with every request stuck meanwhile), different for every other
 * instance (each has its own state directory).
 */
final class InstanceId {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9-]{8,64}");

    private InstanceId() {
    }

    /** The id stored for {@code applicationId} under {@code stateDir}, created on first use. */
    static String of(Path stateDir, String applicationId) {
        Path file = stateDir.resolve(applicationId + ".instance-id");
        try {
            if (Files.isRegularFile(file) && Files.size(file) < 128) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (VALID.matcher(stored).matches()) {
                    return stored;
                }
            }
            Files.createDirectories(stateDir);
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the instance id of " + applicationId + " in " + stateDir
                    + ": " + e.getMessage(), e);
        }
    }
}
