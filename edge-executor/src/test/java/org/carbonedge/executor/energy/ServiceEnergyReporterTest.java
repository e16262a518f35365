package org.carbonedge.executor.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.avro.ServiceEnergyKind;
import org.carbonedge.common.Health;
import org.carbonedge.core.energy.EnergyModel;
import org.carbonedge.core.energy.HostPowerModel;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reporter on a real broker: contiguous intervals per meter, keyed by zone, a bad meter costs its interval only. */
class ServiceEnergyReporterTest {

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyIntervalOfEveryMeterIsPublishedUpToTheClose() {
        AtomicBoolean throwOnce = new AtomicBoolean(true);
        EnergyMeter flaky = (from, to) -> {
            if (throwOnce.getAndSet(false)) {
                throw new IllegalStateException("a meter that fails once");
            }
            return null;
        };
        ServiceEnergyReporter reporter = new ServiceEnergyReporter("test-energy", platform.settings(),
                platform.catalog(), List.of(
                        ProcessCpuMeter.ofThisProcess("embedded", "GB", HostPowerModel.INTEL_NUC_12_PRO, 1.0),
                        new DeviceIdleMeter("dev-1", "FR", "rpi4", new EnergyModel(2.7, 6.4, 4_000_000_000L), 1.0,
                                () -> 0L),
                        flaky),
                Duration.ofMillis(200), Clock.systemUTC());
        Instant started = Instant.now();
        reporter.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> reporter.published() >= 6);
        assertThat(reporter.health().state()).isEqualTo(Health.State.UP);
        reporter.close();
        Instant closed = Instant.now();
        assertThat(reporter.health().state()).isEqualTo(Health.State.STOPPED);

        List<ConsumerRecord<String, ServiceEnergy>> records = readAll(reporter.published());
        List<ServiceEnergy> cpu = records.stream().filter(r -> r.value().getKind() == ServiceEnergyKind.CONTROL_PLANE)
                .map(ConsumerRecord::value).toList();
        List<ServiceEnergy> idle = records.stream().filter(r -> r.value().getKind() == ServiceEnergyKind.DEVICE_IDLE)
                .map(ConsumerRecord::value).toList();
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getZone()));
        for (List<ServiceEnergy> series : List.of(cpu, idle)) {
            assertThat(series.size()).isGreaterThanOrEqualTo(3);
            assertThat(series.get(0).getIntervalStart()).isBetween(started.minusMillis(1), started.plusSeconds(5));
            for (int i = 1; i < series.size(); i++) {
                assertThat(series.get(i).getIntervalStart()).as("contiguous").isEqualTo(series.get(i - 1).getIntervalEnd());
            }
            assertThat(series.get(series.size() - 1).getIntervalEnd()).as("up to the close")
                    .isBetween(closed.minusSeconds(1), closed.plusMillis(1));
        }
        // the broker and registry in this JVM keep its CPU busy; a device that never ran is idle all along
        assertThat(cpu.stream().mapToLong(ServiceEnergy::getCpuNanos).sum()).isPositive();
        for (ServiceEnergy e : idle) {
            long interval = Duration.between(e.getIntervalStart(), e.getIntervalEnd()).toNanos();
            assertThat(e.getIdleNanos()).isEqualTo(interval);
            assertThat(e.getEnergyJoules()).isEqualTo(4.2 * interval / 1e9, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    private static List<ConsumerRecord<String, ServiceEnergy>> readAll(long count) {
        Topic<ServiceEnergy> topic = platform.catalog().topic(Topics.SERVICE_ENERGY);
        List<ConsumerRecord<String, ServiceEnergy>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(platform.settings().consumer("energy-reader"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                return out.size() >= count;
            });
        }
        return out;
    }
}
