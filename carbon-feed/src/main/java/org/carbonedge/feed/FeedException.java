package org.carbonedge.feed;

/**
 * A problem with grid-intensity input (unreadable file, unknown format, bad checkpoint, failed API call) that is
 * shown to the user as one line of text. It exists so the CLI can print {@link #getMessage()} and exit non-zero
 * instead of dumping a stack trace: the message always names the file (with line, where it applies) or the URL.
 */
public class FeedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FeedException(String message) {
        super(oneLine(message));
    }

    public FeedException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Collapses line breaks so that the message stays on one terminal line. */
    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').strip();
    }
}
