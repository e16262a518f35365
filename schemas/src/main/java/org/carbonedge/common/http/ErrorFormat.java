package org.carbonedge.common.http;

/**
 * How a listener words the refusals it makes itself, before any application handler runs (body over the limit,
 * a malformed request line, missing credentials), so clients see the same error shape as the API's own errors:
 * Confluent's {@code {"error_code":..,"message":..}} for the registry, {@code {"status":..,"error":..}} for the
 * gateway and the ledger.
 */
public interface ErrorFormat {

    /** Media type of {@link #body}. */
    String contentType();

    /** The error document for {@code status} with a human-readable {@code message}. */
    byte[] body(int status, String message);

    /** {@code {"status":N,"error":"message"}}, the gateway's and the ledger's error shape. */
    static ErrorFormat statusAndError() {
        return new ErrorFormat() {
            @Override
            public String contentType() {
                return "application/json";
            }

            @Override
            public byte[] body(int status, String message) {
                return ("{\"status\":" + status + ",\"error\":" + Json.quote(message) + "}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        };
    }
}
