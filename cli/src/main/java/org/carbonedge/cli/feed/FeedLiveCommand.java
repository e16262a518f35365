package org.carbonedge.cli.feed;

import org.carbonedge.cli.io.StopOnSignal;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.metrics.FeedMetrics;
import org.carbonedge.cli.metrics.MetricsOptions;
import org.carbonedge.cli.UsageException;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.feed.live.ElectricityMapsClient;
import org.carbonedge.feed.live.LivePoller;
import org.carbonedge.feed.live.ResilientHttp;
import org.carbonedge.feed.live.UkCarbonIntensityClient;
import org.carbonedge.feed.live.WattTimeClient;
import org.carbonedge.feed.live.WattTimeSignal;
import org.carbonedge.feed.read.ReadResult;
import org.carbonedge.feed.replay.ReplayClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge feed live --source electricitymaps|uk|watttime}: polls a live carbon-intensity API and publishes
 * what is new to {@code carbonedge.grid-intensity}. Timeouts, retries with back-off and rate limits are handled
 * by the clients; transient failures are reported and polling goes on, refused credentials stop it.
 */
@Command(name = "live", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Poll a live carbon-intensity API and publish new values to carbonedge.grid-intensity.",
                "Credentials come from the options or the environment (CARBONEDGE_ELECTRICITYMAPS_TOKEN,"
                        + " CARBONEDGE_WATTTIME_USERNAME, CARBONEDGE_WATTTIME_PASSWORD)."})
public final class FeedLiveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--source", required = true, paramLabel = "electricitymaps|uk|watttime", description = "The API to poll.")
    String source;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Electricity Maps zone, e.g. DE (repeatable).")
    List<String> zones = new ArrayList<>();

    @Option(names = "--region", paramLabel = "REGION",
            description = "UK: region id 1-17 or 'all' (default: national, zone GB); WattTime: region code, e.g. CAISO_NORTH (repeatable).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CARBONEDGE_ELECTRICITYMAPS_TOKEN}",
            description = "Electricity Maps API token (default: $CARBONEDGE_ELECTRICITYMAPS_TOKEN).")
    String token;

    @Option(names = "--username", paramLabel = "USER", defaultValue = "${env:CARBONEDGE_WATTTIME_USERNAME}",
            description = "WattTime user (default: $CARBONEDGE_WATTTIME_USERNAME).")
    String username;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "${env:CARBONEDGE_WATTTIME_PASSWORD}",
            description = "WattTime password (default: $CARBONEDGE_WATTTIME_PASSWORD; prefer the variable over the option).")
    String password;

    @Option(names = "--signal", paramLabel = "co2_moer|co2_aoer", defaultValue = "co2_moer",
            description = "WattTime signal: co2_moer (marginal, default) or co2_aoer (average).")
    String signal;

    @Option(names = "--emission-factor", paramLabel = "direct|lifecycle", defaultValue = "direct",
            description = "Electricity Maps emission factor (default: ${DEFAULT-VALUE}).")
    String emissionFactor;

    @Option(names = "--forecast", description = "Also publish forecasts (kind FORECAST). Their event times lie ahead:"
            + " the broker must accept them (message.timestamp.after.max.ms on the topic).")
    boolean forecast;

    @Option(names = "--base-url", paramLabel = "URL", description = "API base URL (default: the public API of the source).")
    String baseUrl;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5m", description = "Time between polls (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--once", description = "Poll once, publish, and exit.")
    boolean once;

    @Override
    public Integer call() {
        Duration every = TimeArguments.positiveDuration("--interval", interval);
        List<Supplier<ReadResult>> queries = queries(every);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long published;
        FeedMetrics meter = new FeedMetrics(Clock.systemUTC());
        try (MetricsOptions.Served endpoint = metrics.serve(meter.registry(), err);
             KafkaIntensitySink sink = KafkaIntensitySink.open(connection.settings(), "carbonedge-feed-live",
                ProducerTuning.LOW_LATENCY)) {
            LivePoller poller = new LivePoller(queries, meter.meter(sink), every, ReplayClock.system(), line -> {
                err.println(Instant.now() + " " + line);
                err.flush();
            });
            if (once) {
                published = poller.pollOnce();
            } else {
                err.println("polling " + source + " every " + EventTimeCheck.human(every) + "; Ctrl-C stops");
                err.flush();
                try (StopOnSignal stop = new StopOnSignal(poller::requestStop, java.time.Duration.ofSeconds(30))) {
                    published = poller.run();
                }
            }
        }
        out.println("live source=" + source + " published=" + published);
        out.flush();
        return 0;
    }

    private List<Supplier<ReadResult>> queries(Duration every) {
        List<Supplier<ReadResult>> queries = new ArrayList<>();
        ResilientHttp http = ResilientHttp.defaults();
        switch (source.strip().toLowerCase(Locale.ROOT)) {
            case "electricitymaps": {
                requireNone(regions, "--region", "electricitymaps (use --zone)");
                if (zones.isEmpty()) {
                    throw new UsageException("--source electricitymaps needs at least one --zone, e.g. --zone DE");
                }
                if (blank(token)) {
                    throw new UsageException("--source electricitymaps needs an API token: --token or $CARBONEDGE_ELECTRICITYMAPS_TOKEN");
                }
                ElectricityMapsClient client = new ElectricityMapsClient(base(ElectricityMapsClient.DEFAULT_BASE), token,
                        ReaderOptions.parseEmissionFactor(emissionFactor), http);
                for (String zone : zones) {
                    queries.add(() -> client.latest(zone));
                    if (forecast) {
                        queries.add(() -> client.forecast(zone));
                    }
                }
                return queries;
            }
            case "uk": {
                requireNone(zones, "--zone", "uk (use --region)");
                UkCarbonIntensityClient client = new UkCarbonIntensityClient(base(UkCarbonIntensityClient.DEFAULT_BASE), http);
                if (regions.isEmpty()) {
                    queries.add(client::current);
                }
                for (String region : regions) {
                    if (region.equalsIgnoreCase("all")) {
                        queries.add(client::regional);
                    } else {
                        int id = ukRegion(region);
                        queries.add(() -> client.region(id));
                    }
                }
                if (forecast) {
                    queries.add(() -> client.forecast48h(Instant.now()));
                }
                return queries;
            }
            case "watttime": {
                requireNone(zones, "--zone", "watttime (use --region)");
                if (regions.isEmpty()) {
                    throw new UsageException("--source watttime needs at least one --region, e.g. --region CAISO_NORTH");
                }
                if (blank(username) || blank(password)) {
                    throw new UsageException("--source watttime needs credentials: --username/--password or"
                            + " $CARBONEDGE_WATTTIME_USERNAME/$CARBONEDGE_WATTTIME_PASSWORD");
                }
                WattTimeSignal sig = wattTimeSignal(signal);
                WattTimeClient client = new WattTimeClient(base(WattTimeClient.DEFAULT_BASE), username, password, http,
                        Clock.systemUTC());
                Duration lookBack = every.compareTo(Duration.ofHours(1)) > 0 ? every : Duration.ofHours(1);
                for (String region : regions) {
                    queries.add(() -> {
                        Instant now = Instant.now();
                        return client.historical(region, sig, now.minus(lookBack), now);
                    });
                    if (forecast) {
                        queries.add(() -> client.forecast(region, sig, 24));
                    }
                }
                return queries;
            }
            default:
                throw new UsageException("invalid value for option '--source': '" + source + "'; use electricitymaps, uk or watttime");
        }
    }

    private URI base(URI defaultBase) {
        if (baseUrl == null) {
            return defaultBase;
        }
        try {
            URI uri = URI.create(baseUrl);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for option '--base-url': '" + baseUrl + "' is not an http(s) URL");
        }
    }

    private static int ukRegion(String text) {
        try {
            int id = Integer.parseInt(text.strip());
            if (id >= 1 && id <= 17) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException("invalid value for option '--region': '" + text + "'; UK regions are 1-17 or all");
    }

    private static WattTimeSignal wattTimeSignal(String text) {
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "co2_moer":
            case "marginal":
                return WattTimeSignal.CO2_MOER;
            case "co2_aoer":
            case "average":
                return WattTimeSignal.CO2_AOER;
            default:
                throw new UsageException("invalid value for option '--signal': '" + text + "'; use co2_moer or co2_aoer");
        }
    }

    private static void requireNone(List<String> values, String option, String source) {
        if (!values.isEmpty()) {
            throw new UsageException(option + " does not apply to --source " + source);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
