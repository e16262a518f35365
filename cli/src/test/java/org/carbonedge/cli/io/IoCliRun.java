package org.carbonedge.cli.io;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.carbonedge.cli.CarbonEdge;

/**
 * Runs the real {@code carbonedge} command line (its error handling included) in this JVM and captures its stdout
 * and stderr. Logging keeps the console it was configured with, so it is not captured.
 */
record IoCliRun(int exitCode, String out, String err) {

    static synchronized IoCliRun run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = CarbonEdge.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new IoCliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> outLines() {
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
        return "exit=" + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
