package org.carbonedge.feed.replay;

import java.util.ArrayList;
import java.util.List;
import org.carbonedge.avro.GridIntensity;

/** An {@link IntensitySink} that keeps records in memory: for tests, dry runs and small demos. Thread-safe. */
public final class CollectingSink implements IntensitySink {
    private final List<GridIntensity> records = new ArrayList<>();
    private int flushes;

    @Override
    public synchronized void accept(GridIntensity record) {
        records.add(record);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    /** A copy of the records received so far, in arrival order. */
    public synchronized List<GridIntensity> records() {
        return new ArrayList<>(records);
    }

    public synchronized int size() {
        return records.size();
    }

    public synchronized int flushes() {
        return flushes;
    }
}
