package org.carbonedge.ledger.http;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.carbonedge.common.metrics.Metrics;
import org.carbonedge.ledger.core.DimensionKeys;
import org.carbonedge.ledger.core.Totals;
import org.carbonedge.ledger.query.LedgerUnavailableException;

/**
 * The ledger's totals as Prometheus counters ({@link Metrics}, LEDGER), read from this instance's own keys at
 * every scrape, so summing over instances counts each key once. Only the bounded dimensions are exported
 * (policy, zone, device, model, family): hourly keys grow without end, and Prometheus keeps time itself. What waiting
 * for a cleaner grid saved is a gauge, the rest counters. The accuracy delivered is two counters, a count and a sum
 * (like latency), rather than a mean gauge: their rates give the mean over any window, and they add over instances.
 */
public final class LedgerMetrics {

    /** Dimensions exported, each as label {@code dimension} with the key's value as label {@code value}. */
    static final List<String> DIMENSIONS = List.of(DimensionKeys.POLICY, DimensionKeys.ZONE, DimensionKeys.DEVICE,
            DimensionKeys.MODEL, DimensionKeys.FAMILY);

    private final PrometheusRegistry registry = new PrometheusRegistry();

    /** @param localTotals this instance's keys and totals; may throw {@link LedgerUnavailableException} */
    public LedgerMetrics(Supplier<Map<String, Totals>> localTotals) {
        Metrics.LEDGER_INFERENCES.counter(registry, cb -> each(localTotals, (labels, t) -> {
            cb.call(t.inferencesOk(), labels[0], labels[1], "ok");
            cb.call(t.inferencesFailed(), labels[0], labels[1], "failed");
            cb.call(t.inferencesRejected(), labels[0], labels[1], "rejected");
        }));
        Metrics.LEDGER_ENERGY_JOULES.counter(registry, cb -> each(localTotals, (l, t) -> cb.call(t.energyJoules(), l)));
        Metrics.LEDGER_GCO2.counter(registry, cb -> each(localTotals, (l, t) -> cb.call(t.totalGco2(), l)));
        Metrics.LEDGER_OK_LATENCY_SECONDS.counter(registry,
                cb -> each(localTotals, (l, t) -> cb.call(t.okLatencyMillisSum() / 1000.0, l)));
        Metrics.LEDGER_DEFERRED_INFERENCES.counter(registry,
                cb -> each(localTotals, (l, t) -> cb.call(t.deferredInferences(), l)));
        Metrics.LEDGER_DEFERRED_HELD_SECONDS.counter(registry,
                cb -> each(localTotals, (l, t) -> cb.call(t.deferredHeldMillis() / 1000.0, l)));
        Metrics.LEDGER_DEFERRED_RUN_NOW_GCO2.counter(registry,
                cb -> each(localTotals, (l, t) -> cb.call(t.deferredRunNowGco2(), l)));
        // a gauge: a saving can be negative and can shrink, which a Prometheus counter must never do
        Metrics.LEDGER_SAVED_GCO2.gauge(registry, cb -> each(localTotals, (l, t) -> cb.call(t.savedGco2(), l)));
        Metrics.LEDGER_ACCURACY_INFERENCES.counter(registry,
                cb -> each(localTotals, (l, t) -> cb.call(t.accuracyInferences(), l)));
        Metrics.LEDGER_ACCURACY_RATIO.counter(registry,
                cb -> each(localTotals, (l, t) -> cb.call(t.accuracySum(), l)));
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Calls {@code sample} with (dimension, value) labels for every exported key; nothing while rebalancing. */
    private static void each(Supplier<Map<String, Totals>> localTotals, BiConsumer<String[], Totals> sample) {
        Map<String, Totals> totals;
        try {
            totals = localTotals.get();
        } catch (LedgerUnavailableException e) {
            return; // the next scrape, after the rebalance, has them again
        }
        totals.forEach((key, t) -> {
            String dimension = DimensionKeys.dimensionOf(key);
            if (DIMENSIONS.contains(dimension)) {
                sample.accept(new String[] {dimension, DimensionKeys.valueOf(key, dimension)}, t);
            }
        });
    }
}
