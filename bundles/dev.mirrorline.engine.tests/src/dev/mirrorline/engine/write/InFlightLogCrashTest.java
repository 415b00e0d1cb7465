package dev.mirrorline.engine.write;

import static dev.mirrorline.engine.write.InFlightLogTest.block;
import static dev.mirrorline.engine.write.InFlightLogTest.sequences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mirrorline.engine.time.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crashes in the middle of appends and acknowledgements, on storage that loses what was not forced
 * and may leave torn tails: what the log promised must survive, and nothing else may appear.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InFlightLogCrashTest {

    private static final Path JOURNAL = Path.of("/memory/journal");

    private final CrashableStorage storage = new CrashableStorage();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "test threads did not stop");
    }

    private InFlightLog open(InFlightLogConfig config) throws IOException {
        return InFlightLog.open(storage, JOURNAL, config, Clock.system());
    }

    @Test
    void anAppendThatReturnedSurvivesACrashThatLosesEverythingNotForced() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        Update first = log.append(0, block(1, 4096));
        Update second = log.append(4096, block(2, 4096));

        storage.crash(null);

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(List.of(first, second), reopened.unacknowledged());
        }
    }

    @Test
    void anAcknowledgementNotYetForcedMayBeLostAndItsUpdatesComeBackToBeResent() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        for (int i = 1; i <= 3; i++) {
            log.append(0, block(i, 4096));
        }
        log.acknowledge(2);

        storage.crash(null);

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(List.of(1L, 2L, 3L), sequences(reopened.unacknowledged()));
            assertEquals(0, reopened.highestAcknowledged());
        }
    }

    @Test
    void anAcknowledgementIsDurableOnceALaterAppendReturned() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        for (int i = 1; i <= 3; i++) {
            log.append(0, block(i, 4096));
        }
        log.acknowledge(2);
        log.append(0, block(4, 4096));

        storage.crash(null);

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(List.of(3L, 4L), sequences(reopened.unacknowledged()));
            assertEquals(2, reopened.highestAcknowledged());
        }
    }

    @Test
    void anAcknowledgementIsDurableOnceSynced() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        for (int i = 1; i <= 3; i++) {
            log.append(0, block(i, 4096));
        }
        log.acknowledge(2);
        log.sync();

        storage.crash(null);

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(List.of(3L), sequences(reopened.unacknowledged()));
        }
    }

    @Test
    void afterAnIoErrorTheLogFailsAndSaysWhy() throws Exception {
        InFlightLog log = open(InFlightLogConfig.defaults());
        log.append(0, block(1, 4096));
        storage.crash(null); // every open file of the log now fails

        IOException first = assertThrows(IOException.class, () -> log.append(0, block(2, 4096)));
        IOException later = assertThrows(IOException.class, () -> log.acknowledge(1));

        assertEquals("crashed", first.getMessage());
        assertEquals("The in-flight journal in " + JOURNAL + " failed earlier and is unusable: crashed", later.getMessage());
    }

    /**
     * Four appenders and an acknowledger run until a crash at a random moment, which keeps a random
     * part of what was not forced. After reopening: every update whose append returned and that is
     * above the recovered acknowledgement is there, byte for byte, with its number; every update
     * recovered was really appended; numbers run without gaps.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 })
    void aCrashAtAnyMomentLosesNoUpdateWhoseAppendReturnedAndInventsNone(long seed) throws Exception {
        Random random = new Random(seed);
        InFlightLogConfig config = new InFlightLogConfig(64 * 1024, 8 * 1024);
        InFlightLog log = open(config);
        Map<Long, Update> returned = new ConcurrentHashMap<>();
        Map<String, long[]> attempted = new ConcurrentHashMap<>();
        AtomicLong acknowledgedSent = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            int appender = a;
            long appenderSeed = random.nextLong();
            workers.add(threads.submit(() -> {
                Random own = new Random(appenderSeed);
                start.await();
                for (int i = 0; i < 10_000; i++) {
                    byte[] data = new byte[1 + own.nextInt(3000)];
                    own.nextBytes(data);
                    String id = appender + "/" + i;
                    byte[] tag = id.getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(tag, 0, data, 0, Math.min(tag.length, data.length));
                    long offset = own.nextInt(1 << 16) * 512L;
                    attempted.put(key(offset, data), new long[] { offset });
                    Update update;
                    try {
                        update = log.append(offset, ByteBuffer.wrap(data));
                    } catch (IOException crashed) {
                        return null;
                    }
                    returned.put(update.sequence(), update);
                }
                return null;
            }));
        }
        AtomicBoolean crashed = new AtomicBoolean();
        long acknowledgerSeed = random.nextLong();
        workers.add(threads.submit(() -> {
            Random own = new Random(acknowledgerSeed);
            start.await();
            while (!crashed.get()) {
                long highest = log.highestAssigned();
                long acknowledged = log.highestAcknowledged();
                if (highest > acknowledged) {
                    long next = acknowledged + 1 + (long) (own.nextDouble() * (highest - acknowledged));
                    // counted before the call: the record may reach the disk before the call returns
                    acknowledgedSent.accumulateAndGet(next, Math::max);
                    try {
                        log.acknowledge(next);
                    } catch (IOException failed) {
                        return null;
                    }
                }
                Thread.sleep(1);
            }
            return null;
        }));

        start.countDown();
        Thread.sleep(20 + random.nextInt(200));
        storage.crash(random);
        crashed.set(true);
        try {
            log.close(); // wakes appenders waiting for room: no acknowledgement will come
        } catch (IOException expected) {
            // the crash took the journal's files away
        }
        for (Future<?> worker : workers) {
            try {
                worker.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof IOException || e.getCause() instanceof IllegalStateException)) {
                    throw e;
                }
            }
        }
        assertTrue(returned.size() > 10, "only " + returned.size() + " appends before the crash: the test proved little");

        try (InFlightLog reopened = open(config)) {
            long acknowledged = reopened.highestAcknowledged();
            assertTrue(acknowledged <= acknowledgedSent.get(), "recovered an acknowledgement never made");
            List<Update> recovered = reopened.unacknowledged();
            Map<Long, Update> bySequence = new HashMap<>();
            long expected = acknowledged + 1;
            for (Update update : recovered) {
                assertEquals(expected++, update.sequence(), "numbers run without gaps");
                byte[] data = update.copyOfData();
                assertNotNull(attempted.get(key(update.offset(), data)), "recovered an update never appended: " + update);
                Update promised = returned.get(update.sequence());
                if (promised != null) {
                    assertEquals(promised, update);
                }
                bySequence.put(update.sequence(), update);
            }
            for (Update promised : returned.values()) {
                if (promised.sequence() > acknowledged) {
                    assertEquals(promised, bySequence.get(promised.sequence()), "lost " + promised);
                }
            }
            reopened.acknowledge(reopened.highestAssigned()); // the window may be full
            assertEquals(expected, reopened.append(0, block(1, 100)).sequence(), "numbering continues");
        }
    }

    private static String key(long offset, byte[] data) {
        return offset + ":" + Arrays.hashCode(data) + ":" + data.length;
    }
}
