package org.carbonedge.feed.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.live.FakeApiServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WattTimeClientTest {
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("ada:pw".getBytes(StandardCharsets.UTF_8));
    private static final String FORECAST = "{\"data\":[{\"point_time\":\"2024-05-21T10:05:00+00:00\",\"value\":900.0},"
            + "{\"point_time\":\"2024-05-21T10:10:00+00:00\",\"value\":910.0}],\"meta\":{\"data_point_period_seconds\":300,"
            + "\"region\":\"CAISO_NORTH\",\"signal_type\":\"co2_moer\",\"units\":\"lbs_co2_per_mwh\","
            + "\"generated_at\":\"2024-05-21T10:00:00+00:00\",\"generated_at_period_seconds\":300,\"model\":{\"date\":\"2023-03-01\"}}}";
    private static final String HISTORICAL = "{\"data\":[{\"point_time\":\"2024-05-20T00:00:00+00:00\",\"value\":700.0}],"
            + "\"meta\":{\"data_point_period_seconds\":300,\"region\":\"CAISO_NORTH\",\"signal_type\":\"co2_aoer\","
            + "\"units\":\"lbs_co2_per_mwh\",\"model\":{\"date\":\"2023-03-01\"}}}";

    private FakeApiServer server;
    private final AtomicInteger logins = new AtomicInteger();
    private volatile String validToken = "tok-1";
    private MutableClock clock;

    /** A clock the test can move. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = new FakeApiServer();
        clock = new MutableClock(Instant.parse("2024-05-21T10:00:00Z"));
        server.on("/login", request -> {
            if (!BASIC.equals(request.header("Authorization"))) {
                return Answer.status(403, "{\"error\":\"invalid credentials\"}");
            }
            logins.incrementAndGet();
            return Answer.json("{\"token\":\"" + validToken + "\"}");
        });
        server.on("/v3/forecast", request -> ("Bearer " + validToken).equals(request.header("Authorization"))
                ? Answer.json(FORECAST) : Answer.status(401, "{\"error\":\"token expired\"}"));
        server.on("/v3/historical", request -> ("Bearer " + validToken).equals(request.header("Authorization"))
                ? Answer.json(HISTORICAL) : Answer.status(401, "{\"error\":\"token expired\"}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WattTimeClient client(String password) {
        ResilientHttp http = new ResilientHttp(HttpClient.newHttpClient(), RetryPolicy.defaults(),
                new RecordingSleeper(), Duration.ofSeconds(5), clock);
        return new WattTimeClient(server.base("/"), "ada", password, http, clock);
    }

    @Test
    void logsInOnceAndReadsForecastsAsMarginalGramsPerKwh() {
        WattTimeClient client = client("pw");
        GridIntensity first = client.forecast("CAISO_NORTH", WattTimeSignal.CO2_MOER, 1).records().get(0);
        assertEquals(900 * 0.45359237, first.getGco2PerKwh(), 1e-9);
        assertEquals(SignalType.MARGINAL, first.getSignal());
        assertEquals(IntensityKind.FORECAST, first.getKind());
        assertEquals(Instant.parse("2024-05-21T10:00:00Z"), first.getPublishedAt());
        assertEquals("watttime-api", first.getSource());
        String query = server.requests().stream().filter(r -> r.path().equals("/v3/forecast")).findFirst()
                .orElseThrow().query();
        assertEquals("region=CAISO_NORTH&signal_type=co2_moer&horizon_hours=1", query);

        GridIntensity aoer = client.historical("CAISO_NORTH", WattTimeSignal.CO2_AOER,
                Instant.parse("2024-05-20T00:00:00Z"), Instant.parse("2024-05-20T01:00:00Z")).records().get(0);
        assertEquals(SignalType.AVERAGE, aoer.getSignal());
        assertEquals(IntensityKind.MEASURED, aoer.getKind());
        assertEquals(1, logins.get(), "the token is reused");
    }

    @Test
    void tokenIsRenewedBeforeExpiryAndAfterA401() {
        WattTimeClient client = client("pw");
        client.forecast("CAISO_NORTH", WattTimeSignal.CO2_MOER, 1);
        clock.advance(Duration.ofMinutes(29));
        client.forecast("CAISO_NORTH", WattTimeSignal.CO2_MOER, 1);
        assertEquals(2, logins.get(), "renewed shortly before the 30-minute lifetime ends");

        validToken = "tok-2"; // the server revokes tok-1 early
        assertEquals(2, client.forecast("CAISO_NORTH", WattTimeSignal.CO2_MOER, 1).records().size());
        assertEquals(3, logins.get(), "one re-login after the 401");
    }

    @Test
    void wrongPasswordIsAClearError() {
        LiveSourceException e = assertThrows(LiveSourceException.class,
                () -> client("nope").forecast("CAISO_NORTH", WattTimeSignal.CO2_MOER, 1));
        assertEquals(403, e.status());
        assertEquals("WattTime: 403 Forbidden from " + server.base("/login") + " — WattTime login refused: check the "
                + "username and password (server said: {\"error\":\"invalid credentials\"})", e.getMessage());
        assertTrue(!e.getMessage().contains("nope"));
    }
}
