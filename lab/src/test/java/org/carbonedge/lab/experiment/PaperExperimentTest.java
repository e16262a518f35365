package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper experiment at a tiny scale on the real pipeline: every policy and sweep point reports, files parse. */
class PaperExperimentTest {

    @TempDir
    Path dir;

    @Test
    void everyPolicyAndSweepPointReportsAndTheCsvParses() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<PaperExperiment.ModelResult> results = PaperExperiment.run(new PaperExperiment.Options(
                dir.resolve("data"), List.of("mnist-cnn"), 3, 1, 1.2, dir.resolve("report")), out);

        PaperExperiment.ModelResult r = results.get(0);
        assertThat(r.policies()).extracting(PolicyStats::label).containsExactly("monolithic", "paper-performance",
                "paper-balanced", "paper-green", "performance", "balanced", "green", "green-slo");
        assertThat(r.sweep()).hasSize(11);
        assertThat(r.policies()).allSatisfy(p -> {
            assertThat(p.ok()).as(p.label()).isEqualTo(1);
            assertThat(p.gco2PerInference()).as(p.label()).isPositive();
        });
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.startsWith("experiment=paper model=mnist-cnn policy="))).hasSize(8);
        assertThat(text.lines().filter(l -> l.startsWith("sweep model=mnist-cnn wc="))).hasSize(11);
        List<String> csv = Files.readAllLines(dir.resolve("report/paper-mnist-cnn.csv"));
        assertThat(csv.get(0)).startsWith("model,kind,policy,requests,ok,latency_p50_ms");
        assertThat(csv).hasSize(1 + 8 + 11);
        assertThat(csv.subList(1, csv.size())).allSatisfy(line -> assertThat(line.split(",", -1).length).isGreaterThanOrEqualTo(14));
    }
}
