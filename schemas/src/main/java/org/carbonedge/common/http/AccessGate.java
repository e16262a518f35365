package org.carbonedge.common.http;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Applies an {@link AccessCheck} before anything else runs: a refused request is answered at once (401 with the
 * challenge, in the API's error shape) and its body is never read.
 */
final class AccessGate extends Handler.Wrapper {

    private final AccessCheck check;
    private final ErrorFormat errors;

    AccessGate(AccessCheck check, ErrorFormat errors, Handler next) {
        super(next);
        this.check = check;
        this.errors = errors;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        AccessCheck.Refusal refusal = check.check(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (refusal == null) {
            return super.handle(request, response, callback);
        }
        UnreadBody.closeConnectionIfAny(request, response);
        response.setStatus(refusal.status());
        if (refusal.challenge() != null) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, refusal.challenge());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, errors.contentType());
        response.write(true, ByteBuffer.wrap(errors.body(refusal.status(), refusal.message())), callback);
        return true;
    }
}
