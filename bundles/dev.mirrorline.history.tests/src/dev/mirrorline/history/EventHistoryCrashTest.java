package dev.mirrorline.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.testsupport.ChildJvm;
import dev.mirrorline.engine.event.EngineEvent.WritesFrozen;

/**
 * A process recording events without pause is killed with SIGKILL, three times: each time the
 * history opens again, its table and indexes agree, it holds every event the process had seen
 * committed, exactly once and in order with no gap, and it takes new events.
 */
class EventHistoryCrashTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ROUNDS = 3;
    private static final long EVENTS_PER_ROUND = 20_000;

    @TempDir
    Path directory;

    @Test
    void aProcessKilledWhileRecordingLosesNothingCommittedAndLeavesAHistoryThatOpens() throws Exception {
        Path historyDirectory = directory.resolve("history");
        Random random = new Random(5);
        long stored = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process writer = startWriter(historyDirectory, stored);
            try {
                Output output = new Output(writer);
                output.awaitLine("OPEN");
                long committed = output.awaitCommitted(stored + EVENTS_PER_ROUND);

                IOException locked = assertThrows(IOException.class, () -> EventHistory.open(historyDirectory),
                        "a second process must not open the history while the first writes");
                assertTrue(locked.getMessage().contains("open in another process"), locked.getMessage());

                Thread.sleep(random.nextInt(30));
                writer.destroyForcibly(); // SIGKILL, while the writer thread is in a batch
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
                committed = Math.max(committed, output.lastCommittedAfterExit());

                try (EventHistory history = EventHistory.open(historyDirectory)) {
                    assertEquals(List.of(), history.integrityProblems(), "the table and its indexes agree");
                    long count = history.count(EventQuery.all().pair(HistoryWriterProcess.PAIR));
                    assertTrue(count >= committed, "round " + round + ": " + committed
                            + " events were reported committed, the history holds " + count);
                    assertEventsAreExactlyTheFirst(history, count);
                    history.record("after-crash", new WritesFrozen(SampleEvents.T0, "v"));
                    assertTrue(history.awaitRecorded(TIMEOUT), "the reopened history takes new events");
                    stored = count;
                    System.out.printf("round %d: %d events reported committed at the kill, %d stored%n", round,
                            committed, count);
                }
            } finally {
                writer.destroyForcibly();
                writer.waitFor(30, TimeUnit.SECONDS);
            }
        }
        try (EventHistory history = EventHistory.open(historyDirectory)) {
            assertEquals(ROUNDS, history.count(EventQuery.all().pair("after-crash")));
        }
    }

    private static void assertEventsAreExactlyTheFirst(EventHistory history, long count) {
        long expected = 0;
        long lastId = 0;
        while (expected < count) {
            List<RecordedEvent> page = history.find(EventQuery.all().pair(HistoryWriterProcess.PAIR)
                    .afterId(lastId).limit(10_000));
            assertTrue(!page.isEmpty(), "events after id " + lastId + " are missing");
            for (RecordedEvent recorded : page) {
                EngineEvent event = HistoryWriterProcess.event(expected);
                assertEquals(event, recorded.event(), "event number " + expected + " (id " + recorded.id() + ")");
                assertTrue(recorded.id() > lastId);
                lastId = recorded.id();
                expected++;
            }
        }
        assertEquals(count, expected);
    }

    private Process startWriter(Path historyDirectory, long first) throws Exception {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                ChildJvm.classpath(HistoryWriterProcess.class, EventHistory.class, EngineEvent.class), HistoryWriterProcess.class.getName(), historyDirectory.toString(),
                Long.toString(first)).redirectErrorStream(true).start();
    }

    /** The child's output, read on a thread of its own so that the child never blocks on a full pipe. */
    private static final class Output {

        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final Thread reader;

        Output(Process process) {
            reader = new Thread(() -> {
                try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = output.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "writer-output");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitLine(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (line.equals(expected)) {
                        return;
                    }
                }
            }
            throw new AssertionError("the writer process did not print " + expected + "; it printed " + seen);
        }

        long awaitCommitted(long atLeast) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long committed = 0;
            while (committed < atLeast && System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    committed = Math.max(committed, committedIn(line));
                }
            }
            assertTrue(committed >= atLeast, "the writer process committed only " + committed + " events; it printed "
                    + seen);
            return committed;
        }

        long lastCommittedAfterExit() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(30));
            long committed = 0;
            for (String line : lines) {
                committed = Math.max(committed, committedIn(line));
            }
            return committed;
        }

        private long committedIn(String line) {
            if (!line.startsWith("COMMITTED ")) {
                seen.add(line);
                return 0;
            }
            return Long.parseLong(line.substring("COMMITTED ".length()));
        }
    }
}
