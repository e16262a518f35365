package org.carbonedge.feed.sdkapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answer in the SDK Web API's shape, ASP.NET's {@code ValidationProblemDetails}: {@code type}, {@code title},
 * {@code status}, {@code detail} and {@code errors} (parameter name to messages). The SDK words its own refusals
 * with the .NET exception's name as title ({@code ArgumentException}, detail {@code Invalid parameters}) and
 * malformed query values as ASP.NET's model binding does ({@code One or more validation errors occurred.}); so do we,
 * so clients that look at the title or at {@code errors} keep working.
 */
public final class SdkProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** ASP.NET's {@code type} for a 400 from model binding. */
    public static final String BAD_REQUEST_TYPE = "https://tools.ietf.org/html/rfc7231#section-6.5.1";

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final transient Map<String, List<String>> errors;

    public SdkProblem(int status, String type, String title, String detail, Map<String, List<String>> errors) {
        super(title + (detail == null ? "" : ": " + detail), null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.errors = errors == null ? Map.of() : new LinkedHashMap<>(errors);
    }

    /** The SDK's answer to parameters its handlers refuse: 400, {@code ArgumentException}, errors per parameter. */
    public static SdkProblem invalidParameters(Map<String, List<String>> errors) {
        return new SdkProblem(400, null, "ArgumentException", "Invalid parameters", errors);
    }

    /** 400 {@code ArgumentException} with a detail and no per-parameter errors (e.g. an unknown location). */
    public static SdkProblem argument(String detail) {
        return new SdkProblem(400, null, "ArgumentException", detail, Map.of());
    }

    /** 400 {@code InvalidOperationException}: the data cannot answer the question (e.g. a gap in the series). */
    public static SdkProblem invalidOperation(String detail) {
        return new SdkProblem(400, null, "InvalidOperationException", detail, Map.of());
    }

    /** ASP.NET's model-binding 400: a query value that does not parse, keyed by the parameter. */
    public static SdkProblem binding(String parameter, String message) {
        return new SdkProblem(400, BAD_REQUEST_TYPE, "One or more validation errors occurred.", null,
                Map.of(parameter, List.of(message)));
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public Map<String, List<String>> errors() {
        return errors;
    }
}
