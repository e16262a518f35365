package org.carbonedge.platform.registry.http;

import org.carbonedge.platform.registry.core.RegistryException;

/** Transport-level refusals with the bodies Confluent's Jersey stack produces. */
final class HttpErrors {

    private HttpErrors() {
    }

    static RegistryException notFound() {
        return new RegistryException(404, 404, "HTTP 404 Not Found");
    }

    static RegistryException methodNotAllowed() {
        return new RegistryException(405, 405, "HTTP 405 Method Not Allowed");
    }

    static RegistryException unsupportedMediaType(String contentType) {
        return new RegistryException(415, 415, "HTTP 415 Unsupported Media Type: " + contentType
                + " (use application/vnd.schemaregistry.v1+json or application/json)");
    }
}
