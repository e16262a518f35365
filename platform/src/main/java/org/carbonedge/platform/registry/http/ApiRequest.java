package org.carbonedge.platform.registry.http;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonedge.platform.registry.core.RegistryException;

/**
 * A routed request as handlers see it: decoded path parameters, query parameters and the raw body, with
 * helpers that turn bad input into Confluent-style errors rather than exceptions.
 */
public record ApiRequest(String method, Map<String, String> pathParams, Map<String, String> query, byte[] body,
                         ObjectMapper mapper) {

    /** A decoded path parameter named in the route template. */
    public String path(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    /** A boolean query flag such as {@code ?permanent=true}; absent or anything but "true" is false. */
    public boolean flag(String name) {
        String v = query.get(name);
        return v != null && v.trim().toLowerCase(Locale.ROOT).equals("true");
    }

    /**
     * Reads the JSON body.
     *
     * @throws RegistryException 422 when the body is missing, 400 when it is not valid JSON of the expected shape
     */
    public <T> T body(Class<T> type) {
        if (body.length == 0) {
            throw new RegistryException(422, 422, "Request body is missing: a JSON object is required");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw new RegistryException(422, 422, "Request body is null: a JSON object is required");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new RegistryException(400, 400, "Unrecognized request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RegistryException(400, 400, "Unreadable request body: " + e.getMessage());
        }
    }

    /** A path parameter that must be an integer; otherwise the route does not exist (404, as in Confluent). */
    public int intPath(String name) {
        try {
            return Integer.parseInt(path(name).trim());
        } catch (NumberFormatException e) {
            throw HttpErrors.notFound();
        }
    }
}
