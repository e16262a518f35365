package org.carbonedge.cli.feed;

import java.io.PrintWriter;

import org.carbonedge.feed.replay.ProgressBar;
import org.carbonedge.feed.replay.ReplayListener;
import org.carbonedge.feed.replay.ReplayProgress;

/**
 * Draws the replay's progress bar in place on stderr ({@code \r} redraws). Only for a terminal: piped or logged
 * output gets no bar, since a stream of carriage returns is noise in a file.
 */
final class TerminalProgress implements ReplayListener {
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private int lastLength;

    private TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    /** A progress bar on {@code err} when the JVM has a console, else no progress output. */
    static ReplayListener onTerminal(PrintWriter err) {
        return System.console() != null ? new TerminalProgress(err) : ReplayListener.NONE;
    }

    @Override
    public void onProgress(ReplayProgress progress) {
        String line = ProgressBar.render(progress, BAR_WIDTH);
        StringBuilder sb = new StringBuilder(line.length() + 2).append('\r').append(line);
        for (int i = line.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = line.length();
        err.print(sb);
        if (progress.finished()) {
            err.println();
        }
        err.flush();
    }
}
