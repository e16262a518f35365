package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.core.routing.RoutingFixtures;
import org.carbonedge.jobs.emissions.ContextUpdate;
import org.carbonedge.jobs.emissions.RequestEvent;
import org.carbonedge.jobs.emissions.TaskSeen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The records that carry one of several payloads between operators ({@link RouterUpdate}, and the emissions job's
 * {@link RequestEvent} and {@link ContextUpdate}) are Flink POJO types, not Kryo ones, and each of their kinds comes
 * through its serializer whole, with the other fields still null: what a network shuffle does to them.
 */
class OneOfRecordsTest {

    private static final Instant T0 = TestRecords.T0;

    static Object[] values() {
        TaskSeen task = new TaskSeen();
        task.requestId = "r-1";
        task.modelId = "tiny";
        task.plan = TestRecords.twoStagePlan();
        task.stageIndex = 1;
        task.submittedAt = T0;
        task.dispatchedAt = T0;
        task.topic = "carbonedge.tasks.dev-b";
        task.offset = 41;
        var request = RoutingFixtures.request("r-2", "green", RoutingFixtures.floats("x", 1, 4), T0);
        return new Object[]{
                RouterUpdate.of(RoutingFixtures.device("edge-1", "FR", 1.0, T0)),
                RouterUpdate.of(TestRecords.hour("DE", T0, 300, IntensityKind.MEASURED)),
                RouterUpdate.of(RoutingFixtures.manifest()),
                ContextUpdate.of(TestRecords.hour("FR", T0, 50, IntensityKind.FORECAST)),
                ContextUpdate.of(RoutingFixtures.device("edge-2", "DE", 0.5, T0)),
                RequestEvent.of(TestRecords.ok("r-1", task.plan, 0, T0, T0, T0.plusMillis(5), 0.2, 40).build()),
                RequestEvent.of(task),
                RequestEvent.rejected(Rejections.of(request, "no eligible device", T0.plusSeconds(30), 1.0))};
    }

    @ParameterizedTest
    @MethodSource("values")
    void isAPojoTypeThatComesThroughItsSerializerWhole(Object value) throws IOException {
        assertThat(TypeInformation.of(value.getClass())).isInstanceOf(PojoTypeInfo.class);
        assertThat(roundTrip(value)).usingRecursiveComparison().isEqualTo(value);
    }

    /** {@code value} written and read back by the serializer Flink makes for its class, with Kryo disabled. */
    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = TypeInformation.of((Class<T>) value.getClass()).createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    }
}
