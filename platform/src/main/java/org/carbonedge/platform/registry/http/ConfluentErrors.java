package org.carbonedge.platform.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonedge.common.http.ErrorFormat;
import org.carbonedge.platform.registry.api.ErrorMessage;

/**
 * The listener's own refusals (body over 1 MiB, body too slow, missing credentials, malformed request) in
 * Confluent's error shape, {@code {"error_code":413,"message":"..."}}, the HTTP status doubling as error code as
 * Confluent's Jersey stack does for transport errors.
 */
public final class ConfluentErrors implements ErrorFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String contentType() {
        return RegistryHttpHandler.CONTENT_TYPE;
    }

    @Override
    public byte[] body(int status, String message) {
        try {
            return MAPPER.writeValueAsBytes(new ErrorMessage(status, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an error message", e);
        }
    }
}
