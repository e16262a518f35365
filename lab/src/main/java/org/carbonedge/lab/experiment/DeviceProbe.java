package org.carbonedge.lab.experiment;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.Tensor;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.core.planning.Plan;
import org.carbonedge.core.planning.PlannedStage;
import org.carbonedge.core.routing.PlanMapper;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;

/**
 * Runs the whole model on one chosen device, past the router: a one-stage plan written straight to the device's
 * task topic, executed and accounted like any routed request (its emission record says policy {@value #POLICY}).
 * The trace experiment measures every device this way, whatever the policies choose, so the hindsight oracle knows
 * what each device costs.
 */
final class DeviceProbe implements AutoCloseable {

    /** Policy name in the probes' plans and emission records. */
    static final String POLICY = "oracle-probe";

    private final ClientSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Topic<PartitionTask>> topics = new HashMap<>();

    DeviceProbe(ClientSettings settings, String runId) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(settings.producer("experiment-probe-" + runId), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Sends request {@code requestId}: the whole model ({@code partitions} parts) on {@code device}. */
    void send(String requestId, DeviceSpec device, String modelId, int modelVersion, int partitions, List<Tensor> input) {
        Instant now = Instant.now();
        Plan plan = new Plan(POLICY, List.of(new PlannedStage(device.deviceId(), device.zone(), 0, partitions - 1,
                0, 0, 0, 0)), 0, 0, true, 1);
        InferenceRequest request = InferenceRequest.newBuilder().setRequestId(requestId).setModelId(modelId)
                .setInputs(input).setPolicy(POLICY).setSubmittedAt(now).build();
        PartitionTask task = PlanMapper.firstTask(request, PlanMapper.toAvro(plan, modelVersion, now, 0, null, request.getAttributes()), now);
        Topic<PartitionTask> topic = topics.computeIfAbsent(device.deviceId(),
                d -> settings.catalog().topic(Topics.tasks(d)));
        producer.send(new ProducerRecord<>(topic.name(), requestId,
                topic.valueSerde().serializer().serialize(topic.name(), task)));
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
