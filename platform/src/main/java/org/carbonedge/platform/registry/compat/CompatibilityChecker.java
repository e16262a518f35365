package org.carbonedge.platform.registry.compat;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Decides whether a candidate schema may join a subject, using Avro's own reader/writer resolution rules
 * ({@link SchemaCompatibility}) with Confluent's semantics for each {@link CompatibilityLevel}. Returns the
 * reasons as Confluent-style messages; an empty list means compatible.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * @param level     the subject's effective level
     * @param candidate the schema being registered or tested
     * @param existing  live versions of the subject, oldest first (may be empty)
     * @return messages describing every incompatibility; empty when compatible
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<ExistingSchema> existing) {
        if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
            return List.of();
        }
        List<ExistingSchema> targets = new ArrayList<>();
        if (level.transitive()) {
            for (int i = existing.size() - 1; i >= 0; i--) {
                targets.add(existing.get(i));
            }
        } else {
            targets.add(existing.get(existing.size() - 1));
        }
        List<String> messages = new ArrayList<>();
        for (ExistingSchema old : targets) {
            List<String> found = new ArrayList<>();
            if (level.backward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()).getResult(),
                        "the new schema cannot read data written with version " + old.version(), found);
            }
            if (level.forward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate).getResult(),
                        "version " + old.version() + " cannot read data written with the new schema", found);
            }
            if (!found.isEmpty()) {
                messages.addAll(found);
                messages.add("{oldSchemaVersion: " + old.version() + "}");
                messages.add("{oldSchema: '" + old.schema() + "'}");
                messages.add("{compatibility: '" + level + "'}");
            }
        }
        return messages;
    }

    private static void describe(SchemaCompatibilityResult result, String direction, List<String> out) {
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility i : result.getIncompatibilities()) {
            out.add("{errorType:'" + i.getType() + "', description:'" + direction + ": " + explain(i)
                    + " at path '" + i.getLocation() + "'', additionalInfo:'" + i.getMessage() + "'}");
        }
    }

    private static String explain(Incompatibility i) {
        return switch (i.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "a field of the reader has no default and is missing in the writer";
            case TYPE_MISMATCH -> "the reader's type does not match the writer's";
            case NAME_MISMATCH -> "the reader's name does not match the writer's";
            case FIXED_SIZE_MISMATCH -> "the fixed sizes differ";
            case MISSING_ENUM_SYMBOLS -> "the writer has enum symbols the reader lacks (and no enum default)";
            case MISSING_UNION_BRANCH -> "the writer has a union branch the reader cannot resolve";
            default -> "the schemas cannot be resolved";
        };
    }
}
