package org.carbonedge.cli.model;

import java.nio.file.Files;
import java.nio.file.Path;

import org.carbonedge.cli.UsageException;

/** Argument checks for model files and part counts, shared by the model commands. */
final class ModelFiles {

    private ModelFiles() {
    }

    static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such model file: " + file);
        }
        return file;
    }

    static int parts(int parts) {
        if (parts < 1 || parts > 64) {
            throw new UsageException("--parts must be 1..64, was " + parts);
        }
        return parts;
    }

    /** Model id from a file name: the name without .onnx, reduced to [A-Za-z0-9._-]. */
    static String idFromFile(Path file) {
        String n = file.getFileName().toString().replaceFirst("\\.onnx$", "").replaceAll("[^A-Za-z0-9._-]", "-");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }
}
