package org.carbonedge.cli.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ss -ltnp} for one process, from Linux's {@code /proc}: the local addresses of the TCP sockets it listens
 * on ({@code /proc/<pid>/fd} gives its socket inodes, {@code /proc/net/tcp[6]} their state and address).
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** Whether this machine has the {@code /proc} files the check needs. */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /** "address:port" of every listening TCP socket of {@code pid}, addresses as IPv4 dotted or IPv6 hex. */
    static List<String> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    out.add(address(f[1]));
                }
            }
        }
        return out;
    }

    /** Whether a listening address from {@link #of} is loopback only. */
    static boolean loopback(String address) {
        return address.startsWith("127.") || address.startsWith("::ffff:127.") || address.startsWith("::1:");
    }

    private static String address(String hexAddressPort) {
        String[] parts = hexAddressPort.split(":");
        String hex = parts[0];
        int port = Integer.parseInt(parts[1], 16);
        if (hex.length() == 8) {
            return ipv4(hex) + ":" + port;
        }
        // IPv6 in /proc: four little-endian 32-bit words
        StringBuilder bytes = new StringBuilder();
        for (int w = 0; w < 4; w++) {
            String word = hex.substring(w * 8, w * 8 + 8);
            for (int b = 3; b >= 0; b--) {
                bytes.append(word, b * 2, b * 2 + 2);
            }
        }
        String v6 = bytes.toString();
        if (v6.startsWith("00000000000000000000FFFF")) {
            String v4 = v6.substring(24);
            return "::ffff:" + Integer.parseInt(v4.substring(0, 2), 16) + "." + Integer.parseInt(v4.substring(2, 4), 16)
                    + "." + Integer.parseInt(v4.substring(4, 6), 16) + "." + Integer.parseInt(v4.substring(6, 8), 16)
                    + ":" + port;
        }
        if (v6.equals("00000000000000000000000000000001")) {
            return "::1:" + port;
        }
        if (v6.equals("00000000000000000000000000000000")) {
            return ":::" + port;
        }
        return v6 + ":" + port;
    }

    private static String ipv4(String littleEndianHex) {
        return Integer.parseInt(littleEndianHex.substring(6, 8), 16) + "." + Integer.parseInt(littleEndianHex.substring(4, 6), 16)
                + "." + Integer.parseInt(littleEndianHex.substring(2, 4), 16) + "." + Integer.parseInt(littleEndianHex.substring(0, 2), 16);
    }
}
