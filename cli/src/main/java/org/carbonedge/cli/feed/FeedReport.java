package org.carbonedge.cli.feed;

import java.io.PrintWriter;
import java.util.List;

import org.carbonedge.feed.LoadedFeed;
import org.carbonedge.feed.quality.Gap;
import org.carbonedge.feed.quality.ZoneQuality;
import org.carbonedge.feed.read.RejectedRow;

/**
 * What loading found, told to the user on stderr before anything is published: per file the format and counts,
 * every rejected row with file:line (the first {@value #MAX_LISTED}, then a count), the readers' notes, and each
 * zone's gaps with the policy applied to them.
 */
final class FeedReport {
    static final int MAX_LISTED = 10;

    private FeedReport() {
    }

    static void print(LoadedFeed feed, PrintWriter err) {
        for (LoadedFeed.FileReport f : feed.files()) {
            err.println("read " + f.source() + ": format=" + f.format().cliName() + " rows=" + f.rowsRead()
                    + " records=" + f.records() + " rejected=" + f.rejected());
        }
        List<RejectedRow> rejected = feed.rejected();
        for (int i = 0; i < rejected.size() && i < MAX_LISTED; i++) {
            err.println("rejected " + rejected.get(i));
        }
        if (rejected.size() > MAX_LISTED) {
            err.println("rejected ... and " + (rejected.size() - MAX_LISTED) + " more rows (never published)");
        }
        feed.notes().forEach(note -> err.println("note " + note));
        String policy = feed.gapPolicy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        for (ZoneQuality q : feed.quality().values()) {
            List<Gap> gaps = q.gaps();
            for (int i = 0; i < gaps.size() && i < MAX_LISTED; i++) {
                err.println(gaps.get(i) + " policy=" + policy);
            }
            if (gaps.size() > MAX_LISTED) {
                err.println("gap zone=" + q.zone() + " ... and " + (gaps.size() - MAX_LISTED) + " more");
            }
            if (q.filled() > 0) {
                err.println("filled zone=" + q.zone() + " records=" + q.filled() + " kind=ESTIMATED (hold-last)");
            }
        }
        err.flush();
    }
}
