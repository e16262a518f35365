package org.carbonedge.lab.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.avro.ServiceEnergyKind;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.core.carbon.Carbon;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;

/**
 * The pipeline's own energy and carbon over a run's window (issue #18's whole boundary), from
 * {@code carbonedge.service-energy}: the control plane's CPU and the devices' idle time, each interval prorated to
 * its overlap with the window and priced at its zone's intensity at the interval's end. Experiments run their
 * policies interleaved, so the same overhead per inference applies to every policy; what differs is the share it is
 * of each policy's carbon ({@link #controlPlaneShare}).
 *
 * @param controlPlaneJoules energy of the control plane's CPU in the window, joules (before PUE)
 * @param controlPlaneGco2   its carbon, grams CO2e
 * @param idleJoules         devices' idle energy in the window, joules
 * @param idleGco2           its carbon, grams CO2e
 * @param records            service-energy records that overlapped the window
 */
public record ControlPlaneAccount(double controlPlaneJoules, double controlPlaneGco2, double idleJoules, double idleGco2,
                                  int records) {

    /** Nothing measured (a run without a reporter). */
    public static final ControlPlaneAccount NONE = new ControlPlaneAccount(0, 0, 0, 0, 0);

    /**
     * Sums the records overlapping {@code [from, to]}. Waits (up to {@code wait}) for an interval ending at or after
     * {@code to} from every reporter seen, since reporters publish an interval once it is over.
     *
     * @param gco2PerKwh a zone's intensity at an instant
     */
    public static ControlPlaneAccount read(ClientSettings settings, Instant from, Instant to,
                                           BiFunction<String, Instant, Double> gco2PerKwh, Duration wait) {
        Topic<ServiceEnergy> topic = settings.catalog().topic(Topics.SERVICE_ENERGY);
        List<ServiceEnergy> all = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        try (var consumer = new KafkaConsumer<>(settings.consumer("carbonedge-control-plane-" + System.nanoTime()),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> all.add(r.value()));
                if (coversTheEnd(all, to) || System.nanoTime() > deadline) {
                    break;
                }
            }
        }
        return of(all, from, to, gco2PerKwh);
    }

    /** Whether every reporter in {@code records} has published an interval reaching {@code to}. */
    static boolean coversTheEnd(List<ServiceEnergy> records, Instant to) {
        Map<String, Instant> lastEnd = new java.util.HashMap<>();
        for (ServiceEnergy e : records) {
            lastEnd.merge(e.getService() + "/" + e.getKind(), e.getIntervalEnd(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return !lastEnd.isEmpty() && lastEnd.values().stream().noneMatch(end -> end.isBefore(to));
    }

    /** The records' energy and carbon prorated to {@code [from, to]}. */
    static ControlPlaneAccount of(List<ServiceEnergy> records, Instant from, Instant to,
                                  BiFunction<String, Instant, Double> gco2PerKwh) {
        double cpJ = 0;
        double cpG = 0;
        double idleJ = 0;
        double idleG = 0;
        int n = 0;
        for (ServiceEnergy e : records) {
            Instant start = e.getIntervalStart().isAfter(from) ? e.getIntervalStart() : from;
            Instant end = e.getIntervalEnd().isBefore(to) ? e.getIntervalEnd() : to;
            long interval = Duration.between(e.getIntervalStart(), e.getIntervalEnd()).toNanos();
            long overlap = Duration.between(start, end).toNanos();
            if (overlap <= 0 || interval <= 0) {
                continue;
            }
            double joules = e.getEnergyJoules() * overlap / interval;
            Double intensity = gco2PerKwh.apply(e.getZone(), e.getIntervalEnd());
            double gco2 = intensity == null ? 0 : Carbon.grams(joules, intensity, e.getPue());
            if (e.getKind() == ServiceEnergyKind.DEVICE_IDLE) {
                idleJ += joules;
                idleG += gco2;
            } else {
                cpJ += joules;
                cpG += gco2;
            }
            n++;
        }
        return new ControlPlaneAccount(cpJ, cpG, idleJ, idleG, n);
    }

    /** Control plane and idle carbon per inference when {@code inferences} shared the window, grams CO2e each. */
    public double[] perInference(long inferences) {
        return inferences <= 0 ? new double[]{Double.NaN, Double.NaN}
                : new double[]{controlPlaneGco2 / inferences, idleGco2 / inferences};
    }

    /**
     * The control plane's share of an inference's whole-boundary carbon, 0..1, for a policy whose inferences emit
     * {@code deviceGco2PerInference} on their devices, when {@code inferences} shared the window.
     */
    public double controlPlaneShare(double deviceGco2PerInference, long inferences) {
        double[] per = perInference(inferences);
        double whole = deviceGco2PerInference + per[0] + per[1];
        return whole > 0 ? per[0] / whole : Double.NaN;
    }
}
