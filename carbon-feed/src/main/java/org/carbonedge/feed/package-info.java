/**
 * Grid carbon-intensity input for CarbonEdge: files and live APIs in, {@code GridIntensity} records out, replayed
 * in event-time order into any {@link org.carbonedge.feed.replay.IntensitySink} (the Kafka producer of
 * {@code carbonedge.grid-intensity} is one). No Kafka or CLI code lives here.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@code replay FILE...}: {@link org.carbonedge.feed.FeedLoader} ({@link org.carbonedge.feed.FeedLoadOptions}:
 *       format or auto-detection, reader settings, gap policy, strict) gives a {@link org.carbonedge.feed.LoadedFeed}
 *       (per-zone series, rejected rows with file:line, gaps, {@code --summary} lines); then
 *       {@link org.carbonedge.feed.replay.ReplayEngine} with {@link org.carbonedge.feed.replay.ReplayOptions}
 *       (window, speed, rebase, aliases, loop, checkpoint) sends {@code LoadedFeed.series()} to a sink, reporting
 *       {@link org.carbonedge.feed.replay.ReplayProgress} for a terminal bar
 *       ({@link org.carbonedge.feed.replay.ProgressBar}).</li>
 *   <li>built-in demo feed: {@link org.carbonedge.feed.demo.DemoFeed#series} into the same engine.</li>
 *   <li>{@code feed live}: {@link org.carbonedge.feed.live.ElectricityMapsClient},
 *       {@link org.carbonedge.feed.live.UkCarbonIntensityClient}, {@link org.carbonedge.feed.live.WattTimeClient}
 *       driven by {@link org.carbonedge.feed.live.LivePoller}.</li>
 * </ul>
 * Every user-facing failure is a {@link org.carbonedge.feed.FeedException} with a one-line message.
 */
package org.carbonedge.feed;
