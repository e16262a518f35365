package org.carbonedge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;


/**
 * Runs the real {@code carbonedge} command line (its error handling included) in this JVM and captures what it
 * printed on stdout and stderr. Logging goes to the console the logger was configured with, so it is not captured.
 */
public record CliRun(int exitCode, String out, String err) {

    public static synchronized CliRun run(String... args) {
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
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code command} followed by each of {@code cases}: each must exit 2 with one line on stderr. */
    public static void assertEachIsOneUsageLine(List<String> command, List<String[]> cases) {
        for (String[] args : cases) {
            List<String> full = new java.util.ArrayList<>(command);
            full.addAll(List.of(args));
            CliRun run = run(full.toArray(String[]::new));
            org.assertj.core.api.Assertions.assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isEqualTo(2);
            org.assertj.core.api.Assertions.assertThat(run.errLines()).as(String.join(" ", args)).hasSize(1);
        }
    }

    public List<String> outLines() {
        return out.lines().collect(Collectors.toList());
    }

    public List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "exit=" + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
