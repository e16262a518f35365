package org.carbonedge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * {@code --token-file FILE} for services with an HTTP API (gateway, ledger): when a token is configured, every call
 * needs {@code Authorization: Bearer <token>}. The token comes from a file or an environment variable, never from
 * the command line (where {@code ps} would show it), and is never printed.
 */
public final class TokenOptions {

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require 'Authorization: Bearer <token>' on every call, the token being the first line of FILE "
                    + "(default: the command's CARBONEDGE_*_TOKEN variable, else no token).")
    Path tokenFile;

    /**
     * The token from {@code --token-file}, else from {@code env.get(envVar)}; null when neither is set.
     *
     * @throws UsageException when the file cannot be read or holds no token
     */
    public String token(String envVar, Map<String, String> env) {
        if (tokenFile != null) {
            String text;
            try {
                text = Files.readString(tokenFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot read --token-file " + tokenFile + ": " + e.getMessage());
            }
            String token = text.lines().findFirst().orElse("").strip();
            if (token.isEmpty()) {
                throw new UsageException("--token-file " + tokenFile + " holds no token on its first line");
            }
            return token;
        }
        String fromEnv = env.get(envVar);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
    }
}
