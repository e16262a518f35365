package org.carbonedge.feed.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.carbonedge.feed.FeedException;

/** Opening input files with one-line errors instead of raw {@code IOException}s; shared by readers and detection. */
public final class SourceFiles {
    static final int BUFFER_CHARS = 1 << 16;

    private SourceFiles() {
    }

    /** Opens {@code file} as UTF-8 text, replacing undecodable bytes. */
    public static BufferedReader open(Path file) {
        if (Files.isDirectory(file)) {
            throw new FeedException(file + ": is a directory, not a file");
        }
        try {
            return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8),
                    BUFFER_CHARS);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** A user-facing error for an I/O failure on {@code file}. */
    public static FeedException readFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new FeedException(file + ": no such file");
        }
        if (e instanceof AccessDeniedException) {
            return new FeedException(file + ": permission denied");
        }
        return new FeedException(file + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }

    /** The last path element of a source name, used to label records ({@code electricitymaps-csv:DE_2023.csv}). */
    public static String fileName(String sourceName) {
        int slash = Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\'));
        return slash >= 0 ? sourceName.substring(slash + 1) : sourceName;
    }

    static BufferedReader buffered(Reader reader) {
        return reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader, BUFFER_CHARS);
    }
}
