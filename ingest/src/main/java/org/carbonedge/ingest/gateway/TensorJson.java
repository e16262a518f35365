package org.carbonedge.ingest.gateway;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.schemas.validation.RequestValidator;

/**
 * Tensors in the gateway's JSON: {@code {"name","dtype","shape":[..],"data":"<base64 little-endian bytes>"}} or
 * with {@code "values":[numbers]} (nested arrays allowed) instead of data. Name, dtype and shape may be left out
 * when the model says them (one input; its dtype; its shape with dynamic dimensions as 1). Whatever is malformed
 * in itself is a 400 naming the JSON path; whether the tensor fits the model is the validator's business (422).
 */
public final class TensorJson {

    private static final Set<String> FIELDS = Set.of("name", "dtype", "shape", "data", "values");

    private TensorJson() {
    }

    /** The tensor {@code node} (at JSON path {@code path}) describes, for a request to {@code manifest}'s model. */
    public static Tensor decode(JsonNode node, String path, ModelManifest manifest) {
        if (node == null || !node.isObject()) {
            throw bad(path + " must be an object with name, dtype, shape and data or values");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw bad(path + ": unknown field '" + field + "'; a tensor has " + String.join(", ", sorted(FIELDS)));
            }
        }
        String name = text(node, "name", path);
        if (name == null) {
            if (manifest.getInputs().size() != 1) {
                throw bad(path + ".name is required: model " + manifest.getModelId() + " takes inputs " + inputNames(manifest));
            }
            name = manifest.getInputs().get(0).getName();
        }
        TensorSpec spec = spec(manifest, name);
        String dtypeText = text(node, "dtype", path);
        TensorDataType dtype;
        if (dtypeText != null) {
            dtype = dtype(dtypeText, path + ".dtype");
        } else if (spec != null) {
            dtype = spec.getDtype();
        } else {
            throw unknownInput(manifest, name, path);
        }
        long[] shape;
        if (node.hasNonNull("shape")) {
            shape = shape(node.get("shape"), path + ".shape");
        } else if (spec != null) {
            shape = concrete(spec.getShape());
        } else {
            throw unknownInput(manifest, name, path);
        }
        long elements = elements(shape, path + ".shape");
        boolean hasData = node.hasNonNull("data");
        boolean hasValues = node.hasNonNull("values");
        if (hasData == hasValues) {
            throw bad(path + " needs exactly one of data (base64 little-endian bytes) or values (numbers)");
        }
        byte[] bytes = hasData ? data(node.get("data"), path + ".data", dtype, shape, elements)
                : values(node.get("values"), path + ".values", dtype, shape, elements);
        return tensor(name, dtype, shape, bytes);
    }

    /** A wire tensor of raw little-endian bytes. */
    public static Tensor tensor(String name, TensorDataType dtype, long[] shape, byte[] bytes) {
        List<Long> dims = new ArrayList<>(shape.length);
        for (long d : shape) {
            dims.add(d);
        }
        return new Tensor(name, dtype, dims, ByteBuffer.wrap(bytes));
    }

    /** Parses a dtype name (case-insensitive: float32, int64, ...). */
    public static TensorDataType dtype(String text, String what) {
        try {
            return TensorDataType.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(what + ": unknown dtype '" + text + "'; use one of " + Arrays.toString(TensorDataType.values()));
        }
    }

    /** Parses a shape written as {@code 1,1,28,28}. */
    public static long[] shape(String text, String what) {
        String[] parts = text.split(",", -1);
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Long.parseLong(parts[i].strip());
            } catch (NumberFormatException e) {
                throw bad(what + " must be comma-separated non-negative integers, e.g. 1,1,28,28; was '" + text + "'");
            }
            if (shape[i] < 0) {
                throw bad(what + " must be comma-separated non-negative integers, e.g. 1,1,28,28; was '" + text + "'");
            }
        }
        return shape;
    }

    /** Number of elements of {@code shape}; a 400 when it overflows. */
    public static long elements(long[] shape, String what) {
        long n = 1;
        try {
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            Math.multiplyExact(n, 8L);
        } catch (ArithmeticException e) {
            throw bad(what + " " + Arrays.toString(shape) + " has too many elements");
        }
        return n;
    }

    /** Shape with dynamic dimensions (negative) as 1: batch 1. */
    public static long[] concrete(List<Long> shape) {
        long[] s = new long[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape.get(i) < 0 ? 1 : shape.get(i);
        }
        return s;
    }

    /** Checks that {@code bytes} fill {@code shape} of {@code dtype} exactly. */
    public static void checkLength(long length, TensorDataType dtype, long[] shape, long elements, String what) {
        long needed = elements * RequestValidator.elementBytes(dtype);
        if (length != needed) {
            throw bad(what + " has " + length + " bytes; shape " + Arrays.toString(shape) + " of " + dtype + " needs " + needed);
        }
    }

    /** Every element of {@code t}, as numbers of its dtype (floats as Float or Double, integers as Integer or Long). */
    public static List<Number> values(Tensor t) {
        int width = RequestValidator.elementBytes(t.getDtype());
        ByteBuffer b = t.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<Number> out = new ArrayList<>(b.remaining() / width);
        while (b.remaining() >= width) {
            out.add(switch (t.getDtype()) {
                case FLOAT32 -> b.getFloat();
                case FLOAT16 -> HalfFloat.toFloat(b.getShort());
                case FLOAT64 -> b.getDouble();
                case INT8 -> (int) b.get();
                case UINT8 -> b.get() & 0xff;
                case BOOL -> b.get() != 0 ? 1 : 0;
                case INT16 -> (int) b.getShort();
                case INT32 -> b.getInt();
                case INT64 -> b.getLong();
            });
        }
        return out;
    }

    private static byte[] data(JsonNode node, String path, TensorDataType dtype, long[] shape, long elements) {
        if (!node.isTextual()) {
            throw bad(path + " must be a base64 string");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(node.textValue().strip());
        } catch (IllegalArgumentException e) {
            throw bad(path + " is not valid base64: " + e.getMessage());
        }
        checkLength(bytes.length, dtype, shape, elements, path);
        return bytes;
    }

    private static byte[] values(JsonNode node, String path, TensorDataType dtype, long[] shape, long elements) {
        if (!node.isArray()) {
            throw bad(path + " must be an array of numbers");
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(node, flat, path, elements);
        if (flat.size() != elements) {
            throw bad(path + " has " + flat.size() + " numbers; shape " + Arrays.toString(shape) + " needs " + elements);
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(elements * RequestValidator.elementBytes(dtype)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < flat.size(); i++) {
            put(b, flat.get(i), dtype, path + "[" + i + "]");
        }
        return b.array();
    }

    private static void flatten(JsonNode node, List<JsonNode> out, String path, long limit) {
        for (JsonNode child : node) {
            if (child.isArray()) {
                flatten(child, out, path, limit);
            } else {
                out.add(child);
            }
            if (out.size() > limit) {
                return;
            }
        }
    }

    private static void put(ByteBuffer b, JsonNode v, TensorDataType dtype, String what) {
        if (dtype == TensorDataType.BOOL && v.isBoolean()) {
            b.put((byte) (v.booleanValue() ? 1 : 0));
            return;
        }
        if (!v.isNumber()) {
            throw bad(what + " must be a number, was " + v);
        }
        switch (dtype) {
            case FLOAT32 -> b.putFloat(v.floatValue());
            case FLOAT64 -> b.putDouble(v.doubleValue());
            case FLOAT16 -> b.putShort(HalfFloat.fromFloat(v.floatValue()));
            case INT8 -> b.put((byte) integer(v, what, dtype, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case UINT8 -> b.put((byte) integer(v, what, dtype, 0, 255));
            case BOOL -> b.put((byte) integer(v, what, dtype, 0, 1));
            case INT16 -> b.putShort((short) integer(v, what, dtype, Short.MIN_VALUE, Short.MAX_VALUE));
            case INT32 -> b.putInt((int) integer(v, what, dtype, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case INT64 -> b.putLong(integer(v, what, dtype, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    private static long integer(JsonNode v, String what, TensorDataType dtype, long min, long max) {
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw bad(what + " must be an integer for " + dtype + ", was " + v);
        }
        long x = v.longValue();
        if (x < min || x > max) {
            throw bad(what + " = " + x + " is out of range for " + dtype + " [" + min + ", " + max + "]");
        }
        return x;
    }

    private static long[] shape(JsonNode node, String path) {
        if (!node.isArray()) {
            throw bad(path + " must be an array of non-negative integers");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw bad(path + " must be an array of non-negative integers, [" + i + "] was " + d);
            }
            shape[i] = d.longValue();
        }
        return shape;
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad(path + "." + field + " must be a string");
        }
        return v.textValue();
    }

    private static TensorSpec spec(ModelManifest manifest, String name) {
        return manifest.getInputs().stream().filter(s -> s.getName().equals(name)).findFirst().orElse(null);
    }

    private static RejectedInputException unknownInput(ModelManifest manifest, String name, String path) {
        return new RejectedInputException(422, path + ": model " + manifest.getModelId() + " has no input '" + name
                + "'; its inputs are " + inputNames(manifest));
    }

    static List<String> inputNames(ModelManifest manifest) {
        return manifest.getInputs().stream().map(TensorSpec::getName).toList();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static RejectedInputException bad(String message) {
        return new RejectedInputException(400, message);
    }
}
