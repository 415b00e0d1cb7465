package dev.mirrorline.engine.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mirrorline.engine.storage.FileSystemStorage;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.time.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InFlightLogTest {

    private static final int BLOCK = 4096;
    private static final long STILL_BLOCKED_MILLIS = 300;

    @TempDir
    Path directory;

    private final Storage storage = new FileSystemStorage();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<InFlightLog> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "test threads did not stop");
        for (InFlightLog log : opened) {
            log.close();
        }
    }

    private InFlightLog open(InFlightLogConfig config) throws Exception {
        InFlightLog log = InFlightLog.open(storage, directory.resolve("journal"), config, Clock.system());
        opened.add(log);
        return log;
    }

    @Test
    void theAgeOfTheOldestUnacknowledgedUpdateIsMeasuredFromItsAppendNotFromTheLastQuietMoment() throws Exception {
        ManualClock clock = new ManualClock();
        InFlightLog log = InFlightLog.open(storage, directory.resolve("journal"), InFlightLogConfig.defaults(), clock);
        opened.add(log);
        assertEquals(java.time.Duration.ZERO, log.oldestUnacknowledgedAge());

        log.append(0, block(1, 4096)); // at 0 ms
        clock.advance(java.time.Duration.ofMillis(5));
        log.append(4096, block(2, 4096)); // at 5 ms
        clock.advance(java.time.Duration.ofNanos(300_000));
        log.append(8192, block(3, 4096)); // at 5.3 ms: within the resolution of the one before
        clock.advance(java.time.Duration.ofMillis(10_000));
        assertEquals(java.time.Duration.ofNanos(10_005_300_000L), log.oldestUnacknowledgedAge());

        log.acknowledge(1);
        assertEquals(java.time.Duration.ofNanos(10_000_300_000L), log.oldestUnacknowledgedAge(), "update 2's age");
        log.acknowledge(2);
        assertEquals(java.time.Duration.ofNanos(10_000_300_000L), log.oldestUnacknowledgedAge(),
                "update 3 came within a millisecond of update 2: counted from update 2's time");
        log.acknowledge(3);
        assertEquals(java.time.Duration.ZERO, log.oldestUnacknowledgedAge());

        for (int i = 0; i < 100; i++) { // a steady load that never lets the log run empty
            log.append(i * 4096L, block(i, 4096));
            clock.advance(java.time.Duration.ofMillis(10));
            log.acknowledge(log.highestAssigned() - 1);
        }
        assertEquals(java.time.Duration.ofMillis(10), log.oldestUnacknowledgedAge(),
                "the oldest unacknowledged update is one write old, however long the load has run");
    }

    /** Bytes that tell blocks apart: every byte derived from the block number. */
    static ByteBuffer block(int number, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (number * 31 + i);
        }
        return ByteBuffer.wrap(bytes);
    }

    @Test
    void sequenceNumbersStartAtOneAndGoUpByOne() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());

        Update first = log.append(0, block(1, BLOCK));
        Update second = log.append(8 * BLOCK, block(2, BLOCK));
        Update third = log.append(BLOCK, block(3, 512));

        assertEquals(List.of(1L, 2L, 3L), List.of(first.sequence(), second.sequence(), third.sequence()));
        assertEquals(8 * BLOCK, second.offset());
        assertEquals(block(2, BLOCK), second.data());
        assertEquals(new InFlightCounts(3, 2 * BLOCK + 512, 3, 0), log.counts());
        assertEquals(List.of(first, second, third), log.unacknowledged());
    }

    @Test
    void appendCopiesTheDataAndLeavesTheCallersBufferAlone() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        ByteBuffer data = block(7, BLOCK);

        Update update = log.append(0, data);
        data.put(0, (byte) 99);

        assertEquals(0, data.position());
        assertEquals(block(7, BLOCK), update.data());
        assertThrows(ReadOnlyBufferException.class, () -> update.data().put(0, (byte) 1));
    }

    @Test
    void acknowledgingDropsExactlyTheUpdatesUpToThatSequenceNumber() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        List<Update> appended = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            appended.add(log.append((long) i * BLOCK, block(i, BLOCK)));
        }

        int dropped = log.acknowledge(3);

        assertEquals(3, dropped);
        assertEquals(appended.subList(3, 5), log.unacknowledged());
        assertEquals(new InFlightCounts(2, 2 * BLOCK, 5, 3), log.counts());
        assertEquals(2, log.acknowledge(5));
        assertEquals(List.of(), log.unacknowledged());
        assertEquals(new InFlightCounts(0, 0, 5, 5), log.counts());
    }

    @Test
    void aLowerOrRepeatedAcknowledgementIsIgnored() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        for (int i = 1; i <= 4; i++) {
            log.append(0, block(i, BLOCK));
        }
        log.acknowledge(3);

        assertEquals(0, log.acknowledge(2));
        assertEquals(0, log.acknowledge(3));
        assertEquals(0, log.acknowledge(0));

        assertEquals(new InFlightCounts(1, BLOCK, 4, 3), log.counts());
    }

    @Test
    void anAcknowledgementBeyondTheHighestSequenceNumberOrBelowZeroIsRefused() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        for (int i = 1; i <= 5; i++) {
            log.append(0, block(i, BLOCK));
        }

        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class, () -> log.acknowledge(6));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> log.acknowledge(-1));

        assertEquals("Acknowledgement of update 6 is beyond the highest sequence number assigned, 5", beyond.getMessage());
        assertEquals("Acknowledgement of update -1 is invalid: sequence numbers start at 1", negative.getMessage());
        assertEquals(new InFlightCounts(5, 5 * BLOCK, 5, 0), log.counts());
    }

    @Test
    void theUnacknowledgedListIsAnImmutableCopy() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        log.append(0, block(1, BLOCK));
        log.append(BLOCK, block(2, BLOCK));

        List<Update> captured = log.unacknowledged();
        log.acknowledge(2);
        log.append(0, block(3, BLOCK));

        assertEquals(List.of(1L, 2L), sequences(captured));
        assertThrows(UnsupportedOperationException.class, () -> captured.remove(0));
    }

    @Test
    void anUpdateLargerThanTheWholeWindowIsRefused() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults().withWindowBytes(4 * BLOCK));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> log.append(0, ByteBuffer.allocate(4 * BLOCK + 1)));

        assertEquals("An update of 16385 bytes can never fit in the in-flight window of 16384 bytes;"
                + " split it or enlarge the window", refused.getMessage());
        assertEquals(new InFlightCounts(0, 0, 0, 0), log.counts());
        assertEquals(1, log.append(0, ByteBuffer.allocate(4 * BLOCK)).sequence(), "exactly the window fits");
    }

    @Test
    void anEmptyUpdateOrANegativeOffsetIsRefused() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());

        assertEquals("An update must hold at least one byte",
                assertThrows(IllegalArgumentException.class, () -> log.append(0, ByteBuffer.allocate(0))).getMessage());
        assertEquals("Update offset -4096 is negative",
                assertThrows(IllegalArgumentException.class, () -> log.append(-4096, block(1, BLOCK))).getMessage());
    }

    @Test
    void anAppendThatWouldExceedTheWindowWaitsUntilAnAcknowledgementFreesRoom() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults().withWindowBytes(3 * BLOCK));
        for (int i = 1; i <= 3; i++) {
            log.append(0, block(i, BLOCK));
        }
        CountDownLatch appending = new CountDownLatch(1);

        Future<Update> fourth = threads.submit(() -> {
            appending.countDown();
            return log.append(0, block(4, BLOCK));
        });

        assertTrue(appending.await(10, TimeUnit.SECONDS));
        assertThrows(TimeoutException.class, () -> fourth.get(STILL_BLOCKED_MILLIS, TimeUnit.MILLISECONDS));
        assertEquals(new InFlightCounts(3, 3 * BLOCK, 3, 0), log.counts());
        log.acknowledge(1);
        assertEquals(4, fourth.get(10, TimeUnit.SECONDS).sequence());
        assertEquals(new InFlightCounts(3, 3 * BLOCK, 4, 1), log.counts());
    }

    @Test
    void appendersWaitingForRoomAreServedInArrivalOrder() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults().withWindowBytes(4 * BLOCK));
        for (int i = 1; i <= 4; i++) {
            log.append(0, block(i, BLOCK));
        }
        Future<Update> large = threads.submit(() -> log.append(0, block(10, 3 * BLOCK)));
        assertThrows(TimeoutException.class, () -> large.get(STILL_BLOCKED_MILLIS, TimeUnit.MILLISECONDS));
        Future<Update> small = threads.submit(() -> log.append(0, block(11, BLOCK)));
        assertThrows(TimeoutException.class, () -> small.get(STILL_BLOCKED_MILLIS, TimeUnit.MILLISECONDS));

        log.acknowledge(1); // room for the small one, not the large one: the small one must not overtake

        assertThrows(TimeoutException.class, () -> small.get(STILL_BLOCKED_MILLIS, TimeUnit.MILLISECONDS));
        assertEquals(Optional.empty(), log.tryAppend(0, block(12, BLOCK), Duration.ZERO),
                "a newcomer must not overtake appenders already waiting, even when it fits");
        log.acknowledge(3);
        assertEquals(5, large.get(10, TimeUnit.SECONDS).sequence());
        assertThrows(TimeoutException.class, () -> small.get(STILL_BLOCKED_MILLIS, TimeUnit.MILLISECONDS));
        log.acknowledge(4);
        assertEquals(6, small.get(10, TimeUnit.SECONDS).sequence());
    }

    @Test
    void aTimedAppendGivesUpWhenNoRoomIsFreedInTime() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults().withWindowBytes(2 * BLOCK));
        log.append(0, block(1, BLOCK));
        log.append(0, block(2, BLOCK));

        long start = System.nanoTime();
        Optional<Update> late = log.tryAppend(0, block(3, BLOCK), Duration.ofMillis(200));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(Optional.empty(), late);
        assertTrue(waitedMillis >= 200, "gave up after " + waitedMillis + " ms");
        assertEquals(Optional.empty(), log.tryAppend(0, block(3, BLOCK), Duration.ZERO));
        assertEquals(new InFlightCounts(2, 2 * BLOCK, 2, 0), log.counts());
        log.acknowledge(1);
        assertEquals(3, log.tryAppend(0, block(3, BLOCK), Duration.ZERO).orElseThrow().sequence());
    }

    @Test
    void anAppendWaitingForRoomCanBeInterruptedAndAppendsNothing() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults().withWindowBytes(BLOCK));
        log.append(0, block(1, BLOCK));
        Worker<Update> waiting = new Worker<>("appender", () -> log.append(0, block(2, BLOCK)));
        assertTrue(waiting.stillRunningAfter(STILL_BLOCKED_MILLIS));

        waiting.interrupt();

        assertEquals(InterruptedException.class, waiting.failure().getClass());
        log.acknowledge(1);
        assertEquals(2, log.append(0, block(3, BLOCK)).sequence(), "the interrupted append took no number");
        assertEquals(List.of(block(3, BLOCK)), List.of(log.unacknowledged().get(0).data()));
    }

    @Test
    void concurrentAppendsGetDistinctConsecutiveNumbersAndShareForces() throws Exception {
        ForceCountingStorage slowDisk = new ForceCountingStorage(storage, Duration.ofMillis(20));
        InFlightLog log = InFlightLog.open(slowDisk, directory.resolve("journal"), InFlightLogConfig.defaults(),
                Clock.system());
        opened.add(log);
        int appenders = 8;
        int appendsEach = 5;
        int forcesAtOpen = slowDisk.forces.get();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int a = 0; a < appenders; a++) {
            int appender = a;
            results.add(threads.submit(() -> {
                start.await();
                List<Long> sequences = new ArrayList<>();
                for (int i = 0; i < appendsEach; i++) {
                    sequences.add(log.append(0, block(appender * 100 + i, BLOCK)).sequence());
                }
                return sequences;
            }));
        }

        start.countDown();
        Set<Long> all = new TreeSet<>();
        for (Future<List<Long>> result : results) {
            List<Long> sequences = result.get(20, TimeUnit.SECONDS);
            assertEquals(new ArrayList<>(new TreeSet<>(sequences)), sequences, "one appender's numbers go up");
            all.addAll(sequences);
        }

        int appends = appenders * appendsEach;
        assertEquals(appends, all.size());
        assertEquals(1L, all.iterator().next());
        assertEquals(appends, ((TreeSet<Long>) all).last());
        List<Long> inOrder = sequences(log.unacknowledged());
        assertEquals(new ArrayList<>(all), inOrder);
        int forces = slowDisk.forces.get() - forcesAtOpen;
        assertTrue(forces <= appends / 2, forces + " forces for " + appends + " concurrent appends: no group commit");
    }

    @Test
    void closingWakesAnAppendWaitingForRoomWithAClearError() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults().withWindowBytes(BLOCK));
        log.append(0, block(1, BLOCK));
        Future<Update> waiting = threads.submit(() -> log.append(0, block(2, BLOCK)));
        assertThrows(TimeoutException.class, () -> waiting.get(STILL_BLOCKED_MILLIS, TimeUnit.MILLISECONDS));

        log.close();

        Throwable cause = assertThrows(ExecutionException.class,
                () -> waiting.get(10, TimeUnit.SECONDS)).getCause();
        assertEquals(IllegalStateException.class, cause.getClass());
        assertEquals("The in-flight log in " + directory.resolve("journal") + " is closed", cause.getMessage());
        assertFalse(log.unacknowledged().isEmpty());
    }

    @Test
    void aSecondLogOnTheSameDirectoryIsRefusedWhileTheFirstIsOpen() throws Exception {
        InFlightLog first = open(InFlightLogConfig.defaults());
        first.append(0, block(1, BLOCK));

        IOException refused = assertThrows(IOException.class,
                () -> open(InFlightLogConfig.defaults()));

        assertEquals("The in-flight journal in " + directory.resolve("journal")
                + " is already open, in this process or another; only one log may use it at a time", refused.getMessage());
        first.close();
        assertEquals(1, open(InFlightLogConfig.defaults()).unacknowledged().size());
    }

    @Test
    void updatesAreCopiedSoThatTheirBytesCanBeComparedByValue() {
        Update a = new Update(1, 0, new byte[] { 1, 2, 3 });
        Update b = new Update(1, 0, new byte[] { 1, 2, 3 });

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(new Update(1, 0, new byte[] { 1, 2, 4 })));
        assertArrayEquals(new byte[] { 1, 2, 3 }, a.copyOfData());
        assertEquals("Update #1 at 0 (3 bytes)", a.toString());
    }

    static List<Long> sequences(List<Update> updates) {
        List<Long> sequences = new ArrayList<>();
        for (Update update : updates) {
            sequences.add(update.sequence());
        }
        return sequences;
    }

}
