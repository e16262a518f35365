package org.carbonedge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TransferEmission;
import org.carbonedge.ledger.export.CodeCarbonCsv;
import org.carbonedge.ledger.export.SciReport;
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
 * Two ledger instances (one application id, own state dirs and HTTP ports) over a real broker and registry:
 * hand-made and generated emission records go in, HTTP answers must be their sums; bad records are dead-lettered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmissionsLedgerTest {

    private static final double EPS = 1e-9;
    private static final Duration WAIT = Duration.ofSeconds(120);   // two instances rebalancing on a loaded 2-core CI machine

    @TempDir
    static Path dir;

    private EmbeddedPlatform platform;
    private EmissionsLedger a;
    private EmissionsLedger b;
    private final List<EmissionRecord> records = new ArrayList<>();
    private RecordMetadata garbage;
    private RecordMetadata inconsistent;

    @BeforeAll
    void start() throws Exception {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
        records.addAll(List.of(Emissions.twoDeviceOk(), Emissions.oneDeviceFailed(), Emissions.rejected()));
        records.addAll(Workload.records(40, 7));
        Topic<EmissionRecord> emissions = platform.catalog().topic(Topics.EMISSIONS);
        try (var producer = new KafkaProducer<>(platform.settings().producer("test"),
                emissions.keySerde().serializer(), emissions.valueSerde().serializer());
             var raw = new KafkaProducer<>(platform.settings().producer("raw"), new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (EmissionRecord r : records.subList(0, 20)) {
                sent.add(producer.send(new ProducerRecord<>(emissions.name(), r.getRequestId(), r)));
            }
            garbage = raw.send(new ProducerRecord<>(emissions.name(), "garbage", new byte[]{7, 7, 7})).get();
            EmissionRecord nan = EmissionRecord.newBuilder(Emissions.twoDeviceOk()).setRequestId("nan")
                    .setEnergyJoules(Double.NaN).build();
            inconsistent = producer.send(new ProducerRecord<>(emissions.name(), "nan", nan)).get();
            for (EmissionRecord r : records.subList(20, records.size())) {
                sent.add(producer.send(new ProducerRecord<>(emissions.name(), r.getRequestId(), r)));
            }
            for (var f : sent) {
                f.get(); // a record the broker refused fails here, not as a count that never adds up
            }
        }
        a = new EmissionsLedger(platform.settings(), platform.catalog(),
                new LedgerOptions("ledger-test", dir.resolve("state-a"), "127.0.0.1", 0, List.of("tenant")));
        a.start();
        b = new EmissionsLedger(platform.settings(), platform.catalog(),
                new LedgerOptions("ledger-test", dir.resolve("state-b"), "127.0.0.1", 0, List.of("tenant")));
        b.start();
        // every record counted, and the keys spread over both instances
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> all = LedgerHttp.get(a.url(), "/v1/totals/all", null); // 404/503 until ready
            return all.statusCode() == 200 && json(all).get("inferences").asLong() == records.size()
                    && ownersOf(a).size() == 2;
        });
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
    void totalsOverHttpAreTheSumsOfTheRecords() {
        Map<String, Expected> expected = expected();
        JsonNode list = json(LedgerHttp.get(b.url(), "/v1/totals", null));
        assertThat(list.get("count").asInt()).isEqualTo(expected.size());
        Set<String> keys = new TreeSet<>();
        list.get("totals").forEach(t -> keys.add(t.get("key").asText()));
        assertThat(keys).isEqualTo(expected.keySet());
        for (JsonNode t : list.get("totals")) {
            expected.get(t.get("key").asText()).check(t);
        }
        JsonNode zones = json(LedgerHttp.get(a.url(), "/v1/totals", "dimension=zone"));
        assertThat(zones.get("totals")).extracting(t -> t.get("key").asText())
                .containsExactly("zone:DE", "zone:FR", "zone:SE");
        double zoneGrams = 0;
        for (JsonNode z : zones.get("totals")) {
            zoneGrams += z.get("totalGco2").asDouble();
        }
        assertThat(zoneGrams).isCloseTo(expected.get("all").totalGco2, within(EPS));
    }

    @Test
    void eitherInstanceAnswersForEveryKeyForwardingToItsOwner() {
        Map<String, Expected> expected = expected();
        Set<String> servedByOther = new HashSet<>();
        for (String key : expected.keySet()) {
            for (EmissionsLedger asked : List.of(a, b)) {
                HttpResponse<String> response = LedgerHttp.get(asked.url(), "/v1/totals/" + key, null);
                assertThat(response.statusCode()).as("GET %s at %s: %s", key, asked.url(), response.body()).isEqualTo(200);
                expected.get(key).check(json(response));
                String servedBy = response.headers().firstValue(RemoteLedger.SERVED_BY).orElseThrow();
                if (!asked.url().endsWith(servedBy)) {
                    servedByOther.add(asked == a ? "a" : "b");
                }
            }
        }
        assertThat(servedByOther).as("each instance forwarded some keys to the other").containsExactlyInAnyOrder("a", "b");
        assertThat(ownersOf(a)).containsExactlyInAnyOrder(hostPort(a), hostPort(b));
    }

    @Test
    void emissionsCsvHasCodeCarbonsHeaderAndOneRowPerKey() {
        Map<String, Expected> expected = expected();
        HttpResponse<String> response = LedgerHttp.get(a.url(), "/v1/export/emissions.csv", null);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        List<List<String>> rows = LedgerHttp.parseCsv(response.body());
        assertThat(rows.get(0)).isEqualTo(CodeCarbonCsv.HEADER);
        assertThat(rows).hasSize(expected.size() + 1);
        Map<String, List<String>> byKey = new HashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertThat(row).hasSize(31);
            byKey.put(row.get(2), row);
        }
        assertThat(byKey.keySet()).isEqualTo(expected.keySet());
        String custom = "policy:" + Workload.POLICIES[3];
        assertThat(Double.parseDouble(byKey.get(custom).get(4))).isCloseTo(expected.get(custom).totalGco2 / 1000, within(EPS));
        List<String> all = byKey.get("all");
        assertThat(Double.parseDouble(all.get(4))).isCloseTo(expected.get("all").totalGco2 / 1000, within(EPS)); // kg
        assertThat(Double.parseDouble(all.get(12))).isCloseTo(expected.get("all").energyJoules / 3.6e6, within(EPS)); // kWh
        assertThat(byKey.get("zone:SE").subList(13, 16)).containsExactly("Sweden", "SWE", "SE");

        List<List<String>> hours = LedgerHttp.parseCsv(
                LedgerHttp.get(b.url(), "/v1/export/emissions.csv", "dimension=hour").body());
        assertThat(hours.subList(1, hours.size())).extracting(r -> r.get(2)).containsExactly(
                "hour:2026-11-26T22:00Z", "hour:2026-11-26T23:00Z", "hour:2026-11-27T00:00Z", "hour:2026-11-27T01:00Z");
        double kg = 0;
        for (List<String> hour : hours.subList(1, hours.size())) {
            kg += Double.parseDouble(hour.get(4));
        }
        assertThat(kg).isCloseTo(expected.get("all").totalGco2 / 1000, within(EPS));
    }

    @Test
    void sciReportRecomputedByHand() {
        Map<String, double[]> byPolicy = new HashMap<>(); // grams, OK inferences, facility joules, embodied grams
        for (EmissionRecord r : records) {
            double[] s = byPolicy.computeIfAbsent(r.getPolicy(), p -> new double[4]);
            s[0] += r.getTotalGco2();
            s[1] += r.getStatus() == InferenceStatus.OK ? 1 : 0;
            double transferJoules = r.getTransfers().stream().mapToDouble(TransferEmission::getEnergyJoules).sum();
            s[2] += (r.getEnergyJoules() - transferJoules) * r.getPue() + transferJoules;
            s[3] += r.getEmbodiedGco2();
        }
        JsonNode report = json(LedgerHttp.get(b.url(), "/v1/export/sci", null));
        assertThat(report.get("formula").asText()).isEqualTo("SCI = (E*I + M) / R");
        int policies = 0;
        for (JsonNode row : report.get("rows")) {
            if (!row.get("dimension").asText().equals("policy")) {
                continue;
            }
            policies++;
            double[] s = byPolicy.get(row.get("policy").asText());
            double e = s[2] / 3.6e6;
            assertThat(row.get("inferences").asLong()).isEqualTo((long) s[1]);
            assertThat(row.get("energyKwh").asDouble()).isCloseTo(e, within(1e-15));
            assertThat(row.get("embodiedGco2").asDouble()).isCloseTo(s[3], within(EPS));
            double sci = (row.get("energyKwh").asDouble() * row.get("gco2PerKwh").asDouble() + s[3]) / s[1];
            assertThat(sci).isCloseTo(s[0] / s[1], within(EPS));
            assertThat(row.get("sciGco2PerInference").asDouble()).isCloseTo(s[0] / s[1], within(EPS));
        }
        assertThat(policies).isEqualTo(4);

        List<List<String>> csv = LedgerHttp.parseCsv(LedgerHttp.get(a.url(), "/v1/export/sci", "format=csv").body());
        assertThat(csv.get(0)).isEqualTo(SciReport.CSV_HEADER);
        assertThat(csv).hasSize(report.get("rows").size() + 1);
    }

    @Test
    void undecodableAndInconsistentRecordsAreDeadLetteredAndNotCounted() {
        Topic<DeadLetter> dlq = platform.catalog().topic(Topics.DEAD_LETTER);
        List<DeadLetter> letters = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(platform.settings().consumer("dlq-check"),
                dlq.keySerde().deserializer(), dlq.valueSerde().deserializer())) {
            consumer.subscribe(List.of(dlq.name()));
            Awaitility.await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> letters.add(r.value()));
                return letters.size() >= 2;
            });
        }
        assertThat(letters).hasSize(2).allSatisfy(l -> {
            assertThat(l.getSourceTopic()).isEqualTo(Topics.EMISSIONS.name());
            assertThat(l.getService()).isEqualTo("ledger-test");
        });
        DeadLetter undecodable = letters.stream().filter(l -> l.getSourceOffset() == garbage.offset()
                && l.getSourcePartition() == garbage.partition()).findFirst().orElseThrow();
        assertThat(undecodable.getReason()).startsWith("undecodable record");
        DeadLetter nan = letters.stream().filter(l -> l.getSourceOffset() == inconsistent.offset()
                && l.getSourcePartition() == inconsistent.partition()).findFirst().orElseThrow();
        assertThat(nan.getReason()).isEqualTo("emission record nan: energyJoules NaN is not a finite number >= 0");
        assertThat(nan.getValue()).isNotNull();

        JsonNode all = json(LedgerHttp.get(a.url(), "/v1/totals/all", null));
        assertThat(all.get("inferences").asLong()).isEqualTo(records.size());
        assertThat(all.get("energyJoules").isNumber()).isTrue(); // not NaN, not null
    }

    @Test
    void badRequestsGetClearJsonErrors() {
        assertError(LedgerHttp.get(a.url(), "/v1/totals", "dimension=planet"), 400, "unknown dimension 'planet'");
        assertError(LedgerHttp.get(a.url(), "/v1/totals", "zone=DE"), 400, "unknown query parameter 'zone'");
        assertError(LedgerHttp.get(a.url(), "/v1/totals/zone:XX", null), 404, "no totals for key 'zone:XX'");
        assertError(LedgerHttp.get(b.url(), "/v1/totals/planet:earth", null), 400, "unknown dimension 'planet'");
        assertError(LedgerHttp.get(a.url(), "/v1/export/sci", "format=xml"), 400, "unknown format 'xml'");
        assertError(LedgerHttp.get(a.url(), "/v2/anything", null), 404, "no route GET /v2/anything");
        HttpResponse<String> post = LedgerHttp.send(a.url(), "/v1/totals", null, "POST");
        assertError(post, 405, "use GET");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(message);
    }

    /** The instances ({@code host:port}) that serve the keys, asked through {@code via}. */
    private Set<String> ownersOf(EmissionsLedger via) {
        Set<String> owners = new HashSet<>();
        for (String key : expected().keySet()) {
            HttpResponse<String> response = LedgerHttp.get(via.url(), "/v1/totals/" + key, null);
            if (response.statusCode() != 200) {
                return Set.of();
            }
            owners.add(response.headers().firstValue(RemoteLedger.SERVED_BY).orElseThrow());
        }
        return owners;
    }

    private static String hostPort(EmissionsLedger ledger) {
        return ledger.url().substring("http://".length());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return LedgerJson.mapper().readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }

    /** Sums computed straight from the records, for the figures every key must show. */
    private Map<String, Expected> expected() {
        Map<String, Expected> out = new HashMap<>();
        for (EmissionRecord r : records) {
            String hour = org.carbonedge.ledger.core.DimensionKeys.hour(r.getCompletedAt());
            for (String key : List.of("all", "model:" + r.getModelId(), "policy:" + r.getPolicy(),
                    "model:" + r.getModelId() + "|policy:" + r.getPolicy(), "hour:" + hour,
                    "hour:" + hour + "|policy:" + r.getPolicy())) {
                out.computeIfAbsent(key, k -> new Expected()).add(r, r.getEnergyJoules(),
                        r.getOperationalGco2() + r.getTransferGco2(), r.getTotalGco2());
            }
            String tenant = r.getAttributes().get("tenant"); // the one label these ledgers total by
            if (tenant != null) {
                out.computeIfAbsent("label:tenant=" + tenant, k -> new Expected()).add(r, r.getEnergyJoules(),
                        r.getOperationalGco2() + r.getTransferGco2(), r.getTotalGco2());
            }
            Map<String, double[]> devices = new HashMap<>(); // joules, operational + transfer grams
            Map<String, String> zoneOf = new HashMap<>();
            for (StageEmission p : r.getParts()) {
                double[] d = devices.computeIfAbsent(p.getDeviceId(), k -> new double[2]);
                d[0] += p.getEnergyJoules();
                d[1] += p.getGco2();
                zoneOf.put(p.getDeviceId(), p.getZone());
            }
            for (TransferEmission t : r.getTransfers()) {
                double[] d = devices.get(t.getFromDeviceId());
                d[0] += t.getEnergyJoules();
                d[1] += t.getGco2();
            }
            Map<String, double[]> zones = new HashMap<>();
            devices.forEach((device, d) -> {
                out.computeIfAbsent("device:" + device, k -> new Expected()).add(r, d[0], d[1], Double.NaN);
                double[] z = zones.computeIfAbsent(zoneOf.get(device), k -> new double[2]);
                z[0] += d[0];
                z[1] += d[1];
            });
            zones.forEach((zone, z) -> {
                out.computeIfAbsent("zone:" + zone, k -> new Expected()).add(r, z[0], z[1], Double.NaN);
                out.computeIfAbsent("hour:" + hour + "|zone:" + zone, k -> new Expected()).add(r, z[0], z[1], Double.NaN);
            });
        }
        return out;
    }

    /** Expected figures of one key (total grams only where the record states them whole). */
    private static final class Expected {
        long ok;
        long failed;
        long rejected;
        double energyJoules;
        double operationalAndTransferGco2;
        double totalGco2;
        double okLatencyMillis;

        void add(EmissionRecord r, double joules, double operationalAndTransfer, double total) {
            ok += r.getStatus() == InferenceStatus.OK ? 1 : 0;
            failed += r.getStatus() == InferenceStatus.FAILED ? 1 : 0;
            rejected += r.getStatus() == InferenceStatus.REJECTED ? 1 : 0;
            okLatencyMillis += r.getStatus() == InferenceStatus.OK ? r.getLatencyMillis() : 0;
            energyJoules += joules;
            operationalAndTransferGco2 += operationalAndTransfer;
            totalGco2 += total;
        }

        void check(JsonNode t) {
            String key = t.get("key").asText();
            assertThat(t.get("inferencesOk").asLong()).as(key).isEqualTo(ok);
            assertThat(t.get("inferencesFailed").asLong()).as(key).isEqualTo(failed);
            assertThat(t.get("inferencesRejected").asLong()).as(key).isEqualTo(rejected);
            assertThat(t.get("energyJoules").asDouble()).as(key).isCloseTo(energyJoules, within(EPS));
            assertThat(t.get("operationalGco2").asDouble() + t.get("transferGco2").asDouble()).as(key)
                    .isCloseTo(operationalAndTransferGco2, within(EPS));
            assertThat(t.get("okLatencyMillisSum").asDouble()).as(key).isCloseTo(okLatencyMillis, within(1e-6));
            if (!Double.isNaN(totalGco2)) {
                assertThat(t.get("totalGco2").asDouble()).as(key).isCloseTo(totalGco2, within(EPS));
                if (ok > 0 && totalGco2 > 0) {
                    assertThat(t.get("inferencesPerGram").asDouble()).as(key).isCloseTo(ok / totalGco2, within(1e-6));
                }
            }
        }
    }
}
