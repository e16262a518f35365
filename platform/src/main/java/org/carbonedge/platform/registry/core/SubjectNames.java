package org.carbonedge.platform.registry.core;

/**
 * Which subject names the registry accepts. Like Confluent it refuses control characters (a subject with CR/LF
 * would split log lines and headers wherever it is echoed) with 42208; it also refuses {@code .} and {@code ..}
 * path segments, so a subject cannot alias another one through a proxy or tool that normalises paths
 * ({@code a/../carbonedge.requests-value}). A plain {@code /} inside a name stays allowed, as in Confluent.
 */
public final class SubjectNames {

    private SubjectNames() {
    }

    /**
     * @return the subject, unchanged
     * @throws RegistryException 422 / 42208 when the name is empty, has a control character or a dot segment
     */
    public static String check(String subject) {
        if (subject == null || subject.isEmpty()) {
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
