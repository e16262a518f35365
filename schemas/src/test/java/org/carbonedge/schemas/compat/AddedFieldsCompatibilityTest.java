package org.carbonedge.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionTask;
import org.junit.jupiter.api.Test;

/**
 * The fields added for time and variants — a deferrable request's hold (the plan's {@code deferral}; the emission
 * record's {@code releasedAt}, {@code heldMillis} and {@code runNowGco2}) and a request's accuracy floor (the
 * request's {@code accuracyFloor}; the plan's and record's {@code family}, {@code accuracy}, {@code requestedModelId};
 * the record's {@code plannedAt})
 * — are BACKWARD compatible both ways: services built before them read new records, and new services read old ones
 * with the defaults (not deferred, exactly the model named).
 */
class AddedFieldsCompatibilityTest {

    private static final Set<String> NEW_FIELDS = Set.of("deferral", "releasedAt", "heldMillis", "runNowGco2",
            "family", "accuracy", "requestedModelId", "accuracyFloor", "EmissionRecord.plannedAt");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tasksResultsAndEmissionRecordsReadAcrossTheChangeBothWays() throws Exception {
        for (Schema now : new Schema[]{PartitionTask.getClassSchema(), PartitionResult.getClassSchema(),
                EmissionRecord.getClassSchema(), org.carbonedge.avro.InferenceRequest.getClassSchema()}) {
            Schema before = withoutNewFields(now);
            assertThat(before.toString()).as("%s had fields removed", now.getName()).isNotEqualTo(now.toString());
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, before).getType())
                    .as("new %s reads records written before", now.getName())
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before, now).getType())
                    .as("old readers read new %s records", now.getName())
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }

    private static Schema withoutNewFields(Schema schema) throws Exception {
        JsonNode tree = JSON.readTree(schema.toString());
        strip(tree);
        return new Schema.Parser().parse(tree.toString());
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.get("fields") instanceof ArrayNode fields) {
                for (int i = fields.size() - 1; i >= 0; i--) {
                    String name = fields.get(i).get("name").asText();
                    String record = o.has("name") ? o.get("name").asText() : "";
                    if (NEW_FIELDS.contains(name) || NEW_FIELDS.contains(record + "." + name)) {
                        fields.remove(i);
                    }
                }
            }
            o.elements().forEachRemaining(AddedFieldsCompatibilityTest::strip);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(AddedFieldsCompatibilityTest::strip);
        }
    }
}
