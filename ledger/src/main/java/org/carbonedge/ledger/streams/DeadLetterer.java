package org.carbonedge.ledger.streams;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.schemas.dlq.DeadLetterRecords;

/**
 * Turns a record that decoded but cannot be counted (an emission record {@code RecordCheck} refuses, a service-energy
 * record {@code Overheads} refuses) into a dead letter with the reason and where it came from, written in the same
 * transaction as the ledger's state.
 */
final class DeadLetterer<V> implements FixedKeyProcessor<String, V, DeadLetter> {

    private final Serializer<V> serializer;
    private final Function<V, Optional<String>> problem;
    private final String service;
    private final Clock clock;
    private FixedKeyProcessorContext<String, DeadLetter> context;

    DeadLetterer(Serializer<V> serializer, Function<V, Optional<String>> problem, String service, Clock clock) {
        this.serializer = serializer;
        this.problem = problem;
        this.service = service;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, DeadLetter> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        V value = record.value();
        RecordMetadata source = context.recordMetadata().orElse(null);
        String topic = source == null ? "unknown" : source.topic();
        DeadLetter letter = DeadLetterRecords.of(topic, source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(topic, value), problem.apply(value).orElse("rejected by the ledger"), null,
                service, clock.instant());
        context.forward(record.withValue(letter));
    }
}
