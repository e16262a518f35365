package org.carbonedge.ingest.gateway;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The gateway's one JSON mapper: strict reading (duplicate keys and trailing content are errors, not silently
 * resolved) and a syntax error reported with its line and column.
 */
public final class GatewayJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GatewayJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses {@code body}; malformed JSON is a 400 whose message starts with {@code source:line:column:}.
     *
     * @param source what to call the input in messages (e.g. "body" or a file name)
     */
    public static JsonNode read(byte[] body, String source) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new RejectedInputException(400, source + ": empty, expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new RejectedInputException(400, where + ": malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RejectedInputException(400, source + ": unreadable: " + e.getMessage());
        }
    }
}
