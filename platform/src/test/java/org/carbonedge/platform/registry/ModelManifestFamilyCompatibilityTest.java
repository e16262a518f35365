package org.carbonedge.platform.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.platform.registry.compat.CompatibilityChecker;
import org.carbonedge.platform.registry.compat.CompatibilityLevel;
import org.carbonedge.platform.registry.compat.ExistingSchema;
import org.junit.jupiter.api.Test;

/**
 * The project's registry accepts the manifest with {@code family} and {@code accuracy} over the one registered before
 * them at its default level (BACKWARD), and at FULL too: a registry that already holds the old ModelManifest takes
 * the new one when services are upgraded.
 */
class ModelManifestFamilyCompatibilityTest {

    @Test
    void theNewManifestRegistersOverTheOldOne() throws Exception {
        Schema now = ModelManifest.getClassSchema();
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(now.toString());
        ArrayNode fields = (ArrayNode) tree.get("fields");
        for (int i = fields.size() - 1; i >= 0; i--) {
            String name = fields.get(i).get("name").asText();
            if (name.equals("family") || name.equals("accuracy")) {
                fields.remove(i);
            }
        }
        Schema before = new Schema.Parser().parse(tree.toString());
        assertEquals(now.getFields().size() - 2, before.getFields().size());
        List<ExistingSchema> history = List.of(new ExistingSchema(1, before));
        assertEquals(List.of(), CompatibilityChecker.check(CompatibilityLevel.BACKWARD, now, history));
        assertEquals(List.of(), CompatibilityChecker.check(CompatibilityLevel.FULL, now, history));
    }
}
