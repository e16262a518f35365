package org.carbonedge.cli.experiment;

import org.carbonedge.lab.Csv;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.carbonedge.cli.CarbonEdge;
import org.carbonedge.cli.CliRun;
import org.carbonedge.lab.experiment.Demo;
import org.carbonedge.lab.report.Xml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code carbonedge demo} at a tiny scale on the real pipeline, and its argument checks. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyPolicyAndSweepPointIsPrintedAndTheReportFilesParse() throws Exception {
        Path out = dir.resolve("report");
        CliRun run = CliRun.run("demo", "--model", "mnist-cnn", "--requests", "1", "--in-flight", "2",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.outLines();
        for (String policy : Demo.POLICIES) {
            assertThat(lines).as(policy).anyMatch(l -> l.startsWith(policy + " ") && l.contains("%"));
            assertThat(lines).as(policy).anyMatch(l -> l.startsWith("demo policy=" + policy + " gco2_per_inference=")
                    && l.contains(" reduction_vs_monolithic_pct=") && l.contains(" latency_p95_ms=")
                    && l.contains(" throughput_per_s=") && l.contains(" inferences_per_gram=")
                    && l.contains(" sched_overhead_us="));
        }
        assertThat(lines.stream().filter(l -> l.startsWith("demo policy="))).hasSize(6);
        assertThat(lines.stream().filter(l -> l.startsWith("sweep wc=")).map(l -> l.split(" ")[1]))
                .containsExactly("wc=0.0", "wc=0.1", "wc=0.2", "wc=0.3", "wc=0.4", "wc=0.5", "wc=0.6", "wc=0.7",
                        "wc=0.8", "wc=0.9", "wc=1.0");
        assertThat(lines).contains("report=" + out.resolve("index.html"));
        assertThat(run.err()).contains("demo: weight sweep done");

        Document html = Xml.parse(Files.readString(out.resolve("index.html")));
        assertThat(Xml.all(html, "svg")).hasSize(4);
        assertThat(Xml.texts(html, "td")).contains("monolithic", "paper-performance", "paper-green", "performance",
                "balanced", "green");
        List<String> policies = Files.readAllLines(out.resolve("policies.csv"));
        assertThat(policies).hasSize(1 + 6);
        int ok = Csv.split(policies.get(0)).indexOf("ok");
        assertThat(policies.subList(1, 7)).allSatisfy(l -> assertThat(Csv.split(l).get(ok)).isEqualTo("1"));
        assertThat(Files.readAllLines(out.resolve("sweep.csv"))).hasSize(1 + 11);
        List<String> intensity = Files.readAllLines(out.resolve("intensity.csv"));
        assertThat((intensity.size() - 1) % 3).isZero();
        assertThat(intensity.size() - 1).isGreaterThanOrEqualTo(3 * 25);
    }

    @Test
    void badArgumentsAreOneLineAndExitCode2() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        for (String[] args : List.of(new String[] {"demo", "--requests", "0"}, new String[] {"demo", "--model", "resnet"},
                new String[] {"demo", "--quick", "--requests", "5"}, new String[] {"demo", "--in-flight", "0"},
                new String[] {"demo", "--parts", "17"}, new String[] {"demo", "--out", file.toString()},
                new String[] {"demo", "--requests", "many"})) {
            CliRun run = CliRun.run(args);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(CarbonEdge.EXIT_USAGE);
            assertThat(run.errLines()).as(run.toString()).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
    }
}
