package org.carbonedge.ledger;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapper of the ledger (state store values, HTTP answers, forwarded queries): instants as ISO-8601
 * UTC strings, and undefined figures (NaN, e.g. inferences per gram with no emissions) as {@code null}, because
 * JSON has no NaN.
 */
public final class LedgerJson {

    private static final ObjectMapper MAPPER = create();

    private LedgerJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        SimpleModule finite = new SimpleModule("finite-doubles");
        JsonSerializer<Double> nanAsNull = new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                if (value == null || value.isNaN() || value.isInfinite()) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(value);
                }
            }
        };
        finite.addSerializer(Double.class, nanAsNull);
        finite.addSerializer(double.class, nanAsNull);
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(finite)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
