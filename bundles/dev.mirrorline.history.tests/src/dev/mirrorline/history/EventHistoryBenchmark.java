package dev.mirrorline.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEvent.ChunksCopied;
import dev.mirrorline.engine.event.EngineEvent.LinkDown;
import dev.mirrorline.engine.event.EngineEvent.ResyncProgress;
import dev.mirrorline.engine.event.EngineEvent.WritesResumed;

/**
 * Prints the event history's figures on a million events of ten pairs, one millisecond apart:
 * the insert rate (recorded as fast as one thread can, until all are committed), the size on disk,
 * and the latencies of the queries a timeline and an event log make. Not part of the test run:
 * scripts/run-benchmarks runs it. Bounded in count and time.
 */
class EventHistoryBenchmark {

    private static final int EVENTS = 1_000_000;
    private static final int PAIRS = 10;
    private static final int QUERIES = 200;
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path directory;

    @Test
    void insertRateAndQueryLatenciesOnAMillionEvents() throws Exception {
        Path historyDirectory = directory.resolve("history");
        try (EventHistory history = EventHistory.open(historyDirectory)) {
            long start = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                history.record("pair-" + (i % PAIRS), event(i));
            }
            if (!history.awaitRecorded(Duration.ofMinutes(10))) {
                throw new AssertionError("the history did not commit " + EVENTS + " events in ten minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "BENCH event history: %,d events of %d pairs recorded and committed in"
                    + " %.1f s: %,.0f events/s; %.0f MiB on disk%n", EVENTS, PAIRS, seconds, EVENTS / seconds,
                    size(historyDirectory) / 1048576.0);

            Random random = new Random(3);
            Duration span = Duration.ofMillis(EVENTS);
            measure("timeline window (one pair, 10 s, about 1,000 events, oldest first)", history, number -> {
                Instant from = START.plusMillis(random.nextInt(EVENTS - 10_000));
                return EventQuery.all().pair("pair-" + random.nextInt(PAIRS)).between(from, from.plusSeconds(10))
                        .limit(10_000);
            });
            measure("timeline window (one pair, 60 s, about 6,000 events, oldest first)", history, number -> {
                Instant from = START.plusMillis(random.nextInt(EVENTS - 60_000));
                return EventQuery.all().pair("pair-" + random.nextInt(PAIRS)).between(from, from.plusSeconds(60))
                        .limit(10_000);
            });
            measure("event log page (newest 200, all pairs)", history, number -> EventQuery.all().newestFirst()
                    .limit(200));
            measure("event log page (newest 200 of one pair)", history, number -> EventQuery.all()
                    .pair("pair-" + random.nextInt(PAIRS)).newestFirst().limit(200));
            measure("event log page (newest 200 LinkDown, a 1-in-100 type)", history, number -> EventQuery.all()
                    .types(LinkDown.class).newestFirst().limit(200));
            measure("event log page 50 (200 rows at offset 10,000, one pair)", history, number -> EventQuery.all()
                    .pair("pair-" + random.nextInt(PAIRS)).newestFirst().limit(200).offset(10_000));
            long countStart = System.nanoTime();
            long count = history.count(EventQuery.all().pair("pair-3"));
            System.out.printf(Locale.ROOT, "BENCH event history: count of one pair's events (%,d) in %.1f ms;"
                    + " whole span %s%n", count, (System.nanoTime() - countStart) / 1e6, span);
        }
        long reopenStart = System.nanoTime();
        try (EventHistory history = EventHistory.open(historyDirectory)) {
            System.out.printf(Locale.ROOT, "BENCH event history: reopened in %.0f ms after a clean close%n",
                    (System.nanoTime() - reopenStart) / 1e6);
            long checkStart = System.nanoTime();
            List<String> problems = history.integrityProblems();
            System.out.printf(Locale.ROOT, "BENCH event history: the check made after an unclean close takes"
                    + " %.0f ms on %,d events (%s)%n", (System.nanoTime() - checkStart) / 1e6, EVENTS,
                    problems.isEmpty() ? "no problems" : problems);
        }
    }

    private static void measure(String what, EventHistory history, IntFunction<EventQuery> queries) {
        for (int i = 0; i < 20; i++) {
            history.find(queries.apply(i)); // warm up
        }
        long[] nanos = new long[QUERIES];
        long rows = 0;
        for (int i = 0; i < QUERIES; i++) {
            EventQuery query = queries.apply(i);
            long start = System.nanoTime();
            rows += history.find(query).size();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "BENCH event history: %s: median %.2f ms, p99 %.2f ms, %,d rows on"
                + " average, %d queries%n", what, nanos[QUERIES / 2] / 1e6, nanos[QUERIES * 99 / 100] / 1e6,
                rows / QUERIES, QUERIES);
    }

    private static EngineEvent event(int number) {
        Instant at = START.plusMillis(number).plusNanos(number % 1000);
        String volume = "volume-" + (number % PAIRS);
        return switch (number % 100) {
            case 0 -> new LinkDown(at, volume, "no acknowledgement for 5 s");
            case 1, 2, 3, 4, 5 -> new WritesResumed(at, volume, Duration.ofNanos(150_000 + number % 1000));
            case 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 -> new ChunksCopied(at, "snapshot-" + (number % PAIRS), 1, 4096,
                    number);
            default -> new ResyncProgress(at, volume, number, EVENTS, 4096L * number);
        };
    }

    private static long size(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
