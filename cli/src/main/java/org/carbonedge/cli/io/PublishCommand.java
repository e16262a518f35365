package org.carbonedge.cli.io;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.UsageException;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.ingest.client.CarbonEdgeClient;
import org.carbonedge.ingest.client.InvalidRequestException;
import org.carbonedge.ingest.gateway.InferenceInput;
import org.carbonedge.schemas.validation.PolicySyntax;
import org.carbonedge.schemas.validation.RequestValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge publish}: puts inference requests on {@code carbonedge.requests}, from tensor files or as
 * generated load (seeded random inputs for the model's input specs) at a given rate. Every request is checked
 * against the model's manifest first, all files before the first is sent, so a bad file publishes nothing. With
 * {@code --wait} it follows each request to its emission record and adds the outcome counts to the summary.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish inference requests to carbonedge.requests, from tensor files or as generated load.",
                "Files: .json in the gateway's request format, or .pb (an ONNX TensorProto, bound to the model's only input).",
                "Prints the request ids (files) or a summary line (generated load); a progress bar goes to stderr on a terminal."})
public final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--model", required = true, paramLabel = "ID", description = "Model id, as registered on carbonedge.models.")
    String model;

    @Option(names = "--policy", paramLabel = "P",
            description = "performance, balanced, green, custom:wR,wL,wP,wB,wC, carbon-agnostic, monolithic or paper-* (default: balanced, or the file's).")
    String policy;

    @Option(names = "--slo-ms", paramLabel = "X", description = "Latency objective per request, milliseconds.")
    Double sloMillis;

    @Option(names = "--accuracy-floor", paramLabel = "SHARE",
            description = "Least accuracy accepted, a share in [0, 1] (e.g. 0.70): any variant of the model's family at or above it may serve each request.")
    Double accuracyFloor;

    @Option(names = "--within", paramLabel = "DURATION",
            description = "Deferrable: each request may wait for a cleaner grid and must complete within DURATION of its submission (e.g. 30m, 6h, 1d). The router holds it until the cleanest expected release that still meets the deadline.")
    String within;

    @Option(names = "--defer-until", paramLabel = "TIME",
            description = "Deferrable, to complete by TIME (ISO-8601 UTC, e.g. 2026-12-08T06:00:00Z).")
    String deferUntil;

    private Duration withinDuration;
    private Instant deferDeadline;

    @Option(names = "--input", arity = "1..*", paramLabel = "FILE", description = "Tensor files, one request each.")
    List<Path> inputs;

    @Option(names = "--count", paramLabel = "N", description = "Generate N requests with random inputs.")
    Long count;

    @Option(names = "--rate", paramLabel = "N/s", defaultValue = "max",
            description = "Requests per second, e.g. 50/s (default: ${DEFAULT-VALUE}, as fast as Kafka takes them).")
    String rate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the generated inputs; request i uses S+i (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--wait", description = "Wait for every request's outcome and count them in the summary.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "With --wait: how long to wait for each outcome (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        Rate pace = checkArguments();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CarbonEdgeClient.Options options = CarbonEdgeClient.Options.defaults().withClientId("carbonedge-publish")
                .withResultTimeout(Duration.ofSeconds(timeoutSeconds));
        try (CarbonEdgeClient client = CarbonEdgeClient.connect(connection.settings(), options)) {
            ModelManifest manifest = client.models().find(model);
            if (manifest == null) {
                throw new UsageException("unknown model '" + model + "'; registered: "
                        + (client.models().ids().isEmpty() ? "none" : String.join(", ", client.models().ids()))
                        + " (add one with 'carbonedge model add')");
            }
            List<InferenceRequest> fromFiles = inputs == null ? null : fileRequests(client);
            long total = fromFiles != null ? fromFiles.size() : count;
            PublishProgress progress = PublishProgress.onTerminal(err, total);
            List<CompletableFuture<?>> futures = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            long t0 = System.nanoTime();
            pace.start();
            for (long i = 0; i < total; i++) {
                pace.awaitSlot(i);
                InferenceRequest r = fromFiles != null ? fromFiles.get((int) i)
                        : deferred(client.request(model, RandomInputs.forSpecs(manifest.getInputs(), seed + i), policy,
                        sloMillis));
                ids.add(r.getRequestId());
                futures.add(await ? client.submit(r) : client.publish(r));
                if (progress != null) {
                    progress.update(i + 1);
                }
            }
            client.flush();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Outcomes outcomes = collect(futures, err);
            if (fromFiles != null) {
                ids.forEach(out::println);
            }
            if (fromFiles == null || await) {
                out.println(summary(total, seconds, outcomes, fromFiles != null));
            }
            out.flush();
            return outcomes.unpublished == 0 ? 0 : 1;
        }
    }

    private Rate checkArguments() {
        if ((inputs == null) == (count == null)) {
            throw new UsageException(inputs == null ? "give --input FILE... or --count N" : "give --input or --count, not both");
        }
        if (count != null && count < 1) {
            throw new UsageException("invalid value for option '--count': " + count + " (must be >= 1)");
        }
        if (policy != null) {
            PolicySyntax.problem(policy).ifPresent(p -> {
                throw new UsageException("invalid value for option '--policy': " + p);
            });
        }
        if (accuracyFloor != null && !(accuracyFloor >= 0 && accuracyFloor <= 1)) {
            throw new UsageException("invalid value for option '--accuracy-floor': " + accuracyFloor
                    + " (a share in [0, 1], e.g. 0.70)");
        }
        if (sloMillis != null && (!(sloMillis > 0) || sloMillis.isInfinite())) {
            throw new UsageException("invalid value for option '--slo-ms': " + sloMillis + " (must be finite and > 0)");
        }
        if (within != null && deferUntil != null) {
            throw new UsageException("give --within or --defer-until, not both");
        }
        withinDuration = within == null ? null : org.carbonedge.cli.feed.TimeArguments.positiveDuration("--within", within);
        deferDeadline = org.carbonedge.cli.feed.TimeArguments.utc("--defer-until", deferUntil);
        if (timeoutSeconds < 1) {
            throw new UsageException("invalid value for option '--timeout': " + timeoutSeconds + " (must be >= 1)");
        }
        if (inputs != null) {
            for (Path f : inputs) {
                if (!Files.isRegularFile(f)) {
                    throw new UsageException(f + (Files.exists(f) ? ": not a regular file" : ": no such file"));
                }
            }
        }
        return Rate.parse(rate);
    }

    /**
     * {@code r} made deferrable with its deadline when --within or --defer-until was given, with the accuracy floor
     * of --accuracy-floor.
     */
    private InferenceRequest deferred(InferenceRequest r) {
        if (accuracyFloor != null) {
            r.setAccuracyFloor(accuracyFloor);
        }
        if (withinDuration != null || deferDeadline != null) {
            r.setDeferrable(true);
            r.setDeadlineAt(withinDuration != null ? r.getSubmittedAt().plus(withinDuration) : deferDeadline);
        }
        return r;
    }

    /** Every file as a checked request, before anything is sent. */
    private List<InferenceRequest> fileRequests(CarbonEdgeClient client) {
        List<InferenceRequest> requests = new ArrayList<>();
        for (Path f : inputs) {
            InferenceInput input = RequestFiles.read(f, model, client.models());
            List<Tensor> tensors = input.inputs();
            InferenceRequest r = client.request(model, tensors, policy != null ? policy : input.policy(),
                    sloMillis != null ? sloMillis : input.latencySloMillis());
            r.setAttributes(input.attributes());
            r.setAccuracyFloor(input.accuracyFloor()); // the file's own floor, unless --accuracy-floor says otherwise
            if (input.deferrable()) { // the file's own deferral, unless --within or --defer-until says otherwise
                r.setDeferrable(true);
                r.setDeadlineAt(input.deadlineAt(r.getSubmittedAt()));
            }
            deferred(r);
            RequestValidator.Violation v = client.check(r).orElse(null);
            if (v != null) {
                throw new UsageException(f + ": " + v.reason());
            }
            requests.add(r);
        }
        return requests;
    }

    /** What became of the requests. */
    private static final class Outcomes {
        long ok;
        long failed;
        long rejected;
        long invalid;
        long timedOut;
        long unpublished;
        final List<Double> latencies = new ArrayList<>();
        double gco2;
    }

    private Outcomes collect(List<CompletableFuture<?>> futures, PrintWriter err) {
        Outcomes o = new Outcomes();
        for (CompletableFuture<?> f : futures) {
            try {
                Object result = f.join();
                if (result instanceof EmissionRecord r) {
                    if (r.getStatus() == InferenceStatus.OK) {
                        o.ok++;
                        o.latencies.add(r.getLatencyMillis());
                        o.gco2 += r.getTotalGco2();
                    } else if (r.getStatus() == InferenceStatus.FAILED) {
                        o.failed++;
                    } else {
                        o.rejected++;
                    }
                }
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof InvalidRequestException invalid && !invalid.local()) {
                    o.invalid++;
                    err.println(invalid.getMessage());
                } else if (cause instanceof TimeoutException) {
                    o.timedOut++;
                } else {
                    o.unpublished++;
                    err.println("not published: " + cause.getMessage());
                }
            }
        }
        err.flush();
        return o;
    }

    private String summary(long total, double seconds, Outcomes o, boolean files) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "published requests=%d model=%s policy=%s seconds=%.2f rate_per_s=%.1f", total - o.unpublished, model,
                policy != null ? policy : files ? "as-in-files" : PolicySyntax.DEFAULT, seconds, (total - o.unpublished) / Math.max(seconds, 1e-9)));
        if (o.unpublished > 0) {
            sb.append(" unpublished=").append(o.unpublished);
        }
        if (await) {
            sb.append(String.format(Locale.ROOT, " ok=%d failed=%d rejected=%d invalid=%d timed_out=%d", o.ok, o.failed,
                    o.rejected, o.invalid, o.timedOut));
            if (o.ok > 0) {
                List<Double> sorted = o.latencies.stream().sorted().toList();
                sb.append(String.format(Locale.ROOT, " latency_p50_ms=%.1f gco2_per_inference=%.4g",
                        sorted.get((sorted.size() - 1) / 2), o.gco2 / o.ok));
            }
        }
        return sb.toString();
    }
}
