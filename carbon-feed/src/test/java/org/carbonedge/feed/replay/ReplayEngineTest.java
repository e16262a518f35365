package org.carbonedge.feed.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayEngineTest {
    private static final Instant T0 = Instant.parse("2023-01-01T00:00:00Z");
    private static final Instant WALL = Instant.parse("2030-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private static List<GridIntensity> series(String zone, Instant start, Duration step, int count, double base) {
        List<GridIntensity> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant from = start.plus(step.multipliedBy(i));
            out.add(new GridIntensity(zone, from, from.plus(step), base + i, SignalType.AVERAGE, IntensityKind.MEASURED,
                    "test", i == 0 ? from.minusSeconds(60) : null));
        }
        return out;
    }

    private static Map<String, List<GridIntensity>> twoZones() {
        Map<String, List<GridIntensity>> m = new TreeMap<>();
        m.put("DE", series("DE", T0, Duration.ofHours(1), 24, 300));
        m.put("GB", series("GB", T0, Duration.ofMinutes(30), 48, 100));
        return m;
    }

    private static ReplayResult run(ReplayOptions options, ReplayClock clock, Map<String, List<GridIntensity>> data,
                                    IntensitySink sink) {
        return new ReplayEngine(options, clock).run(data, sink, ReplayListener.NONE);
    }

    @Test
    void mergesZonesInEventTimeOrderWithZoneTieBreak() {
        CollectingSink sink = new CollectingSink();
        ReplayResult result = run(ReplayOptions.builder().build(), new ManualClock(WALL), twoZones(), sink);
        List<GridIntensity> out = sink.records();
        assertEquals(72, out.size());
        assertEquals(72, result.emitted());
        for (int i = 1; i < out.size(); i++) {
            GridIntensity a = out.get(i - 1);
            GridIntensity b = out.get(i);
            int c = a.getValidFrom().compareTo(b.getValidFrom());
            assertTrue(c < 0 || (c == 0 && a.getZone().compareTo(b.getZone()) < 0), "order at " + i);
        }
        assertEquals(List.of("DE", "GB", "GB", "DE", "GB", "GB"),
                out.subList(0, 6).stream().map(GridIntensity::getZone).collect(Collectors.toList()));
        assertEquals(Map.of("DE", 24L, "GB", 48L), result.perZone());
        assertEquals(T0, out.get(0).getValidFrom(), "historical time kept");
    }

    @Test
    void windowIsInclusiveOfFromAndExclusiveOfTo() {
        CollectingSink sink = new CollectingSink();
        run(ReplayOptions.builder().window(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(4))).build(),
                new ManualClock(WALL), twoZones(), sink);
        List<GridIntensity> out = sink.records();
        assertEquals(2 + 4, out.size());
        assertEquals(T0.plus(Duration.ofHours(2)), out.get(0).getValidFrom());
        assertTrue(out.stream().allMatch(r -> r.getValidFrom().isBefore(T0.plus(Duration.ofHours(4)))));
        FeedException empty = assertThrows(FeedException.class, () -> run(ReplayOptions.builder()
                .window(Instant.parse("2024-01-01T00:00:00Z"), null).build(), new ManualClock(WALL), twoZones(),
                new CollectingSink()));
        assertEquals("no records to replay in the window 2024-01-01T00:00:00Z .. -", empty.getMessage());
        assertEquals("--from 2023-01-02T00:00:00Z must be before --to 2023-01-01T00:00:00Z", assertThrows(
                FeedException.class, () -> ReplayOptions.builder().window(T0.plus(Duration.ofDays(1)), T0).build())
                .getMessage());
    }

    @Test
    void aliasesPublishSourceZoneDataUnderOtherNames() {
        CollectingSink sink = new CollectingSink();
        ZoneAliases aliases = ZoneAliases.parse(List.of("edge-berlin=DE", "edge-munich=DE"));
        ReplayResult result = run(ReplayOptions.builder().aliases(aliases).build(), new ManualClock(WALL), twoZones(),
                sink);
        assertEquals(Map.of("DE", 24L, "GB", 48L, "edge-berlin", 24L, "edge-munich", 24L), result.perZone());
        List<GridIntensity> berlin = sink.records().stream().filter(r -> r.getZone().equals("edge-berlin"))
                .collect(Collectors.toList());
        assertEquals(300.0, berlin.get(0).getGco2PerKwh(), 0);
        assertEquals(T0, berlin.get(0).getValidFrom());

        CollectingSink only = new CollectingSink();
        ReplayResult onlyResult = run(ReplayOptions.builder().aliases(ZoneAliases.parse(List.of("edge-berlin=DE")))
                .aliasesOnly(true).build(), new ManualClock(WALL), twoZones(), only);
        assertEquals(Map.of("edge-berlin", 24L), onlyResult.perZone());

        assertEquals("--zone-alias edge-paris=FR: zone FR is not in the input (zones: DE, GB)",
                assertThrows(FeedException.class, () -> run(ReplayOptions.builder()
                        .aliases(ZoneAliases.parse(List.of("edge-paris=FR"))).build(), new ManualClock(WALL),
                        twoZones(), new CollectingSink())).getMessage());
        assertEquals("bad --zone-alias 'edge-berlin': expected alias=ZONE, e.g. edge-berlin=DE",
                assertThrows(FeedException.class, () -> ZoneAliases.parse(List.of("edge-berlin"))).getMessage());
    }

    @Test
    void rebaseToNowShiftsEveryTimeSoTheWindowStartsNow() {
        CollectingSink sink = new CollectingSink();
        run(ReplayOptions.builder().window(T0.plus(Duration.ofHours(6)), null).rebaseToNow().build(),
                new ManualClock(WALL), twoZones(), sink);
        List<GridIntensity> out = sink.records();
        assertEquals(WALL, out.get(0).getValidFrom());
        assertEquals(WALL.plus(Duration.ofHours(1)), out.get(0).getValidTo());
        GridIntensity lastDe = out.stream().filter(r -> r.getZone().equals("DE")).reduce((a, b) -> b).orElseThrow();
        assertEquals(WALL.plus(Duration.ofHours(17)), lastDe.getValidFrom());

        CollectingSink fixed = new CollectingSink();
        Instant target = Instant.parse("2031-01-01T00:00:00Z");
        run(ReplayOptions.builder().rebaseTo(target).build(), new ManualClock(WALL), twoZones(), fixed);
        assertEquals(target, fixed.records().get(0).getValidFrom());
        assertEquals(target.minusSeconds(60), fixed.records().get(0).getPublishedAt(), "publishedAt shifted too");
    }

    @Test
    void speedPacesAgainstTheClockWithoutRealSleeping() {
        ManualClock clock = new ManualClock(WALL);
        List<Instant> emittedAt = new ArrayList<>();
        IntensitySink timing = new IntensitySink() {
            @Override
            public void accept(GridIntensity record) {
                emittedAt.add(clock.now());
            }

            @Override
            public void flush() {
            }
        };
        Map<String, List<GridIntensity>> de = Map.of("DE", series("DE", T0, Duration.ofHours(1), 24, 300));
        ReplayResult result = run(ReplayOptions.builder().speed(ReplaySpeed.parse("3600")).build(), clock, de, timing);
        assertEquals(24, result.emitted());
        for (int i = 0; i < 24; i++) {
            assertEquals(WALL.plusSeconds(i), emittedAt.get(i), "record " + i + " one grid hour = one wall second");
        }
        assertEquals(Duration.ofSeconds(23), clock.totalSlept());
        assertEquals(Duration.ofSeconds(23), result.wallDuration());

        ManualClock fast = new ManualClock(WALL);
        run(ReplayOptions.builder().speed(ReplaySpeed.parse("max")).build(), fast, de, new CollectingSink());
        assertEquals(0, fast.sleepCount());
        assertEquals(ReplaySpeed.MAX, ReplaySpeed.parse("0"));
        assertEquals("bad --speed 'fast': use a positive number or max",
                assertThrows(FeedException.class, () -> ReplaySpeed.parse("fast")).getMessage());
    }

    @Test
    void loopsShiftEachPassByTheWindowLength() {
        CollectingSink sink = new CollectingSink();
        Map<String, List<GridIntensity>> de = Map.of("DE", series("DE", T0, Duration.ofHours(1), 24, 300));
        ReplayResult result = run(ReplayOptions.builder().loops(3).build(), new ManualClock(WALL), de, sink);
        List<GridIntensity> out = sink.records();
        assertEquals(72, out.size());
        assertEquals(3, result.loopsCompleted());
        for (int i = 1; i < out.size(); i++) {
            assertEquals(out.get(i - 1).getValidTo(), out.get(i).getValidFrom(), "continuous event time at " + i);
        }
        assertEquals(T0.plus(Duration.ofDays(2)), out.get(48).getValidFrom());
        assertEquals(300.0, out.get(48).getGco2PerKwh(), 0);
    }

    @Test
    void stoppedReplayResumesFromTheCheckpointWithoutDuplicates() {
        Path checkpoint = dir.resolve("replay.ckpt");
        ZoneAliases aliases = ZoneAliases.parse(List.of("edge-berlin=DE"));
        ReplayOptions options = ReplayOptions.builder().aliases(aliases).checkpoint(checkpoint, 5)
                .progress(Duration.ofSeconds(1), 1).build();
        CollectingSink first = new CollectingSink();
        ReplayEngine engine = new ReplayEngine(options, new ManualClock(WALL));
        ReplayResult stopped = engine.run(twoZones(), first, progress -> {
            if (progress.emittedTotal() >= 30) {
                engine.requestStop();
            }
        });
        assertTrue(stopped.stopped());
        assertEquals(30, stopped.emitted());
        assertTrue(Files.exists(checkpoint));
        ReplayCheckpoint saved = ReplayCheckpoint.load(checkpoint);
        assertEquals(0, saved.loop());
        assertEquals("DE,GB,edge-berlin", saved.zones());

        CollectingSink second = new CollectingSink();
        ReplayResult resumed = new ReplayEngine(options, new ManualClock(WALL)).run(twoZones(), second,
                ReplayListener.NONE);
        assertFalse(resumed.stopped());
        assertEquals(30, resumed.skippedOnResume());
        assertEquals(96 - 30, resumed.emitted());

        CollectingSink whole = new CollectingSink();
        run(ReplayOptions.builder().aliases(aliases).build(), new ManualClock(WALL), twoZones(), whole);
        List<String> expected = keys(whole.records());
        List<String> actual = keys(first.records());
        actual.addAll(keys(second.records()));
        assertEquals(expected, actual, "stop + resume sends exactly the whole replay, in order");

        CollectingSink third = new CollectingSink();
        ReplayResult again = new ReplayEngine(options, new ManualClock(WALL)).run(twoZones(), third,
                ReplayListener.NONE);
        assertEquals(0, again.emitted(), "a finished checkpoint sends nothing more");
    }

    @Test
    void checkpointOfAnotherReplayIsRefused() {
        Path checkpoint = dir.resolve("other.ckpt");
        new ReplayCheckpoint("-..-", "FR", 0, Map.of()).save(checkpoint);
        FeedException e = assertThrows(FeedException.class, () -> run(ReplayOptions.builder()
                .checkpoint(checkpoint, 10).build(), new ManualClock(WALL), twoZones(), new CollectingSink()));
        assertEquals(checkpoint + ": checkpoint belongs to another replay (window -..-, zones FR; this replay: window "
                + "-..-, zones DE,GB); delete it to start over", e.getMessage());
    }

    @Test
    void resumeWithRebaseContinuesFromNowAndAcrossLoops() {
        Path checkpoint = dir.resolve("loop.ckpt");
        Map<String, List<GridIntensity>> de = Map.of("DE", series("DE", T0, Duration.ofHours(1), 10, 300));
        ReplayOptions options = ReplayOptions.builder().loops(2).rebaseToNow().checkpoint(checkpoint, 1)
                .progress(Duration.ofSeconds(1), 1).build();
        ReplayEngine engine = new ReplayEngine(options, new ManualClock(WALL));
        CollectingSink first = new CollectingSink();
        engine.run(de, first, p -> {
            if (p.emittedTotal() >= 13) {
                engine.requestStop();
            }
        });
        assertEquals(13, first.size());
        assertEquals(1, ReplayCheckpoint.load(checkpoint).loop());
        Instant later = WALL.plus(Duration.ofDays(3));
        CollectingSink second = new CollectingSink();
        ReplayResult rest = new ReplayEngine(options, new ManualClock(later)).run(de, second, ReplayListener.NONE);
        assertEquals(7, rest.emitted());
        assertEquals(later, second.records().get(0).getValidFrom(), "the first remaining record starts now");
        assertEquals(303.0, second.records().get(0).getGco2PerKwh(), 0);
    }

    @Test
    void progressReachesTheEndAndRendersABar() {
        List<ReplayProgress> seen = new ArrayList<>();
        ReplayEngine engine = new ReplayEngine(ReplayOptions.builder().progress(Duration.ofSeconds(1), 10).build(),
                new ManualClock(WALL));
        engine.run(twoZones(), new CollectingSink(), seen::add);
        assertTrue(seen.size() >= 7, "every 10 of 72 records, plus the end: " + seen.size());
        ReplayProgress last = seen.get(seen.size() - 1);
        assertTrue(last.finished());
        assertEquals(1.0, last.fraction(), 0);
        assertEquals(72, last.emittedTotal());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).emittedTotal() >= seen.get(i - 1).emittedTotal());
        }
        assertEquals("[##########] 100.0%  72/72  loop 1/1  event 2023-01-01T23:30:00Z", ProgressBar.render(last, 10));
    }

    @Test
    void everyRecordIsDeliveredOnceAtMaxSpeed() {
        Map<String, List<GridIntensity>> data = twoZones();
        CollectingSink sink = new CollectingSink();
        run(ReplayOptions.builder().build(), new ManualClock(WALL), data, sink);
        Set<String> seen = new HashSet<>();
        for (GridIntensity r : sink.records()) {
            assertTrue(seen.add(r.getZone() + "@" + r.getValidFrom()), "duplicate " + r);
        }
        assertEquals(72, seen.size());
        assertTrue(sink.flushes() >= 1);
    }

    private static List<String> keys(List<GridIntensity> records) {
        return records.stream().map(r -> r.getZone() + "@" + r.getValidFrom() + "=" + r.getGco2PerKwh())
                .collect(Collectors.toCollection(ArrayList::new));
    }
}
