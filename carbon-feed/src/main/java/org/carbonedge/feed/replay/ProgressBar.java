package org.carbonedge.feed.replay;

import java.util.Locale;

/**
 * Renders a {@link ReplayProgress} as one terminal line, e.g.
 * {@code [##########----------]  50.0%  43800/87600  loop 1/1  event 2023-07-02T12:00:00Z}; the CLI prints it
 * with a leading carriage return to redraw in place.
 */
public final class ProgressBar {
    private ProgressBar() {
    }

    public static String render(ReplayProgress p, int width) {
        int filled = (int) Math.round(p.fraction() * width);
        StringBuilder sb = new StringBuilder(width + 80);
        sb.append('[');
        for (int i = 0; i < width; i++) {
            sb.append(i < filled ? '#' : '-');
        }
        sb.append(']');
        sb.append(String.format(Locale.ROOT, " %5.1f%%  %d/%d", p.fraction() * 100, p.emittedInLoop(),
                p.totalPerLoop()));
        sb.append("  loop ").append(p.loop() + 1).append('/').append(p.loops() == 0 ? "forever" : Integer.toString(p.loops()));
        if (p.publishedEventTime() != null) {
            sb.append("  event ").append(p.publishedEventTime());
        }
        return sb.toString();
    }
}
