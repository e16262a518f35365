package org.carbonedge.feed.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.feed.live.FakeApiServer.Answer;
import org.carbonedge.feed.read.ReadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UkCarbonIntensityClientTest {
    private FakeApiServer server;
    private UkCarbonIntensityClient client;
    private RecordingSleeper sleeper;

    @BeforeEach
    void start() throws IOException {
        server = new FakeApiServer();
        sleeper = new RecordingSleeper();
        ResilientHttp http = new ResilientHttp(HttpClient.newHttpClient(), RetryPolicy.defaults(), sleeper,
                Duration.ofSeconds(5), Clock.systemUTC());
        client = new UkCarbonIntensityClient(server.base("/"), http);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void nationalCurrentRangeAndForecast() {
        server.on("/intensity", Answer.json("{\"data\":[{\"from\":\"2018-01-20T12:00Z\",\"to\":\"2018-01-20T12:30Z\","
                + "\"intensity\":{\"forecast\":266,\"actual\":263,\"index\":\"moderate\"}}]}"));
        GridIntensity now = client.current().records().get(0);
        assertEquals("GB", now.getZone());
        assertEquals(263.0, now.getGco2PerKwh(), 0);
        assertEquals(IntensityKind.MEASURED, now.getKind());
        assertEquals("neso-api", now.getSource());

        server.on("/intensity/2023-01-01T00:00Z/2023-01-01T01:00Z", Answer.json("{\"data\":["
                + "{\"from\":\"2023-01-01T00:00Z\",\"to\":\"2023-01-01T00:30Z\",\"intensity\":{\"forecast\":73,\"actual\":72,\"index\":\"low\"}},"
                + "{\"from\":\"2023-01-01T00:30Z\",\"to\":\"2023-01-01T01:00Z\",\"intensity\":{\"forecast\":70,\"actual\":null,\"index\":\"low\"}}]}"));
        ReadResult range = client.range(Instant.parse("2023-01-01T00:00:30Z"), Instant.parse("2023-01-01T01:00:00Z"));
        assertEquals(List.of(IntensityKind.MEASURED, IntensityKind.FORECAST),
                range.records().stream().map(GridIntensity::getKind).collect(Collectors.toList()));

        server.on("/intensity/2023-01-01T00:00Z/fw48h", Answer.json("{\"data\":[{\"from\":\"2023-01-01T00:00Z\","
                + "\"to\":\"2023-01-01T00:30Z\",\"intensity\":{\"forecast\":73,\"actual\":null,\"index\":\"low\"}}]}"));
        assertEquals(IntensityKind.FORECAST,
                client.forecast48h(Instant.parse("2023-01-01T00:00:00Z")).records().get(0).getKind());
    }

    @Test
    void regionalEndpoints() {
        server.on("/regional", Answer.json("{\"data\":[{\"from\":\"2018-05-15T11:30Z\",\"to\":\"2018-05-15T12:00Z\","
                + "\"regions\":[{\"regionid\":1,\"dnoregion\":\"Scottish Hydro Electric Power Distribution\","
                + "\"shortname\":\"North Scotland\",\"intensity\":{\"forecast\":0,\"index\":\"very low\"},"
                + "\"generationmix\":[{\"fuel\":\"wind\",\"perc\":90}]},{\"regionid\":13,\"dnoregion\":\"UKPN London\","
                + "\"shortname\":\"London\",\"intensity\":{\"forecast\":181,\"index\":\"moderate\"},\"generationmix\":[]}]}]}"));
        assertEquals(2, client.regional().records().size());
        server.on("/regional/regionid/13", Answer.json("{\"data\":[{\"regionid\":13,\"dnoregion\":\"UKPN London\","
                + "\"shortname\":\"London\",\"data\":[{\"from\":\"2018-05-15T11:30Z\",\"to\":\"2018-05-15T12:00Z\","
                + "\"intensity\":{\"forecast\":181,\"index\":\"moderate\"},\"generationmix\":[]}]}]}"));
        GridIntensity london = client.region(13).records().get(0);
        assertEquals("GB-REGION-13", london.getZone());
        assertEquals(IntensityKind.FORECAST, london.getKind());
        server.on("/regional/intensity/2018-05-15T11:30Z/2018-05-15T12:30Z/regionid/13", Answer.json(
                "{\"data\":{\"regionid\":13,\"dnoregion\":\"UKPN London\",\"shortname\":\"London\",\"data\":["
                + "{\"from\":\"2018-05-15T11:30Z\",\"to\":\"2018-05-15T12:00Z\",\"intensity\":{\"forecast\":181,\"index\":\"moderate\"}},"
                + "{\"from\":\"2018-05-15T12:00Z\",\"to\":\"2018-05-15T12:30Z\",\"intensity\":{\"forecast\":170,\"index\":\"moderate\"}}]}}"));
        assertEquals(2, client.regionRange(13, Instant.parse("2018-05-15T11:30:00Z"),
                Instant.parse("2018-05-15T12:30:00Z")).records().size());
    }

    @Test
    void apiErrorBodyAndRateLimit() {
        server.on("/intensity", Answer.status(429, "").withHeader("Retry-After", "1"),
                Answer.json("{\"error\":{\"code\":\"400 Bad Request\",\"message\":\"Please enter a valid date.\"}}"));
        org.carbonedge.feed.FeedException e = assertThrows(org.carbonedge.feed.FeedException.class,
                () -> client.current());
        assertEquals(server.base("/intensity") + ": Carbon Intensity API error 400 Bad Request: Please enter a valid date.",
                e.getMessage());
        assertEquals(List.of(Duration.ofSeconds(1)), sleeper.waits());
    }
}
