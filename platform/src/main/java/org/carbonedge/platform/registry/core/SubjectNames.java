package org.carbonedge.platform.registry.core;

/**
 * Which subject names the registry accepts. Like Confluent it refuses control characters (a subject with CR/LF
 * would split log lines and headers wherever it is echoed) with 42208; it also refuses {@code .} and {@code ..}
 * path segments, so a subject cannot alias another one through a proxy or tool that normalises paths
 * ({@code a/../carbonedge.requests-value}). A plain {@code /} inside a name stays allowed, as in Confluent. The
 * names Confluent reserves for its global config and mode records, {@code __GLOBAL} and {@code __EMPTY}, are
 * refused as Confluent refuses them, so a subject cannot be confused with those records in a shared store format.
 */
public final class SubjectNames {

    private static final java.util.Set<String> RESERVED = java.util.Set.of("__GLOBAL", "__EMPTY");

    private SubjectNames() {
    }

    /**
     * @return the subject, unchanged
     * @throws RegistryException 422 / 42208 when the name is empty, has a control character or a dot segment, or is
     *                           reserved
     */
    public static String check(String subject) {
        if (subject == null || subject.isEmpty() || RESERVED.contains(subject)) {
            throw Errors.invalidSubject(String.valueOf(subject));
        }
        for (int i = 0; i < subject.length(); i++) {
            if (Character.isISOControl(subject.charAt(i))) {
                throw Errors.invalidSubject(subject);
            }
        }
        for (String segment : subject.split("[/\\\\]", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw Errors.invalidSubject(subject);
            }
        }
        return subject;
    }
}
