package dev.mirrorline.engine.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEvent.WritesFrozen;
import dev.mirrorline.engine.event.EngineEvent.WritesResumed;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.time.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriteBarrierTest {

    private static final String VOLUME = "vol-a";
    /** Long enough that a wrongly admitted write or a wrongly finished freeze would show. */
    private static final long STILL_BLOCKED_MILLIS = 200;

    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private final List<RuntimeException> listenerErrors = new CopyOnWriteArrayList<>();
    private final EventDispatcher dispatcher = directDispatcher();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private EventDispatcher directDispatcher() {
        EventDispatcher result = new EventDispatcher(Runnable::run, listenerErrors::add);
        result.addListener(events::add);
        return result;
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "test threads did not stop");
        assertEquals(List.of(), listenerErrors);
    }

    @Test
    void noWriteIsInsideItsCriticalSectionWhileFrozenAndNoWriteIsLost() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        int writers = 8;
        long maxWritesPerWriter = 2_000_000;
        AtomicBoolean frozenWindow = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inside = new AtomicLong();
        AtomicLong insideWhileFrozen = new AtomicLong();
        AtomicLong attempted = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            running.add(threads.submit(() -> {
                start.await();
                for (long i = 0; i < maxWritesPerWriter && !stop.get(); i++) {
                    attempted.incrementAndGet();
                    try (WritePermit permit = barrier.enter()) {
                        inside.incrementAndGet();
                        if (frozenWindow.get()) {
                            insideWhileFrozen.incrementAndGet();
                        }
                        Thread.onSpinWait();
                        if (frozenWindow.get()) {
                            insideWhileFrozen.incrementAndGet();
                        }
                        inside.decrementAndGet();
                    }
                    completed.incrementAndGet();
                }
                return null;
            }));
        }

        start.countDown();
        int freezes = 300;
        long writesBefore = 0;
        long freezesAmidWrites = 0;
        long insideWhenFrozen = 0;
        try {
            for (int f = 0; f < freezes; f++) {
                try (WriteFreeze freeze = barrier.freeze()) {
                    frozenWindow.set(true);
                    insideWhenFrozen = Math.max(insideWhenFrozen, inside.get());
                    long frozenUntil = System.nanoTime() + 50_000;
                    while (System.nanoTime() < frozenUntil) {
                        Thread.onSpinWait();
                    }
                    if (completed.get() > writesBefore) {
                        freezesAmidWrites++;
                    }
                    frozenWindow.set(false);
                }
                LockSupport.parkNanos(200_000);
                writesBefore = completed.get();
            }
        } finally {
            frozenWindow.set(false);
            stop.set(true);
        }
        for (Future<?> writer : running) {
            writer.get(20, TimeUnit.SECONDS);
        }

        assertEquals(0, insideWhenFrozen, "a write was in progress when freeze() returned");
        assertEquals(0, insideWhileFrozen.get(), "writes ran while frozen");
        assertEquals(attempted.get(), completed.get(), "writes were lost");
        assertTrue(freezesAmidWrites > 0, "the writers never ran between freezes; the test proved nothing");
        assertEquals(2 * freezes, events.size());
        assertEquals(freezes, barrier.pauseStatistics().count());
    }

    @Test
    void freezeWaitsForAWriteInProgressToFinish() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> writer = threads.submit(() -> {
            try (WritePermit permit = barrier.enter()) {
                entered.countDown();
                release.await();
            }
            return null;
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        Future<WriteFreeze> freezing = threads.submit(barrier::freeze);

        assertThrows(TimeoutException.class, () -> freezing.get(STILL_BLOCKED_MILLIS, TimeUnit.MILLISECONDS));
        assertTrue(barrier.isFrozen(), "new writes are refused as soon as the freeze is requested");
        assertEquals(List.of(), events, "WritesFrozen must wait for the write in progress");
        release.countDown();
        WriteFreeze freeze = freezing.get(10, TimeUnit.SECONDS);
        writer.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(WritesFrozen.class), eventTypes());
        barrier.resume(freeze);
    }

    @Test
    void aWriteThatArrivesWhileFrozenWaitsUntilWritesResumeFromAnotherThread() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        WriteFreeze freeze = barrier.freeze();
        AtomicBoolean written = new AtomicBoolean();

        Future<?> writer = threads.submit(() -> {
            try (WritePermit permit = barrier.enter()) {
                written.set(true);
            }
        });

        assertThrows(TimeoutException.class, () -> writer.get(STILL_BLOCKED_MILLIS, TimeUnit.MILLISECONDS));
        assertFalse(written.get());
        threads.submit(() -> barrier.resume(freeze)).get(10, TimeUnit.SECONDS);
        writer.get(10, TimeUnit.SECONDS);
        assertTrue(written.get());
        assertFalse(barrier.isFrozen());
        assertTrue(freeze.isResumed());
    }

    @Test
    void runFrozenReturnsWhatTheActionReturnsWithNoWriteInProgress() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);

        String result = barrier.runFrozen(() -> {
            assertTrue(barrier.isFrozen());
            assertEquals(0, barrier.writesInProgress());
            return "snapshot-1";
        });

        assertEquals("snapshot-1", result);
        assertFalse(barrier.isFrozen());
    }

    @Test
    void runFrozenResumesWritesWhenTheActionThrowsAndTheExceptionPropagates() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        IOException failure = new IOException("snapshot store is full");

        IOException thrown = assertThrows(IOException.class, () -> barrier.runFrozen(() -> {
            throw failure;
        }));

        assertSame(failure, thrown);
        assertFalse(barrier.isFrozen());
        threads.submit(() -> barrier.enter().close()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(WritesFrozen.class, WritesResumed.class), eventTypes());
        Duration pause = ((WritesResumed) events.get(1)).pause();
        assertTrue(pause.compareTo(Duration.ZERO) > 0, "pause " + pause + " is not positive");
        assertEquals(Optional.of(pause), barrier.lastPause());
    }

    @Test
    void freezeAndResumePublishTheVolumeTheirTimesAndThePauseFromTheFreezeRequest() throws Exception {
        ManualClock clock = new ManualClock();
        WriteBarrier barrier = new WriteBarrier(VOLUME, clock, dispatcher);

        WriteFreeze freeze = barrier.freeze();
        clock.advance(Duration.ofMillis(3));
        barrier.resume(freeze);

        assertEquals(List.of(new WritesFrozen(ManualClock.START, VOLUME),
                new WritesResumed(ManualClock.START.plusMillis(3), VOLUME, Duration.ofMillis(3))), events);
        assertEquals(Optional.of(Duration.ofMillis(3)), barrier.lastPause());
    }

    @Test
    void aSecondFreezeWhileFrozenIsRefusedAndLeavesTheFirstInPlace() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        WriteFreeze first = barrier.freeze();

        IllegalStateException refused = assertThrows(IllegalStateException.class, barrier::freeze);

        assertEquals("Writes to volume vol-a are already frozen; resume that freeze before freezing again",
                refused.getMessage());
        assertThrows(IllegalStateException.class, () -> barrier.runFrozen(() -> "never"));
        assertTrue(barrier.isFrozen());
        assertFalse(first.isResumed());
        assertEquals(List.of(WritesFrozen.class), eventTypes());
        barrier.resume(first);
        barrier.resume(barrier.freeze());
        assertEquals(List.of(WritesFrozen.class, WritesResumed.class, WritesFrozen.class, WritesResumed.class),
                eventTypes());
    }

    @Test
    void resumingTwiceIsRefusedButClosingAResumedFreezeDoesNothing() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        WriteFreeze freeze = barrier.freeze();
        barrier.resume(freeze);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> barrier.resume(freeze));
        freeze.close();

        assertEquals("This freeze of writes to volume vol-a was already resumed", refused.getMessage());
        assertEquals(List.of(WritesFrozen.class, WritesResumed.class), eventTypes());
        try (WriteFreeze again = barrier.freeze()) {
            assertTrue(barrier.isFrozen());
        }
        assertFalse(barrier.isFrozen());
    }

    @Test
    void aFreezeOfAnotherBarrierIsRefused() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        WriteBarrier other = new WriteBarrier("vol-b", Clock.system(), dispatcher);
        WriteFreeze otherFreeze = other.freeze();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> barrier.resume(otherFreeze));

        assertEquals("This freeze belongs to the write barrier of volume vol-b, not to the one of volume vol-a",
                refused.getMessage());
        assertTrue(other.isFrozen());
        other.resume(otherFreeze);
    }

    @Test
    void theLastPausesAreKeptWithRunningStatistics() throws Exception {
        ManualClock clock = new ManualClock();
        WriteBarrier barrier = new WriteBarrier(VOLUME, clock, dispatcher, 3);
        assertEquals(Optional.empty(), barrier.lastPause());
        assertEquals(PauseStatistics.NONE, barrier.pauseStatistics());

        for (int millis : new int[] { 4, 1, 2, 5, 3 }) {
            WriteFreeze freeze = barrier.freeze();
            clock.advance(Duration.ofMillis(millis));
            barrier.resume(freeze);
        }

        assertEquals(List.of(Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(3)), barrier.recentPauses());
        assertEquals(new PauseStatistics(5, Duration.ofMillis(3), Duration.ofMillis(5), Duration.ofMillis(15)),
                barrier.pauseStatistics());
        assertEquals(Duration.ofMillis(3), barrier.pauseStatistics().mean());
    }

    @Test
    void aFreezeInterruptedWhileWaitingForWritesLetsWritesGoAgainAndPublishesNothing() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> writer = threads.submit(() -> {
            try (WritePermit permit = barrier.enter()) {
                entered.countDown();
                release.await();
            }
            return null;
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        Worker<WriteFreeze> freezer = new Worker<>("freezer", barrier::freeze);
        assertTrue(freezer.stillRunningAfter(STILL_BLOCKED_MILLIS));

        freezer.interrupt();

        assertEquals(InterruptedException.class, freezer.failure().getClass());
        assertFalse(barrier.isFrozen());
        threads.submit(() -> barrier.enter().close()).get(10, TimeUnit.SECONDS);
        release.countDown();
        writer.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), events);
    }

    @Test
    void anInterruptibleEntryGivesUpWhenInterruptedWhileFrozen() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        WriteFreeze freeze = barrier.freeze();
        Worker<WritePermit> writer = new Worker<>("writer", barrier::enterInterruptibly);
        assertTrue(writer.stillRunningAfter(STILL_BLOCKED_MILLIS));

        writer.interrupt();

        assertEquals(InterruptedException.class, writer.failure().getClass());
        barrier.resume(freeze);
        assertEquals(0, barrier.writesInProgress());
    }

    @Test
    void anUninterruptibleEntryKeepsWaitingWhenInterruptedAndKeepsTheInterrupt() throws Exception {
        WriteBarrier barrier = new WriteBarrier(VOLUME, Clock.system(), dispatcher);
        WriteFreeze freeze = barrier.freeze();
        Worker<Boolean> writer = new Worker<>("writer", () -> {
            try (WritePermit permit = barrier.enter()) {
                return Thread.currentThread().isInterrupted();
            }
        });
        assertTrue(writer.stillRunningAfter(STILL_BLOCKED_MILLIS));

        writer.interrupt();

        assertTrue(writer.stillRunningAfter(STILL_BLOCKED_MILLIS), "the interrupted writer must still be waiting");
        barrier.resume(freeze);
        assertTrue(writer.result(), "the write ran after the resume, with its interrupt status kept");
    }

    @Test
    void aBarrierMustKeepAtLeastOnePause() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new WriteBarrier(VOLUME, Clock.system(), dispatcher, 0));

        assertEquals("Pause history of 0 is not allowed: at least the last pause must be kept", refused.getMessage());
    }

    private List<Class<?>> eventTypes() {
        List<Class<?>> types = new ArrayList<>();
        for (EngineEvent event : events) {
            types.add(event.getClass());
        }
        return types;
    }
}
