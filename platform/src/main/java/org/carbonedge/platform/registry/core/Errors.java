package org.carbonedge.platform.registry.core;

import java.util.List;

/**
 * The registry's refusals with Confluent's status codes, error codes and message texts, so that clients which
 * branch on {@code error_code} (or even on the message) behave as they do against Confluent.
 */
public final class Errors {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    public static final int VERSION_SOFT_DELETED = 40406;
    public static final int VERSION_NOT_SOFT_DELETED = 40407;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int SUBJECT_MODE_NOT_CONFIGURED = 40409;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int INVALID_MODE = 42204;
    public static final int OPERATION_NOT_PERMITTED = 42205;
    public static final int INVALID_SUBJECT = 42208;
    public static final int STORE_ERROR = 50001;

    private Errors() {
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(int version) {
        return new RegistryException(404, VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    public static RegistryException schemaNotFound() {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema not found");
    }

    public static RegistryException schemaNotFound(int id) {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }

    public static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(404, SUBJECT_SOFT_DELETED,
                "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
    }

    public static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(404, SUBJECT_NOT_SOFT_DELETED,
                "Subject '" + subject + "' was not deleted first before being permanently deleted");
    }

    public static RegistryException versionSoftDeleted(String subject, String version) {
        return new RegistryException(404, VERSION_SOFT_DELETED, "Subject '" + subject + "' Version " + version
                + " was soft deleted.Set permanent=true to delete permanently");
    }

    public static RegistryException versionNotSoftDeleted(String subject, String version) {
        return new RegistryException(404, VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' Version " + version
                + " was not deleted first before being permanently deleted");
    }

    public static RegistryException subjectCompatibilityNotConfigured(String subject) {
        return new RegistryException(404, SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    public static RegistryException incompatible(String subject, List<String> messages) {
        return new RegistryException(409, INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with an"
                + " earlier schema for subject \"" + subject + "\", details: " + messages);
    }

    public static RegistryException invalidSchema(String message) {
        return new RegistryException(422, INVALID_SCHEMA, message);
    }

    public static RegistryException invalidVersion(String version) {
        return new RegistryException(422, INVALID_VERSION, "The specified version '" + version + "' is not a valid"
                + " version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static RegistryException invalidCompatibilityLevel() {
        return new RegistryException(422, INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level. Valid values"
                + " are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    public static RegistryException subjectModeNotConfigured(String subject) {
        return new RegistryException(404, SUBJECT_MODE_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level mode configured");
    }

    public static RegistryException invalidMode() {
        return new RegistryException(422, INVALID_MODE, "Invalid mode. Valid values are READWRITE and READONLY");
    }

    /** A write refused because the subject (null: the registry as a whole) is in READONLY mode. */
    public static RegistryException readOnly(String subject) {
        return new RegistryException(422, OPERATION_NOT_PERMITTED, subject == null
                ? "The registry is in read-only mode" : "Subject " + subject + " is in read-only mode");
    }

    /** A delete refused because the embedding code protects the subject. */
    public static RegistryException protectedSubject(String subject) {
        return new RegistryException(422, OPERATION_NOT_PERMITTED, "Subject " + subject
                + " is protected: its versions cannot be deleted");
    }

    public static RegistryException invalidSubject(String subject) {
        return new RegistryException(422, INVALID_SUBJECT, "Invalid subject " + subject);
    }

    public static RegistryException storeError(String operation, Throwable cause) {
        return new RegistryException(500, STORE_ERROR,
                operation + " failed while writing to the store: " + cause.getMessage(), cause);
    }
}
