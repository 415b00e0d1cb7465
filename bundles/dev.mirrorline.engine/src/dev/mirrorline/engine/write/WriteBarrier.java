package dev.mirrorline.engine.write;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets writes to one volume through, and stops them for an instant when the engine needs a point
 * in time at which no write is half done (to create a snapshot and capture the unacknowledged
 * updates together).
 *
 * <p>Every write runs inside a permit:
 *
 * <pre>{@code
 * try (WritePermit permit = barrier.enter()) {
 *     // write the block
 * }
 * }</pre>
 *
 * <p>{@link #freeze()} stops admitting writes, waits for the writes in progress to finish, publishes
 * {@link EngineEvent.WritesFrozen} and returns a {@link WriteFreeze}; {@link #resume(WriteFreeze)}
 * (from any thread) lets writes go again and publishes {@link EngineEvent.WritesResumed} with the
 * pause, from the freeze request to the resume, measured with {@link Clock#nanoTime()}.
 *
 * <p>Only one freeze exists at a time: a second {@link #freeze()} while frozen is refused with an
 * {@link IllegalStateException}, never queued, because the engine freezes only to take one
 * snapshot and a second request means two callers believe they own the volume.
 *
 * <p>Writers in steady state share no lock: each increments and decrements a counter in one of
 * several stripes (chosen by thread, each on its own cache line) and reads one volatile field. A
 * freeze publishes itself in that field first and then waits until the stripes sum to zero; a
 * writer that incremented after the freeze was published sees it, steps back out and waits. The
 * increment-then-read on the writer side and the publish-then-sum on the freezer side are all
 * sequentially consistent, so either the writer sees the freeze or the freezer sees the writer.
 *
 * <p>A thread must not call {@link #freeze()} (or {@link #runFrozen}) while it holds a permit of the
 * same barrier: the freeze would wait for that thread forever.
 */
public final class WriteBarrier {

    /** How many recent pauses {@link #recentPauses()} keeps unless told otherwise. */
    public static final int DEFAULT_PAUSE_HISTORY = 1024;

    /** 16 longs = 128 bytes between stripes, so that no two share a cache line or its prefetch pair. */
    private static final int LONGS_PER_STRIPE = 16;
    private static final int MIN_STRIPES = 16;
    private static final int MAX_STRIPES = 256;
    /** Spinning first catches the usual microsecond-long write; beyond that, spinning steals its CPU. */
    private static final int SPINS_BEFORE_PARKING = 100;
    /** Leaving writers unpark the freezer; the timeout is only a safety net. */
    private static final long PARK_NANOS = 100_000;

    private final String volume;
    private final Clock clock;
    private final EventDispatcher events;
    private final int stripeMask;
    private final AtomicLongArray inProgress;
    private final AtomicReference<WriteFreeze> current = new AtomicReference<>();
    private final PauseHistory pauses;

    /**
     * A barrier that keeps the last {@link #DEFAULT_PAUSE_HISTORY} pauses.
     *
     * @param volume the name of the volume, used in events and messages
     * @param clock measures pauses and stamps events
     * @param events where {@link EngineEvent.WritesFrozen} and {@link EngineEvent.WritesResumed} go
     */
    public WriteBarrier(String volume, Clock clock, EventDispatcher events) {
        this(volume, clock, events, DEFAULT_PAUSE_HISTORY);
    }

    /**
     * @param volume the name of the volume, used in events and messages
     * @param clock measures pauses and stamps events
     * @param events where {@link EngineEvent.WritesFrozen} and {@link EngineEvent.WritesResumed} go
     * @param pauseHistory how many recent pauses {@link #recentPauses()} keeps, at least 1
     */
    public WriteBarrier(String volume, Clock clock, EventDispatcher events, int pauseHistory) {
        this.volume = Objects.requireNonNull(volume, "volume");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        if (pauseHistory < 1) {
            throw new IllegalArgumentException("Pause history of " + pauseHistory
                    + " is not allowed: at least the last pause must be kept");
        }
        int stripes = Integer.highestOneBit(Math.max(MIN_STRIPES,
                Math.min(MAX_STRIPES, 4 * Runtime.getRuntime().availableProcessors())) * 2 - 1);
        this.stripeMask = stripes - 1;
        this.inProgress = new AtomicLongArray(stripes * LONGS_PER_STRIPE);
        this.pauses = new PauseHistory(pauseHistory);
    }

    /** @return the clock that freezes and thawed writers wait through */
    Clock clock() {
        return clock;
    }

    /** @return the name of the volume this barrier guards */
    public String volume() {
        return volume;
    }

    /**
     * Admits a write, waiting while writes are frozen. Cheap when they are not: no lock is taken.
     * An interrupt does not end the wait (like a write to a disk); the interrupt status is kept.
     *
     * @return the permit to close when the write is done
     */
    public WritePermit enter() {
        try {
            return enter(false);
        } catch (InterruptedException e) {
            throw new AssertionError("an uninterruptible wait was interrupted", e);
        }
    }

    /**
     * Admits a write like {@link #enter()}, but gives up if the thread is interrupted while writes
     * are frozen.
     *
     * @return the permit to close when the write is done
     * @throws InterruptedException if interrupted while waiting for writes to resume
     */
    public WritePermit enterInterruptibly() throws InterruptedException {
        return enter(true);
    }

    private WritePermit enter(boolean interruptible) throws InterruptedException {
        int stripe = stripeOfCurrentThread();
        for (;;) {
            inProgress.getAndIncrement(stripe);
            WriteFreeze freeze = current.get();
            if (freeze == null) {
                return new WritePermit(this, stripe);
            }
            // counted ourselves in after the freeze was published: step back out and wait
            leave(stripe);
            freeze.awaitLifted(interruptible);
        }
    }

    void leave(int stripe) {
        inProgress.getAndDecrement(stripe);
        WriteFreeze freeze = current.get();
        // Only the writer whose leaving empties the barrier wakes the freezer: waking it for every
        // leaver costs a context switch each, which on a busy machine makes the pause longer.
        // Whichever leaver sums last sees every decrement before it, so one of them sees zero.
        if (freeze != null && writesInProgress() == 0) {
            freeze.wakeDrainer();
        }
    }

    private int stripeOfCurrentThread() {
        // Fibonacci hashing spreads consecutive thread ids over the stripes
        long id = Thread.currentThread().getId();
        int hash = (int) ((id * 0x9E3779B97F4A7C15L) >>> 32);
        return (hash & stripeMask) * LONGS_PER_STRIPE;
    }

    /**
     * @return the number of writes holding a permit, plus writers counted for an instant while they
     *         find the barrier frozen and step back out (so it may be above zero while frozen)
     */
    long writesInProgress() {
        long sum = 0;
        for (int i = 0; i < inProgress.length(); i += LONGS_PER_STRIPE) {
            sum += inProgress.get(i);
        }
        return sum;
    }

    /** @return whether a freeze was requested and not yet resumed */
    public boolean isFrozen() {
        return current.get() != null;
    }

    /**
     * Stops admitting writes, waits until the writes in progress are done, publishes
     * {@link EngineEvent.WritesFrozen} and returns.
     *
     * @return the freeze, to resume with {@link #resume(WriteFreeze)} or {@link WriteFreeze#close()}
     * @throws IllegalStateException if writes are already frozen
     * @throws InterruptedException if interrupted while waiting for writes in progress; writes are
     *         then admitted again and no event is published
     */
    public WriteFreeze freeze() throws InterruptedException {
        long requested = clock.nanoTime();
        WriteFreeze freeze = new WriteFreeze(this, requested, Thread.currentThread());
        if (!current.compareAndSet(null, freeze)) {
            throw new IllegalStateException("Writes to volume " + volume
                    + " are already frozen; resume that freeze before freezing again");
        }
        try {
            awaitDrained();
        } catch (InterruptedException e) {
            freeze.markResumed();
            current.set(null);
            freeze.lift();
            throw e;
        }
        freeze.drained();
        events.publish(new EngineEvent.WritesFrozen(clock.now(), volume));
        return freeze;
    }

    private void awaitDrained() throws InterruptedException {
        int spins = 0;
        while (writesInProgress() != 0) {
            if (spins < SPINS_BEFORE_PARKING) {
                spins++;
                Thread.onSpinWait();
            } else {
                clock.parkNanos(this, PARK_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException("Interrupted while freezing writes to volume " + volume);
                }
            }
        }
    }

    /**
     * Admits writes again, records the pause and publishes {@link EngineEvent.WritesResumed}. May be
     * called from another thread than the one that froze.
     *
     * @param freeze the freeze returned by {@link #freeze()}
     * @throws IllegalArgumentException if the freeze belongs to another barrier
     * @throws IllegalStateException if it was already resumed
     */
    public void resume(WriteFreeze freeze) {
        if (!resumeIfFrozen(freeze)) {
            throw new IllegalStateException("This freeze of writes to volume " + volume + " was already resumed");
        }
    }

    boolean resumeIfFrozen(WriteFreeze freeze) {
        Objects.requireNonNull(freeze, "freeze");
        if (freeze.barrier() != this) {
            throw new IllegalArgumentException("This freeze belongs to the write barrier of volume "
                    + freeze.barrier().volume() + ", not to the one of volume " + volume);
        }
        if (!freeze.markResumed()) {
            return false;
        }
        long pause = clock.nanoTime() - freeze.requestedNanos();
        current.compareAndSet(freeze, null);
        freeze.lift();
        pauses.record(pause);
        events.publish(new EngineEvent.WritesResumed(clock.now(), volume, Duration.ofNanos(pause)));
        return true;
    }

    /**
     * Runs an action inside a freeze and always resumes, also when the action throws (its
     * exception then propagates).
     *
     * @param <T> what the action returns
     * @param <X> the checked exception the action may throw
     * @param action the action, run on this thread
     * @return what the action returned
     * @throws X if the action throws it
     * @throws IllegalStateException if writes are already frozen
     * @throws InterruptedException if interrupted before the freeze completed; the action did not run
     */
    public <T, X extends Exception> T runFrozen(FrozenAction<T, X> action) throws X, InterruptedException {
        Objects.requireNonNull(action, "action");
        WriteFreeze freeze = freeze();
        try {
            return action.run();
        } finally {
            resume(freeze);
        }
    }

    /** @return the most recent pause, if any freeze was resumed */
    public Optional<Duration> lastPause() {
        PauseStatistics statistics = pauses.statistics();
        return statistics.count() == 0 ? Optional.empty() : Optional.of(statistics.last());
    }

    /** @return the most recent pauses, oldest first, as many as the history keeps */
    public List<Duration> recentPauses() {
        return pauses.recent();
    }

    /** @return count, last, longest and total of all pauses */
    public PauseStatistics pauseStatistics() {
        return pauses.statistics();
    }

    /** The last pauses in a ring, and running totals; touched once per freeze, so a lock is fine. */
    private static final class PauseHistory {
        private final long[] ring;
        private long count;
        private long max;
        private long total;

        PauseHistory(int size) {
            ring = new long[size];
        }

        synchronized void record(long nanos) {
            ring[(int) (count % ring.length)] = nanos;
            count++;
            max = Math.max(max, nanos);
            total += nanos;
        }

        synchronized PauseStatistics statistics() {
            if (count == 0) {
                return PauseStatistics.NONE;
            }
            long last = ring[(int) ((count - 1) % ring.length)];
            return new PauseStatistics(count, Duration.ofNanos(last), Duration.ofNanos(max), Duration.ofNanos(total));
        }

        synchronized List<Duration> recent() {
            int kept = (int) Math.min(count, ring.length);
            List<Duration> list = new ArrayList<>(kept);
            for (long i = count - kept; i < count; i++) {
                list.add(Duration.ofNanos(ring[(int) (i % ring.length)]));
            }
            return Collections.unmodifiableList(list);
        }
    }
}
