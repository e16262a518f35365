package org.carbonedge.feed.live;

import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.read.IntensityReader;
import org.carbonedge.feed.read.ReadResult;

/** Parses API response bodies with the file readers and labels the records with the API they came from. */
final class LiveResults {
    private LiveResults() {
    }

    static ReadResult parse(IntensityReader reader, String body, URI uri, String sourceLabel) {
        ReadResult parsed = reader.read(new StringReader(body), ResilientHttp.safe(uri));
        List<GridIntensity> relabelled = new ArrayList<>(parsed.records().size());
        for (GridIntensity r : parsed.records()) {
            relabelled.add(new GridIntensity(r.getZone(), r.getValidFrom(), r.getValidTo(), r.getGco2PerKwh(),
                    r.getSignal(), r.getKind(), sourceLabel, r.getPublishedAt()));
        }
        return new ReadResult(parsed.source(), parsed.format(), parsed.rowsRead(), relabelled, parsed.rejected(),
                parsed.notes());
    }

    static URI withSlash(URI base) {
        String s = base.toString();
        return s.endsWith("/") ? base : URI.create(s + "/");
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
