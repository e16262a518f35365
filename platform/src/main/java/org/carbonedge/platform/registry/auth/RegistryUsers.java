package org.carbonedge.platform.registry.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users allowed to call the registry with HTTP basic authentication, read from a settings map or from a file
 * in the format Confluent's registry takes through Jetty's {@code PropertyFileLoginModule}: one
 * {@code user: password[,role...]} per line, {@code #} comments. Roles are read and ignored: every user may do
 * everything. Only a digest of each {@code user:password} pair is kept, never the password itself, and
 * {@link #toString()} names no user.
 */
public final class RegistryUsers {

    private final Map<String, byte[]> digests;

    private RegistryUsers(Map<String, byte[]> digests) {
        this.digests = Map.copyOf(digests);
    }

    /** Users from {@code user → password}. */
    public static RegistryUsers of(Map<String, String> passwords) {
        Map<String, byte[]> digests = new HashMap<>();
        passwords.forEach((user, password) -> {
            if (user == null || user.isBlank() || user.contains(":") || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("a registry user needs a name without ':' and a password");
            }
            digests.put(user, digest(user, password));
        });
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("basic authentication needs at least one user");
        }
        return new RegistryUsers(digests);
    }

    /**
     * Reads a {@code user: password[,role...]} file.
     *
     * @throws IllegalArgumentException on a malformed line (its number, not its content, is in the message)
     */
    public static RegistryUsers load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry users file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> passwords = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'user: password[,role...]'");
            }
            String credential = line.substring(colon + 1).strip();
            int comma = credential.indexOf(',');
            passwords.put(line.substring(0, colon).strip(), comma < 0 ? credential : credential.substring(0, comma).strip());
        }
        return of(passwords);
    }

    /** These users and {@code user} with {@code password} (e.g. the platform's own internal client). */
    public RegistryUsers with(String user, String password) {
        Map<String, byte[]> more = new HashMap<>(digests);
        more.putAll(of(Map.of(user, password)).digests);
        return new RegistryUsers(more);
    }

    /** Whether {@code user} exists with this {@code password}; takes the same time for a wrong user or password. */
    public boolean matches(String user, String password) {
        byte[] expected = digests.get(user);
        byte[] presented = digest(user, password);
        return MessageDigest.isEqual(expected == null ? new byte[presented.length] : expected, presented)
                && expected != null;
    }

    public int size() {
        return digests.size();
    }

    @Override
    public String toString() {
        return "RegistryUsers[" + digests.size() + " users]";
    }

    private static byte[] digest(String user, String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
