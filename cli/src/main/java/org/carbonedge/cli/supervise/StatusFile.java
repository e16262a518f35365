package org.carbonedge.cli.supervise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonedge.common.Health;

/**
 * {@code <data-dir>/status.json}: what the supervisor of a running {@code carbonedge up} saw last — its process id,
 * where it listens, and each component's state with its reason — rewritten atomically on every check, so
 * {@code carbonedge status} can answer without a network listener of its own (closed by default). A file whose
 * process is gone, or that was not rewritten for {@link #STALE_AFTER_MILLIS}, describes nothing that runs.
 */
public final class StatusFile implements Consumer<Supervisor.Snapshot> {

    /** File name under the data dir. */
    public static final String NAME = "status.json";
    /** A status older than this is stale (the supervisor rewrites it every second). */
    public static final long STALE_AFTER_MILLIS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, String> endpoints;
    private final Clock clock;

    /** A status written to {@code dataDir/status.json}; {@code endpoints} (e.g. bootstrap, registry) are listed in it. */
    public StatusFile(Path dataDir, Map<String, String> endpoints, Clock clock) {
        this.file = dataDir.resolve(NAME);
        this.endpoints = new LinkedHashMap<>(endpoints);
        this.clock = clock;
    }

    public Path path() {
        return file;
    }

    @Override
    public void accept(Supervisor.Snapshot snapshot) {
        write(snapshot, null);
    }

    /** Writes the last state before the command exits ({@code exitReason}: why, or null on a clean stop). */
    public void write(Supervisor.Snapshot snapshot, String exitReason) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("pid", ProcessHandle.current().pid());
        doc.put("updatedAt", clock.instant().toString());
        doc.put("endpoints", endpoints);
        if (exitReason != null) {
            doc.put("exited", exitReason);
        }
        List<Map<String, String>> components = new ArrayList<>();
        for (Map.Entry<String, Health> e : snapshot.components()) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("name", e.getKey());
            c.put("state", e.getValue().state().name());
            c.put("detail", e.getValue().detail());
            c.put("since", e.getValue().since().toString());
            components.add(c);
        }
        doc.put("components", components);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(NAME + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), doc);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** What {@code carbonedge status} reads back. */
    public record Read(long pid, Instant updatedAt, Map<String, String> endpoints, String exited,
                       List<Map.Entry<String, Health>> components) {

        /** Whether the process that wrote it still runs and wrote it recently. */
        public boolean live(Instant now) {
            return exited == null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    && now.toEpochMilli() - updatedAt.toEpochMilli() <= STALE_AFTER_MILLIS;
        }
    }

    /** Reads {@code dataDir/status.json}; throws with a one-line reason when it is missing or unreadable. */
    public static Read read(Path dataDir) {
        Path f = dataDir.resolve(NAME);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("no " + NAME + " in " + dataDir + ": carbonedge up has not run with this --data-dir");
        }
        try {
            if (Files.size(f) > 1_000_000) {
                throw new IllegalStateException(f + " is too large to be a status file");
            }
            JsonNode doc = JSON.readTree(f.toFile());
            Map<String, String> endpoints = new LinkedHashMap<>();
            doc.path("endpoints").fields().forEachRemaining(e -> endpoints.put(e.getKey(), e.getValue().asText()));
            List<Map.Entry<String, Health>> components = new ArrayList<>();
            for (JsonNode c : doc.path("components")) {
                components.add(Map.entry(c.path("name").asText(), new Health(
                        Health.State.valueOf(c.path("state").asText()), c.path("detail").asText(),
                        Instant.parse(c.path("since").asText()))));
            }
            return new Read(doc.path("pid").asLong(), Instant.parse(doc.path("updatedAt").asText()), endpoints,
                    doc.hasNonNull("exited") ? doc.get("exited").asText() : null, components);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("unreadable " + f + ": " + e.getMessage(), e);
        }
    }
}
