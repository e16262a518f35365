package org.carbonedge.common.http;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a body over the limit, a malformed request, a header block too large) in the API's
 * error shape ({@link ErrorFormat}) instead of Jetty's HTML page, with no stack traces or server details.
 */
final class ErrorPages extends ErrorHandler {

    private final ErrorFormat errors;

    ErrorPages(ErrorFormat errors) {
        this.errors = errors;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object attribute = request.getAttribute(ERROR_STATUS);
        int status = attribute instanceof Integer i ? i : response.getStatus();
        Object message = request.getAttribute(ERROR_MESSAGE);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, errors.contentType());
        response.write(true, ByteBuffer.wrap(errors.body(status, text(status, message))), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, errors.contentType());
        return ByteBuffer.wrap(errors.body(status, text(status, reason)));
    }

    private static String text(int status, Object message) {
        String reason = HttpStatus.getMessage(status);
        return message == null || message.toString().isBlank() ? reason : message.toString();
    }
}
