package org.carbonedge.feed.replay;

/** Receives progress while a replay runs (on the replay thread; keep it quick). */
@FunctionalInterface
public interface ReplayListener {
    ReplayListener NONE = progress -> { };

    void onProgress(ReplayProgress progress);
}
