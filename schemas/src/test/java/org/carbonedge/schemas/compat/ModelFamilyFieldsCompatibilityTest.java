package org.carbonedge.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.junit.jupiter.api.Test;

/**
 * The manifest's {@code family} and {@code accuracy} are BACKWARD compatible both ways, as the registry's default
 * level requires: services built before them read manifests of variants (and ignore the fields), and new services
 * read manifests registered before (no family, accuracy unknown).
 */
class ModelFamilyFieldsCompatibilityTest {

    private static final Set<String> NEW_FIELDS = Set.of("family", "accuracy");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void schemasAreCompatibleBothWays() throws Exception {
        Schema now = ModelManifest.getClassSchema();
        Schema before = withoutNewFields(now);
        assertThat(before.getField("family")).isNull();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, before).getType())
                .as("new readers read manifests written before")
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before, now).getType())
                .as("old readers read new manifests")
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void anOldManifestReadsAsNoFamilyAndUnknownAccuracy() throws Exception {
        Schema before = withoutNewFields(ModelManifest.getClassSchema());
        GenericRecord old = new GenericData.Record(before);
        old.put("modelId", "mobilenetv2");
        old.put("version", 3);
        old.put("inputs", List.of());
        old.put("outputs", List.of());
        old.put("totalMacs", 300_000_000L);
        old.put("totalParameterBytes", 14_000_000L);
        old.put("partitions", List.of());
        old.put("createdAt", 0L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(before).write(old, encoder);
        encoder.flush();

        ModelManifest read = new SpecificDatumReader<ModelManifest>(before, ModelManifest.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(read.getModelId()).isEqualTo("mobilenetv2");
        assertThat(read.getVersion()).isEqualTo(3);
        assertThat(read.getFamily()).isNull();
        assertThat(read.getAccuracy()).isNull();
    }

    @Test
    void anOldReaderReadsAVariantsManifestWithoutItsFamily() throws Exception {
        ModelManifest variant = ModelManifest.newBuilder().setModelId("mobilenetv2-w075").setVersion(1)
                .setInputs(List.of(new TensorSpec("input", TensorDataType.FLOAT32, List.of(1L, 3L, 224L, 224L))))
                .setOutputs(List.of(new TensorSpec("logits", TensorDataType.FLOAT32, List.of(1L, 1000L))))
                .setTotalMacs(209_000_000L).setTotalParameterBytes(10_000_000L).setPartitions(new ArrayList<>())
                .setCreatedAt(Instant.EPOCH).setFamily("mobilenetv2")
                .setAccuracy(new ModelAccuracy("top1", 0.698, "Sandler et al. 2018"))
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(ModelManifest.class).write(variant, encoder);
        encoder.flush();

        Schema before = withoutNewFields(ModelManifest.getClassSchema());
        GenericRecord read = new GenericDatumReader<GenericRecord>(ModelManifest.getClassSchema(), before)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(read.get("modelId").toString()).isEqualTo("mobilenetv2-w075");
        assertThat(read.get("totalMacs")).isEqualTo(209_000_000L);
        assertThat(read.getSchema().getField("family")).isNull();
    }

    private static Schema withoutNewFields(Schema schema) throws Exception {
        JsonNode tree = JSON.readTree(schema.toString());
        ArrayNode fields = (ArrayNode) tree.get("fields");
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (NEW_FIELDS.contains(fields.get(i).get("name").asText())) {
                fields.remove(i);
            }
        }
        return new Schema.Parser().parse(((ObjectNode) tree).toString());
    }
}
