package org.carbonedge.common.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * A request answered without reading its body (refused, unknown route, too large) must not leave its connection
 * looking reusable: the answer is committed before Jetty finds the body unread and closes the connection, so a
 * client that sends its next request on it (Java's HttpClient pools connections) gets no answer at all. Saying
 * {@code Connection: close} in the answer makes the client open a new one.
 */
final class UnreadBody {

    private UnreadBody() {
    }

    /** Marks the answer {@code Connection: close} when the request has, or may have, a body. */
    static void closeConnectionIfAny(Request request, Response response) {
        if (request.getLength() != 0) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
    }
}
