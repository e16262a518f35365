package org.carbonedge.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command's one JVM shutdown hook. The JVM runs shutdown hooks concurrently and in no order, so a command that
 * must stop its services (Flink jobs taking savepoints, a broker flushing) before its temporary directory goes away
 * cannot use separate hooks. Here every action registered with {@link #onShutdown} runs in reverse order of
 * registration, one after the other, and only then are the directories given to {@link #deleteAfterwards} removed.
 */
public final class Shutdown {

    /** A registered action; closing it unregisters it (the command ended normally and cleaned up itself). */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static final Deque<Action> ACTIONS = new ArrayDeque<>();
    private static final List<Path> DIRECTORIES = new ArrayList<>();
    private static boolean hookInstalled;
    private static boolean running;

    private record Action(String name, Runnable body) {
    }

    private Shutdown() {
    }

    /** Runs {@code action} at JVM shutdown (before actions registered earlier), unless unregistered first. */
    public static synchronized Registration onShutdown(String name, Runnable action) {
        installHook();
        Action a = new Action(name, action);
        ACTIONS.push(a);
        return () -> {
            synchronized (Shutdown.class) {
                if (!running) {
                    ACTIONS.remove(a);
                }
            }
        };
    }

    /** Removes {@code dir} and everything in it at JVM shutdown, after every action. */
    public static synchronized void deleteAfterwards(Path dir) {
        installHook();
        DIRECTORIES.add(dir);
    }

    /** Removes {@code dir} now, tolerating files that disappear meanwhile. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a file removed concurrently; what is left is swept at the next start
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Shutdown::runAll, "carbonedge-shutdown"));
            hookInstalled = true;
        }
    }

    private static void runAll() {
        List<Action> actions;
        List<Path> dirs;
        synchronized (Shutdown.class) {
            running = true;
            actions = List.copyOf(ACTIONS);
            ACTIONS.clear();
            dirs = List.copyOf(DIRECTORIES);
        }
        for (Action a : actions) {
            try {
                a.body().run();
            } catch (RuntimeException | Error e) {
                System.err.println("carbonedge: " + a.name() + " at shutdown: " + e);
            }
        }
        dirs.forEach(Shutdown::deleteTree);
    }
}
