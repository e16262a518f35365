package org.carbonedge.cli.feed;

import org.carbonedge.lab.SharedGrid;
import org.carbonedge.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.platform.EmbeddedPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbonedge replay} end to end: real files, the real broker and registry, the real command line. */
class ReplayCommandTest {
    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;
    static IntensityTopic topic;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dataDir, 0, 0);
        topic = new IntensityTopic(platform);
        topic.keepHistory();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap", platform.bootstrapServers(), "--registry", platform.registryUrl()));
        return all.toArray(new String[0]);
    }

    @Test
    void realFilesArriveOnTheTopicExactlyOnceInEventTimeOrderPerZone() {
        Path de = SharedGrid.zone("DE");
        Path fr = SharedGrid.zone("FR");
        Path gb = SharedGrid.zone("GB");
        long before = topic.endOffset();

        CliRun run = CliRun.run(args("replay", de.toString(), fr.toString(), gb.toString(), "--zone-alias", "edge-berlin=DE"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines()).singleElement().asString()
                .startsWith("replayed records=35040 zones=4 loops=1 skipped=0 ")
                .contains("first=2023-01-01T00:00:00Z last=2023-12-31T23:00:00Z");
        List<ConsumerRecord<String, GridIntensity>> read = topic.readFrom(before);
        assertThat(read).hasSize(35_040);

        Map<String, List<GridIntensity>> byZone = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, GridIntensity> r : read) {
            GridIntensity v = r.value();
            assertThat(r.key()).isEqualTo(v.getZone());
            assertThat(r.timestamp()).isEqualTo(v.getValidFrom().toEpochMilli());
            assertThat(seen.add(v.getZone() + "@" + v.getValidFrom())).as("duplicate %s", v).isTrue();
            byZone.computeIfAbsent(v.getZone(), z -> new ArrayList<>()).add(v);
        }
        Map<String, List<GridIntensity>> expected = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE))
                .load(List.of(de, fr, gb)).series();
        assertThat(byZone).containsOnlyKeys("DE", "FR", "GB", "edge-berlin");
        for (String zone : List.of("DE", "FR", "GB")) {
            assertThat(byZone.get(zone)).as(zone).containsExactlyElementsOf(expected.get(zone)); // same records, same order
        }
        List<GridIntensity> alias = byZone.get("edge-berlin");
        assertThat(alias).hasSize(8_760);
        for (int i = 0; i < alias.size(); i++) {
            GridIntensity d = expected.get("DE").get(i);
            assertThat(alias.get(i).getValidFrom()).isEqualTo(d.getValidFrom());
            assertThat(alias.get(i).getGco2PerKwh()).isEqualTo(d.getGco2PerKwh());
        }
    }

    @Test
    void dryRunSummaryPrintsOneLinePerZoneFromTheFileAndPublishesNothing() throws IOException {
        long before = topic.endOffset();

        CliRun run = CliRun.run("replay", SharedGrid.zone("DE").toString(), SharedGrid.zone("GB").toString(),
                "--dry-run", "--summary", "--bootstrap", "127.0.0.1:1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines()).containsExactly(expectedSummary("DE"), expectedSummary("GB"));
        assertThat(run.err()).contains("dry-run: would publish 17520 records per pass to 2 zone(s) [DE, GB]");
        assertThat(topic.endOffset()).isEqualTo(before);
    }

    /** The summary line computed here from the CSV's direct column, independently of the library. */
    private static String expectedSummary(String zone) throws IOException {
        List<String> lines = Files.readAllLines(SharedGrid.zone(zone), StandardCharsets.UTF_8);
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int rows = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            double v = Double.parseDouble(line.split(",")[4]);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            rows++;
        }
        return String.format(Locale.ROOT, "zone=%s rows=%d mean=%.2f min=%.2f max=%.2f gaps=0 rejected=0",
                zone, rows, sum / rows, min, max);
    }

    @Test
    void aFileInNoKnownFormatIsOneLineAndExitCodeOne() throws IOException {
        Path bad = Files.writeString(work.resolve("garbage.csv"), "hello,world\n1,2\n");

        CliRun run = CliRun.run(args("replay", bad.toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("carbonedge replay: ")
                .contains("garbage.csv")
                .contains("format not recognised");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badRowsAreReportedWithFileAndLineAndCountedAndStrictModeFailsOnThem() throws IOException {
        List<String> lines = Files.readAllLines(SharedGrid.zone("FR"), StandardCharsets.UTF_8).subList(0, 6);
        List<String> broken = new ArrayList<>(lines);
        broken.set(2, broken.get(2).replaceFirst(",FR,[^,]*,", ",FR,-5,"));
        broken.set(4, broken.get(4).replaceFirst(",FR,[^,]*,", ",FR,NaN,"));
        Path file = Files.write(work.resolve("FR_broken.csv"), broken, StandardCharsets.UTF_8);

        CliRun lenient = CliRun.run("replay", file.toString(), "--dry-run", "--summary");

        assertThat(lenient.exitCode()).as(lenient.toString()).isZero();
        assertThat(lenient.outLines()).singleElement().asString().startsWith("zone=FR rows=3 ").endsWith(" rejected=2");
        assertThat(lenient.err()).contains("FR_broken.csv:3").contains("FR_broken.csv:5");

        CliRun strict = CliRun.run("replay", file.toString(), "--dry-run", "--strict");

        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.errLines()).singleElement().asString().contains("FR_broken.csv:3");
    }

    @Test
    void aMissingFileAndBadOptionValuesAreUsageErrors() {
        CliRun missing = CliRun.run("replay", work.resolve("nope.csv").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errLines()).singleElement().asString().contains("nope.csv: no such file");

        CliRun gap = CliRun.run("replay", SharedGrid.zone("FR").toString(), "--gap-policy", "interpolate");
        assertThat(gap.exitCode()).isEqualTo(2);
        assertThat(gap.errLines()).singleElement().asString().contains("unknown gap policy 'interpolate'");

        CliRun local = CliRun.run("replay", SharedGrid.zone("FR").toString(), "--from", "2023-06-01T00:00");
        assertThat(local.exitCode()).isEqualTo(2);
        assertThat(local.errLines()).singleElement().asString().contains("--from").contains("ambiguous");

        CliRun csv = CliRun.run("replay", SharedGrid.zone("FR").toString(), "--format", "csv");
        assertThat(csv.exitCode()).isEqualTo(2);
        assertThat(csv.errLines()).singleElement().asString().contains("--time-column");
    }

    @Test
    void resumeContinuesAfterTheCheckpointAndACompletedReplaySendsNothing() throws IOException {
        Path checkpoint = work.resolve("fr.checkpoint");
        // what an interrupted run leaves behind: FR sent up to 11:00
        Files.writeString(checkpoint, "window=2023-03-01T00:00:00Z..2023-03-02T00:00:00Z\nzones=FR\nloop=0\n"
                + "last.FR=2023-03-01T11:00:00Z\n");
        long before = topic.endOffset();

        CliRun resumed = CliRun.run(args("replay", SharedGrid.zone("FR").toString(), "--from", "2023-03-01",
                "--to", "2023-03-02T00:00:00Z", "--resume", checkpoint.toString()));

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.outLines()).singleElement().asString().startsWith("replayed records=12 zones=1 loops=1 skipped=12 ");
        List<ConsumerRecord<String, GridIntensity>> read = topic.readFrom(before);
        assertThat(read).extracting(r -> r.value().getValidFrom())
                .first().isEqualTo(Instant.parse("2023-03-01T12:00:00Z"));
        assertThat(read).hasSize(12);

        CliRun again = CliRun.run(args("replay", SharedGrid.zone("FR").toString(), "--from", "2023-03-01",
                "--to", "2023-03-02T00:00:00Z", "--resume", checkpoint.toString()));

        assertThat(again.exitCode()).isZero();
        assertThat(again.outLines()).singleElement().asString().startsWith("replayed records=0 ");
        assertThat(again.err()).contains("says this replay is complete");
        assertThat(topic.endOffset()).isEqualTo(before + 12);
    }
}
