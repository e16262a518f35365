package org.carbonedge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.ledger.query.RemoteLedger;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ledger instances sharing a bearer token over a real broker: every route needs the token, the instances
 * forward to each other with it, the first binds loopback (the default) and the second every interface while
 * advertising loopback ({@code --bind}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerHardeningTest {

    private static final String TOKEN = "ledger-Sh4red-token";
    private static final int RECORDS = 20;

    @TempDir
    static Path dir;

    private EmbeddedPlatform platform;
    private EmissionsLedger a;
    private EmissionsLedger b;

    @BeforeAll
    void start() throws Exception {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
        Topic<EmissionRecord> emissions = platform.catalog().topic(Topics.EMISSIONS);
        try (var producer = new KafkaProducer<>(platform.settings().producer("test"),
                emissions.keySerde().serializer(), emissions.valueSerde().serializer())) {
            for (EmissionRecord r : Workload.records(RECORDS, 3)) {
                producer.send(new ProducerRecord<>(emissions.name(), r.getRequestId(), r));
            }
            producer.flush();
        }
        LedgerOptions options = new LedgerOptions("ledger-guarded", dir.resolve("state-a"), "127.0.0.1", 0)
                .withBearerToken(TOKEN);
        a = new EmissionsLedger(platform.settings(), platform.catalog(), options);
        a.start();
        b = new EmissionsLedger(platform.settings(), platform.catalog(),
                new LedgerOptions("ledger-guarded", dir.resolve("state-b"), "127.0.0.1", 0)
                        .withBearerToken(TOKEN).withBindHost("0.0.0.0"));
        b.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> owners(a).size() == 2 && owners(b).size() == 2);
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyRouteNeedsTheToken() {
        for (String path : List.of("/v1/totals", "/v1/totals/all", "/v1/export/sci", "/metrics", "/nothing")) {
            HttpResponse<String> refused = LedgerHttp.get(a.url(), path, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(refused.body()).contains("\"status\":401").doesNotContain(TOKEN);
            assertThat(LedgerHttp.getWithToken(a.url(), path, "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(LedgerHttp.getWithToken(a.url(), "/v1/export/sci", TOKEN).statusCode()).isEqualTo(200);
        assertThat(LedgerHttp.getWithToken(b.url(), "/metrics", TOKEN).statusCode()).isEqualTo(200);
        assertThat(LedgerHttp.getWithToken(a.url(), "/nothing", TOKEN).statusCode()).isEqualTo(404);
        assertThat(new LedgerOptions("x", dir, "127.0.0.1", 0).withBearerToken(TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void instancesForwardToEachOtherWithTheToken() throws Exception {
        HttpResponse<String> all = LedgerHttp.getWithToken(a.url(), "/v1/totals/all", TOKEN);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(LedgerJson.mapper().readTree(all.body()).get("inferences").asLong()).isEqualTo(RECORDS);
        assertThat(owners(a)).hasSize(2);
    }

    @Test
    void bindsLoopbackByDefaultAndTheBindAddressWhenGiven() {
        assertThat(a.boundAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(b.boundAddress().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(b.url()).as("advertised, not bound").startsWith("http://127.0.0.1:");
    }

    /** Instances that served the keys listed through {@code via}; empty until everything answers. */
    private static Set<String> owners(EmissionsLedger via) throws Exception {
        HttpResponse<String> list = LedgerHttp.getWithToken(via.url(), "/v1/totals", TOKEN);
        if (list.statusCode() != 200) {
            return Set.of();
        }
        Set<String> owners = new HashSet<>();
        for (JsonNode t : LedgerJson.mapper().readTree(list.body()).get("totals")) {
            String key = t.get("key").asText();
            HttpResponse<String> one = LedgerHttp.getWithToken(via.url(), "/v1/totals/" + key, TOKEN);
            if (one.statusCode() != 200) {
                return Set.of();
            }
            owners.add(one.headers().firstValue(RemoteLedger.SERVED_BY).orElseThrow());
        }
        return owners;
    }
}
