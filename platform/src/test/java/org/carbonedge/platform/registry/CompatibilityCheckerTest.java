package org.carbonedge.platform.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.avro.Schema;
import org.carbonedge.platform.registry.compat.CompatibilityChecker;
import org.carbonedge.platform.registry.compat.CompatibilityLevel;
import org.carbonedge.platform.registry.compat.ExistingSchema;
import org.junit.jupiter.api.Test;

class CompatibilityCheckerTest {

    private static Schema record(String fields) {
        return new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
    }

    private static final Schema A_INT = record("{\"name\":\"a\",\"type\":\"int\"}");
    private static final Schema A_INT_B_DEFAULT = record(
            "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}");
    private static final Schema A_INT_B_REQUIRED = record(
            "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}");
    private static final Schema EMPTY = record("");
    private static final Schema A_STRING_DEFAULT = record("{\"name\":\"a\",\"type\":\"string\",\"default\":\"\"}");

    private static List<String> check(CompatibilityLevel level, Schema candidate, Schema... history) {
        List<ExistingSchema> existing = new java.util.ArrayList<>();
        for (int i = 0; i < history.length; i++) {
            existing.add(new ExistingSchema(i + 1, history[i]));
        }
        return CompatibilityChecker.check(level, candidate, existing);
    }

    @Test
    void backwardAcceptsANewFieldWithDefaultAndRefusesOneWithout() {
        assertTrue(check(CompatibilityLevel.BACKWARD, A_INT_B_DEFAULT, A_INT).isEmpty());
        List<String> problems = check(CompatibilityLevel.BACKWARD, A_INT_B_REQUIRED, A_INT);
        assertFalse(problems.isEmpty());
        assertTrue(problems.get(0).contains("READER_FIELD_MISSING_DEFAULT_VALUE"), problems.toString());
        assertTrue(problems.contains("{oldSchemaVersion: 1}"), problems.toString());
        assertTrue(problems.contains("{compatibility: 'BACKWARD'}"), problems.toString());
    }

    @Test
    void backwardAllowsRemovingAFieldButForwardDoesNotWhenTheOldFieldHasNoDefault() {
        assertTrue(check(CompatibilityLevel.BACKWARD, EMPTY, A_INT).isEmpty());
        assertFalse(check(CompatibilityLevel.FORWARD, EMPTY, A_INT).isEmpty());
    }

    @Test
    void forwardAllowsAddingARequiredField() {
        // the old reader simply ignores the new field
        assertTrue(check(CompatibilityLevel.FORWARD, A_INT_B_REQUIRED, A_INT).isEmpty());
        assertFalse(check(CompatibilityLevel.BACKWARD, A_INT_B_REQUIRED, A_INT).isEmpty());
    }

    @Test
    void fullNeedsBothDirections() {
        assertTrue(check(CompatibilityLevel.FULL, A_INT_B_DEFAULT, A_INT).isEmpty());
        assertFalse(check(CompatibilityLevel.FULL, A_INT_B_REQUIRED, A_INT).isEmpty());
        assertFalse(check(CompatibilityLevel.FULL, EMPTY, A_INT).isEmpty());
    }

    @Test
    void transitiveLevelsCheckEveryVersionPlainOnesOnlyTheLatest() {
        // v3 reads v2 (no field a; a has a default) but not v1 (a was an int, now a string)
        assertTrue(check(CompatibilityLevel.BACKWARD, A_STRING_DEFAULT, A_INT, EMPTY).isEmpty());
        List<String> problems = check(CompatibilityLevel.BACKWARD_TRANSITIVE, A_STRING_DEFAULT, A_INT, EMPTY);
        assertTrue(problems.contains("{oldSchemaVersion: 1}"), problems.toString());
        assertFalse(problems.contains("{oldSchemaVersion: 2}"), problems.toString());
        assertTrue(problems.get(0).contains("TYPE_MISMATCH"), problems.toString());
        assertFalse(check(CompatibilityLevel.FULL_TRANSITIVE, A_STRING_DEFAULT, A_INT, EMPTY).isEmpty());
    }

    @Test
    void noneAndAnEmptySubjectAcceptEverything() {
        assertTrue(check(CompatibilityLevel.NONE, A_STRING_DEFAULT, A_INT).isEmpty());
        assertTrue(check(CompatibilityLevel.FULL_TRANSITIVE, A_INT_B_REQUIRED).isEmpty());
    }

    @Test
    void levelNamesParseCaseInsensitivelyAndUnknownNamesAreEmpty() {
        assertEquals(CompatibilityLevel.FORWARD_TRANSITIVE, CompatibilityLevel.parse("forward_transitive").orElseThrow());
        assertEquals(CompatibilityLevel.FULL, CompatibilityLevel.parse(" Full ").orElseThrow());
        assertTrue(CompatibilityLevel.parse("SIDEWAYS").isEmpty());
        assertTrue(CompatibilityLevel.parse(null).isEmpty());
        assertEquals(CompatibilityLevel.BACKWARD, CompatibilityLevel.DEFAULT);
    }
}
