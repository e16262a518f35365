package org.carbonedge.platform.registry.http;

/**
 * What a handler answers: a status and either an object rendered as JSON or a JSON text sent as it is (the
 * raw schema endpoints return the stored schema itself).
 */
public record ApiReply(int status, Object body, String rawJson) {

    public static ApiReply ok(Object body) {
        return new ApiReply(200, body, null);
    }

    public static ApiReply raw(String json) {
        return new ApiReply(200, null, json);
    }
}
