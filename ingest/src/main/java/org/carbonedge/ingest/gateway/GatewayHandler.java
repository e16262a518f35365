package org.carbonedge.ingest.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.ingest.client.ModelCatalog;
import org.carbonedge.schemas.validation.PolicySyntax;
import org.carbonedge.schemas.validation.RequestValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP API: {@code POST /v1/infer} (JSON or binary body → 202 with the request id, once the request
 * is on Kafka; {@code deferrable} with {@code deadlineAt} or {@code within}, see {@link InferenceInput}),
 * {@code GET /v1/requests/{id}} (status, HELD while the router holds it, prediction, emissions) and
 * {@code GET /v1/models}. Every
 * refusal is JSON {@code {"status":..,"error":".."}} with a 4xx status saying which kind of mistake it was, and
 * nothing refused is published.
 */
final class GatewayHandler implements HttpHandler {

    /** Publishes one request and returns once Kafka acknowledged it. */
    @FunctionalInterface
    interface Publisher {
        void publish(InferenceRequest request) throws Exception;
    }

    static final String INFER = "/v1/infer";
    static final String REQUESTS = "/v1/requests/";
    static final String MODELS = "/v1/models";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    private static final String JSON = "application/json";
    private static final String BINARY = "application/octet-stream";

    private final GatewayOptions options;
    private final ModelCatalog models;
    private final RequestValidator validator;
    private final RequestTracker tracker;
    private final Publisher publisher;
    private final GatewayMetrics metrics;

    GatewayHandler(GatewayOptions options, ModelCatalog models, RequestTracker tracker, Publisher publisher,
                   GatewayMetrics metrics) {
        this.options = options;
        this.models = models;
        this.validator = new RequestValidator(options.maxInputBytes());
        this.tracker = tracker;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try {
            try {
                route(exchange);
            } catch (RejectedInputException e) {
                error(exchange, e.status(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                error(exchange, 500, "internal error: " + e.getMessage());
            }
        } finally {
            if (INFER.equals(exchange.getRequestURI().getPath())) {
                metrics.inferAnswered(exchange.getResponseCode(), System.nanoTime() - start);
            }
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals(INFER)) {
            method(exchange, "POST");
            infer(exchange);
        } else if (path.startsWith(REQUESTS)) {
            method(exchange, "GET");
            QueryString.parse(exchange.getRequestURI().getRawQuery(), Set.of());
            String id = path.substring(REQUESTS.length());
            RequestStatus status = tracker.status(id).orElseThrow(() -> new RejectedInputException(404,
                    "unknown request '" + id + "': not accepted by this gateway, or older than "
                            + options.requestTtl().toMinutes() + " min"));
            sendJson(exchange, 200, status);
        } else if (path.equals(MODELS)) {
            method(exchange, "GET");
            QueryString.parse(exchange.getRequestURI().getRawQuery(), Set.of());
            List<ModelJson> list = models.ids().stream().map(models::find).filter(java.util.Objects::nonNull).map(GatewayHandler::model).toList();
            sendJson(exchange, 200, Map.of("models", list));
        } else {
            throw new RejectedInputException(404, "no route " + path + ": use POST " + INFER + ", GET " + REQUESTS
                    + "{id} or GET " + MODELS);
        }
    }

    private void infer(HttpExchange exchange) throws IOException {
        String contentType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!JSON.equals(contentType) && !BINARY.equals(contentType)) {
            throw new RejectedInputException(415, "Content-Type must be " + JSON + " or " + BINARY + ", was "
                    + (contentType == null ? "missing" : "'" + contentType + "'"));
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        InferenceInput input;
        if (JSON.equals(contentType)) {
            QueryString.parse(rawQuery, Set.of());
            byte[] body = body(exchange);
            input = InferenceInput.fromJson(GatewayJson.read(body, "body"), models::find, null);
        } else {
            Map<String, String> query = QueryString.parse(rawQuery, InferenceInput.BINARY_PARAMETERS);
            input = InferenceInput.fromBinary(body(exchange), query, models::find);
        }
        Instant submittedAt = Instant.now();
        InferenceRequest request = InferenceRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setModelId(input.modelId())
                .setInputs(input.inputs())
                .setPolicy(input.policy() == null ? PolicySyntax.DEFAULT : input.policy())
                .setLatencySloMillis(input.latencySloMillis())
                .setSubmittedAt(submittedAt)
                .setDeadlineAt(input.deadlineAt(submittedAt))
                .setDeferrable(input.deferrable())
                .setAccuracyFloor(input.accuracyFloor())
                .setClientId("carbonedge-gateway")
                .setAttributes(input.attributes())
                .build();
        ModelManifest manifest = models.find(request.getModelId());
        Optional<RequestValidator.Violation> violation = validator.check(request, manifest);
        if (violation.isPresent()) {
            throw new RejectedInputException(status(violation.get().kind()), violation.get().reason());
        }
        tracker.track(request.getRequestId(), request.getModelId(), request.getPolicy(),
                request.getDeferrable() ? request.getDeadlineAt() : null);
        try {
            publisher.publish(request);
        } catch (Exception e) {
            tracker.forget(request.getRequestId());
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
                throw new RejectedInputException(413, "request too large for Kafka: " + cause.getMessage());
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("publishing request {} failed: {}", request.getRequestId(), cause.toString());
            exchange.getResponseHeaders().set("Retry-After", "1");
            throw new RejectedInputException(503, "request not accepted: Kafka did not take it ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); retry later");
        }
        String location = REQUESTS + request.getRequestId();
        exchange.getResponseHeaders().set("Location", location);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", request.getRequestId());
        body.put("status", RequestStatus.Status.PENDING.name());
        body.put("location", location);
        sendJson(exchange, 202, body);
    }

    private static int status(RequestValidator.Kind kind) {
        return switch (kind) {
            case INPUTS -> 422;
            case TOO_LARGE -> 413;
            case UNKNOWN_MODEL -> 404;
            case REQUEST_ID, MODEL_ID, POLICY, LATENCY_SLO, TIME, NON_FINITE_INPUT, ACCURACY_FLOOR -> 400;
        };
    }

    private byte[] body(HttpExchange exchange) throws IOException {
        long max = options.maxBodyBytes();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > max) {
                    throw tooLarge(max);
                }
            } catch (NumberFormatException e) {
                throw new RejectedInputException(400, "malformed Content-Length '" + length + "'");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        }
    }

    private static RejectedInputException tooLarge(long max) {
        return new RejectedInputException(413, "request body over the limit of " + max + " bytes");
    }

    private static void method(HttpExchange exchange, String allowed) {
        if (!allowed.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", allowed);
            throw new RejectedInputException(405, "method " + exchange.getRequestMethod() + " not allowed on "
                    + exchange.getRequestURI().getPath() + ": use " + allowed);
        }
    }

    private static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** A registered model as {@code GET /v1/models} lists it. */
    record ModelJson(String modelId, int version, int partitions, List<SpecJson> inputs, List<SpecJson> outputs) {
    }

    /** A declared input or output; -1 marks a dynamic dimension. */
    record SpecJson(String name, String dtype, List<Long> shape) {
    }

    private static ModelJson model(ModelManifest m) {
        return new ModelJson(m.getModelId(), m.getVersion(), m.getPartitions().size(), specs(m.getInputs()), specs(m.getOutputs()));
    }

    private static List<SpecJson> specs(List<TensorSpec> specs) {
        return specs.stream().map(s -> new SpecJson(s.getName(), s.getDtype().name(), List.copyOf(s.getShape()))).toList();
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message == null ? "unknown error" : message);
        sendJson(exchange, status, body);
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = GatewayJson.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
