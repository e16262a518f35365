package org.carbonedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.carbonedge.avro.ModelManifest;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.pipeline.ModelRegistration;
import org.carbonedge.platform.EmbeddedPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model families from the command line: {@code model build mobilenetv2 --width W} and {@code model add … --family F
 * --accuracy METRIC=VALUE --accuracy-source TEXT} against a real broker and registry. Every refusal is one line,
 * exit code 2, nothing on carbonedge.models and nothing left in the model store.
 */
class ModelFamilyCommandsTest {

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static ClientSettings settings;
    static Path store;
    static Path digits;
    static Path otherDigits;
    static Path mobilenet;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
        settings = ClientSettings.of(platform.bootstrapServers(), platform.registryUrl());
        store = dir.resolve("store");
        digits = dir.resolve("digits.onnx");
        otherDigits = dir.resolve("digits-other-seed.onnx");
        mobilenet = dir.resolve("mobilenetv2-w035.onnx");
        assertThat(CliRun.run("model", "build", "mnist-cnn", "--seed", "1", "--out", digits.toString()).exitCode()).isZero();
        assertThat(CliRun.run("model", "build", "mnist-cnn", "--seed", "2", "--out", otherDigits.toString()).exitCode()).isZero();
        assertThat(CliRun.run("model", "build", "mobilenetv2", "--width", "0.35", "--out", mobilenet.toString()).exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void buildWritesTheWidthVariantAndPrintsItsIdFamilyAndPublishedAccuracy() {
        CliRun r = CliRun.run("model", "build", "mobilenetv2", "--width", "0.75", "--out", dir.resolve("w075.onnx").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.outLines()).first().isEqualTo(
                "params=2623106 macs=209069792 id=mobilenetv2-w075 family=mobilenetv2 accuracy=top1=0.698");
        assertThat(r.outLines().get(1)).startsWith("accuracy_source=Sandler et al. 2018").contains("not measured");
        assertThat(dir.resolve("w075.onnx")).exists();

        assertUsage(CliRun.run("model", "build", "mobilenetv2", "--width", "0.6", "--out", dir.resolve("x.onnx").toString()),
                "--width 0.6 is not built; use one of [0.35, 0.5, 0.75, 1.0, 1.4]");
        assertUsage(CliRun.run("model", "build", "mnist-cnn", "--width", "0.5", "--out", dir.resolve("x.onnx").toString()),
                "mobilenetv2 only");
        assertThat(dir.resolve("x.onnx")).doesNotExist();
    }

    @Test
    void variantsWithTheFamilysInputsAndOutputsJoinIt() throws Exception {
        CliRun first = add(digits, "digits-a", "--family", "digits", "--accuracy", "top1=0.99",
                "--accuracy-source", "our evaluation on MNIST test, 2026-12-07");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.outLines()).last().asString().endsWith("model=digits-a version=1 family=digits accuracy=top1=0.99");
        CliRun second = add(otherDigits, "digits-b", "--family", "digits", "--accuracy", "top1=0.97",
                "--accuracy-source", "our evaluation on MNIST test");
        assertThat(second.exitCode()).as(second.toString()).isZero();

        Map<String, ModelManifest> registered = registered();
        assertThat(registered.get("digits-a").getFamily()).isEqualTo("digits");
        assertThat(registered.get("digits-a").getAccuracy().getValue()).isEqualTo(0.99);
        assertThat(registered.get("digits-b").getAccuracy().getSource()).isEqualTo("our evaluation on MNIST test");
        assertThat(store.resolve("digits-a").resolve("manifest.json")).content().contains("\"family\"").contains("digits");
        assertNoStagingLeft();

        CliRun plain = add(digits, "digits-plain");
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(registered().get("digits-plain").getFamily()).isNull();
        assertThat(registered().get("digits-plain").getAccuracy()).isNull();
    }

    @Test
    void aVariantWhoseInputsDifferIsRefusedNamingTheDifferenceAndNothingIsPublishedOrStored() throws Exception {
        assertThat(add(digits, "shapes-a", "--family", "shapes", "--accuracy", "top1=0.9", "--accuracy-source", "x")
                .exitCode()).isZero();
        CliRun refused = add(mobilenet, "shapes-b", "--family", "shapes", "--accuracy", "top1=0.603",
                "--accuracy-source", "Sandler et al. 2018");
        assertUsage(refused, "model 'shapes-b' cannot join family 'shapes': input 'input' has shape [1, 3, 224, 224]"
                + " here and [1, 1, 28, 28] in variant 'shapes-a'");
        assertThat(registered()).doesNotContainKey("shapes-b");
        assertThat(store.resolve("shapes-b")).doesNotExist();
        assertNoStagingLeft();
    }

    @Test
    void badAccuracyOrAFamilyWithoutOneIsOneLineExitTwoAndNothingPublished() throws Exception {
        assertUsage(add(digits, "bad-1", "--family", "digits"), "--family digits needs --accuracy");
        assertUsage(add(digits, "bad-2", "--family", "digits", "--accuracy", "top1=69.8", "--accuracy-source", "paper"),
                "outside 0..1: give a fraction (0.698 for 69.8%)");
        assertUsage(add(digits, "bad-3", "--family", "digits", "--accuracy", "top1=-0.1", "--accuracy-source", "paper"),
                "outside 0..1");
        assertUsage(add(digits, "bad-4", "--family", "digits", "--accuracy", "top1=NaN", "--accuracy-source", "paper"),
                "outside 0..1");
        assertUsage(add(digits, "bad-5", "--family", "digits", "--accuracy", "69.8", "--accuracy-source", "paper"),
                "is not METRIC=VALUE");
        assertUsage(add(digits, "bad-6", "--family", "digits", "--accuracy", "Top-1 %=0.7", "--accuracy-source", "paper"),
                "metric 'Top-1 %' is not a lower-case name");
        assertUsage(add(digits, "bad-7", "--family", "digits", "--accuracy", "top1=high", "--accuracy-source", "paper"),
                "is not a number");
        assertUsage(add(digits, "bad-8", "--family", "digits", "--accuracy", "top1=0.7"), "needs --accuracy-source");
        assertUsage(add(digits, "bad-9", "--accuracy-source", "paper"), "--accuracy-source needs --accuracy");
        assertUsage(add(digits, "bad-10", "--family", "no family", "--accuracy", "top1=0.7", "--accuracy-source", "x"),
                "invalid family 'no family'");
        assertThat(registered().keySet()).noneMatch(id -> id.startsWith("bad-"));
        try (Stream<Path> files = Files.exists(store) ? Files.list(store) : Stream.empty()) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("bad-"));
        }
        assertNoStagingLeft();
    }

    @Test
    void builtInVariantsArePublishedWithTheirFamilyAndPublishedAccuracyAlsoFromAnOlderStore() throws Exception {
        Path builtIns = dir.resolve("built-ins");
        ModelManifest w035 = ModelRegistration.builtIn(settings, builtIns, "mobilenetv2-w035", 1);
        assertThat(w035.getFamily()).isEqualTo("mobilenetv2");
        assertThat(w035.getAccuracy().getValue()).isEqualTo(0.603);
        ModelManifest published = registered().get("mobilenetv2-w035");
        assertThat(published.getAccuracy().getSource()).contains("Sandler et al. 2018").contains("not measured");

        // a store written before manifests had families: its manifest is described, its parts reused
        Path manifestFile = builtIns.resolve("mobilenetv2-w035").resolve(ManifestJson.FILE_NAME);
        ModelManifest old = ModelManifest.newBuilder(w035).setFamily(null).setAccuracy(null).setVersion(7).build();
        ManifestJson.write(old, manifestFile.getParent());
        ModelManifest again = ModelRegistration.builtIn(settings, builtIns, "mobilenetv2-w035", 1);
        assertThat(again.getVersion()).isEqualTo(7);
        assertThat(again.getFamily()).isEqualTo("mobilenetv2");
        assertThat(ManifestJson.read(manifestFile).getAccuracy().getValue()).isEqualTo(0.603);
        assertThat(registered().get("mobilenetv2-w035").getVersion()).isEqualTo(7);
    }

    private static CliRun add(Path file, String id, String... more) {
        List<String> args = new ArrayList<>(List.of("model", "add", file.toString(), "--id", id, "--parts", "1",
                "--model-store", store.toString(), "--bootstrap", platform.bootstrapServers(),
                "--registry", platform.registryUrl()));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static Map<String, ModelManifest> registered() {
        return ModelRegistration.registered(settings, Duration.ofSeconds(30));
    }

    private static void assertNoStagingLeft() throws Exception {
        try (Stream<Path> files = Files.exists(store) ? Files.list(store) : Stream.empty()) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("-adding-"));
        }
    }

    private static void assertUsage(CliRun r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(CarbonEdge.EXIT_USAGE);
        assertThat(r.errLines()).as(r.toString()).singleElement().asString().contains(message);
    }
}
