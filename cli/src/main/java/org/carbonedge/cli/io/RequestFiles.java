package org.carbonedge.cli.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.cli.UsageException;
import org.carbonedge.executor.onnx.TensorFormatException;
import org.carbonedge.executor.onnx.TensorProtos;
import org.carbonedge.ingest.client.ModelCatalog;
import org.carbonedge.ingest.gateway.GatewayJson;
import org.carbonedge.ingest.gateway.InferenceInput;
import org.carbonedge.ingest.gateway.RejectedInputException;

/**
 * Reads a request's inputs from a file: {@code .json} in the gateway's request format (modelId optional, policy
 * and latencySloMillis taken when the command line gives none), or {@code .pb}, one serialized ONNX TensorProto
 * (as in ONNX test data sets), bound to the model's only input whatever its name inside. Anything wrong is a usage
 * error naming the file (and line and column for malformed JSON).
 */
final class RequestFiles {

    private RequestFiles() {
    }

    static InferenceInput read(Path file, String modelId, ModelCatalog models) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return json(file, modelId, models);
        }
        if (name.endsWith(".pb")) {
            return new InferenceInput(modelId, null, null, Map.of(), List.of(tensorProto(file, models.find(modelId))));
        }
        throw new UsageException(file + ": unknown file type; use .json (the gateway's request format) or .pb (an ONNX TensorProto)");
    }

    private static InferenceInput json(Path file, String modelId, ModelCatalog models) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read: " + e.getMessage());
        }
        try {
            JsonNode root = GatewayJson.read(bytes, file.toString());
            JsonNode named = root.path("modelId");
            if (named.isTextual() && !named.textValue().equals(modelId)) {
                throw new UsageException(file + ": names model '" + named.textValue() + "' but --model is '" + modelId + "'");
            }
            return InferenceInput.fromJson(root, models::find, modelId);
        } catch (RejectedInputException e) {
            String message = e.getMessage();
            throw new UsageException(message.startsWith(file.toString()) ? message : file + ": " + message);
        }
    }

    private static Tensor tensorProto(Path file, ModelManifest manifest) {
        Tensor t;
        try {
            t = TensorProtos.read(file);
        } catch (TensorFormatException e) {
            throw new UsageException(e.getMessage());
        }
        if (manifest.getInputs().size() == 1 && !manifest.getInputs().get(0).getName().equals(t.getName())) {
            t = TensorProtos.renamed(t, manifest.getInputs().get(0).getName());
        }
        return t;
    }
}
