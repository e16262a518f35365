package org.carbonedge.feed.sdkapi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.carbonedge.feed.sdkapi.SdkQueries.Average;
import org.carbonedge.feed.sdkapi.SdkQueries.Emissions;
import org.carbonedge.feed.sdkapi.SdkQueries.Forecast;

/**
 * The SDK Web API's JSON, field for field: {@code EmissionsData} ({@code location, time, rating, duration} with the
 * duration as a .NET TimeSpan, {@code "01:00:00"}), {@code EmissionsDataDTO} inside forecasts ({@code location,
 * timestamp, duration} in whole minutes{@code , value}), {@code EmissionsForecastDTO}, {@code CarbonIntensityDTO} and
 * the {@code ValidationProblemDetails} error. Times are RFC 3339 in UTC.
 */
public final class SdkJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private SdkJson() {
    }

    /** An array of EmissionsData. */
    public static ArrayNode emissionsData(List<Emissions> list) {
        ArrayNode out = MAPPER.createArrayNode();
        for (Emissions e : list) {
            ObjectNode o = out.addObject();
            o.put("location", e.location());
            o.put("time", time(e.time()));
            o.put("rating", e.rating());
            o.put("duration", timeSpan(e.duration()));
        }
        return out;
    }

    /** An array of EmissionsForecastDTO. */
    public static ArrayNode forecasts(List<Forecast> list) {
        ArrayNode out = MAPPER.createArrayNode();
        for (Forecast f : list) {
            ObjectNode o = out.addObject();
            o.put("generatedAt", time(f.generatedAt()));
            o.put("requestedAt", time(f.requestedAt()));
            o.put("location", f.location());
            o.put("dataStartAt", time(f.dataStartAt()));
            o.put("dataEndAt", time(f.dataEndAt()));
            o.put("windowSize", f.windowSize());
            o.set("optimalDataPoints", dataDtos(f.optimalDataPoints()));
            o.set("forecastData", dataDtos(f.forecastData()));
        }
        return out;
    }

    private static ArrayNode dataDtos(List<Emissions> list) {
        ArrayNode out = MAPPER.createArrayNode();
        for (Emissions e : list) {
            ObjectNode o = out.addObject();
            o.put("location", e.location());
            o.put("timestamp", time(e.time()));
            o.put("duration", (int) Math.min(Integer.MAX_VALUE, e.duration().toMinutes()));
            o.put("value", e.rating());
        }
        return out;
    }

    /** One CarbonIntensityDTO. */
    public static ObjectNode average(Average a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("location", a.location());
        o.put("startTime", time(a.startTime()));
        o.put("endTime", time(a.endTime()));
        o.put("carbonIntensity", a.carbonIntensity());
        return o;
    }

    /** A ValidationProblemDetails; {@code type} and {@code detail} only when set, {@code errors} always. */
    public static ObjectNode problem(SdkProblem p) {
        ObjectNode o = MAPPER.createObjectNode();
        if (p.type() != null) {
            o.put("type", p.type());
        }
        o.put("title", p.title());
        o.put("status", p.status());
        if (p.detail() != null) {
            o.put("detail", p.detail());
        }
        ObjectNode errors = o.putObject("errors");
        for (Map.Entry<String, List<String>> e : p.errors().entrySet()) {
            ArrayNode messages = errors.putArray(e.getKey());
            e.getValue().forEach(messages::add);
        }
        return o;
    }

    /**
     * The listener's own refusals (a request line or headers over its limit, a malformed request, a body) in the
     * same ValidationProblemDetails shape, so a client sees one error format whoever refused.
     */
    public static org.carbonedge.common.http.ErrorFormat errorFormat() {
        return new org.carbonedge.common.http.ErrorFormat() {
            @Override
            public String contentType() {
                return "application/problem+json; charset=utf-8";
            }

            @Override
            public byte[] body(int status, String message) {
                try {
                    return MAPPER.writeValueAsBytes(problem(new SdkProblem(status, null, reason(status), message,
                            Map.of())));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            default -> "Error";
        };
    }

    static String time(Instant t) {
        return t.toString();
    }

    /** A .NET TimeSpan as System.Text.Json writes it: {@code [d.]hh:mm:ss[.fffffff]}. */
    static String timeSpan(Duration d) {
        long seconds = d.getSeconds();
        long days = seconds / 86_400;
        String s = String.format("%02d:%02d:%02d", (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60);
        if (d.getNano() != 0) {
            s += String.format(".%07d", d.getNano() / 100);
        }
        return days > 0 ? days + "." + s : s;
    }
}
