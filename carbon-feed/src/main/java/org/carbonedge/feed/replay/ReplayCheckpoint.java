package org.carbonedge.feed.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carbonedge.feed.FeedException;

/**
 * The resume point of a replay, kept in a small text file: which loop it is in and, per published zone, the data
 * time ({@code validFrom} before rebase and loop shift) of the last record flushed to the sink. A replay started
 * with the same file skips what was sent. The file also records the window and zones it belongs to, so it is not
 * applied to a different replay by mistake. Written atomically (temporary file, then move).
 *
 * <pre>
 * # CarbonEdge replay checkpoint
 * window=2023-01-01T00:00:00Z..-
 * zones=DE,FR,edge-berlin
 * loop=0
 * last.DE=2023-03-04T05:00:00Z
 * </pre>
 */
public final class ReplayCheckpoint {
    private final String window;
    private final String zones;
    private final int loop;
    private final Map<String, Instant> lastSourceFromByZone;

    public ReplayCheckpoint(String window, String zones, int loop, Map<String, Instant> lastSourceFromByZone) {
        this.window = window;
        this.zones = zones;
        this.loop = loop;
        this.lastSourceFromByZone = new TreeMap<>(lastSourceFromByZone);
    }

    public String window() {
        return window;
    }

    public String zones() {
        return zones;
    }

    public int loop() {
        return loop;
    }

    /** Published zone → data time of the last record sent in {@link #loop()}. */
    public Map<String, Instant> lastSourceFromByZone() {
        return java.util.Collections.unmodifiableMap(lastSourceFromByZone);
    }

    /** Reads a checkpoint; null when the file does not exist. */
    public static ReplayCheckpoint load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new FeedException(file + ": cannot read checkpoint (" + e.getMessage() + ")", e);
        }
        String window = null;
        String zones = null;
        Integer loop = null;
        Map<String, Instant> last = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new FeedException(file + ":" + (i + 1) + ": malformed checkpoint line '" + line + "'");
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            try {
                if (key.equals("window")) {
                    window = value;
                } else if (key.equals("zones")) {
                    zones = value;
                } else if (key.equals("loop")) {
                    loop = Integer.parseInt(value);
                } else if (key.startsWith("last.")) {
                    last.put(key.substring(5), Instant.parse(value));
                } else {
                    throw new FeedException(file + ":" + (i + 1) + ": unknown checkpoint key '" + key + "'");
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new FeedException(file + ":" + (i + 1) + ": malformed checkpoint value '" + value + "'");
            }
        }
        if (window == null || zones == null || loop == null) {
            throw new FeedException(file + ": not a replay checkpoint (window, zones or loop missing)");
        }
        return new ReplayCheckpoint(window, zones, loop, last);
    }

    /** Writes this checkpoint to {@code file} atomically. */
    public void save(Path file) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("# CarbonEdge replay checkpoint: delete this file to replay from the start\n");
        sb.append("window=").append(window).append('\n');
        sb.append("zones=").append(zones).append('\n');
        sb.append("loop=").append(loop).append('\n');
        for (Map.Entry<String, Instant> e : lastSourceFromByZone.entrySet()) {
            sb.append("last.").append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        Path absolute = file.toAbsolutePath();
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            Files.writeString(temp, sb.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new FeedException(file + ": cannot write checkpoint (" + e.getMessage() + ")", e);
        }
    }
}
