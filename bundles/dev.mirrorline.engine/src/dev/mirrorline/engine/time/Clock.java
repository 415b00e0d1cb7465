package dev.mirrorline.engine.time;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the engine gets the time from, and how its threads wait for time to pass or for each
 * other: every wait, wake-up, park and join of an engine thread goes through its clock.
 *
 * <p>Engine threads also take their explicit locks ({@link Lock}) through it, so that a simulation
 * never lets a thread blocked on a lock run, unscheduled, when the lock is let go.
 *
 * <p>The defaults are exactly the JDK's primitives, so the machine's clock ({@link #system()})
 * only has to tell the time. A simulation overrides them all to run the engine's threads one at
 * a time under a seeded scheduler on simulated time: a thread that waits hands the control to
 * the scheduler, and a wake-up tells it which waiters may go on. Callers must therefore treat
 * every wait as one that may end early (re-check their condition in a loop), as the JDK's own
 * waits may.
 */
public interface Clock {

    /** @return a monotonic reading in nanoseconds, for measuring durations */
    long nanoTime();

    /** @return the wall-clock time, for stamping events */
    Instant now();

    /**
     * Takes a lock, waiting as long as it takes, like {@link Lock#lock()}.
     *
     * @param lock the lock
     */
    default void lock(Lock lock) {
        lock.lock();
    }

    /**
     * Takes a lock unless interrupted, like {@link Lock#lockInterruptibly()}.
     *
     * @param lock the lock
     * @throws InterruptedException if interrupted while waiting for it
     */
    default void lockInterruptibly(Lock lock) throws InterruptedException {
        lock.lockInterruptibly();
    }

    /**
     * Waits on a monitor the caller holds until it is woken with {@link #wakeAll(Object)}, like
     * {@link Object#wait()}; may end early.
     *
     * @param monitor the monitor, held by the caller
     * @throws InterruptedException if interrupted while waiting
     */
    default void waitOn(Object monitor) throws InterruptedException {
        monitor.wait();
    }

    /**
     * Waits on a monitor the caller holds for at most {@code nanos}, like {@link Object#wait(long)};
     * may end early.
     *
     * @param monitor the monitor, held by the caller
     * @param nanos how long to wait at most; nothing if zero or negative
     * @throws InterruptedException if interrupted while waiting
     */
    default void waitOn(Object monitor, long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
    }

    /**
     * Wakes every thread waiting on a monitor the caller holds, like {@link Object#notifyAll()}.
     *
     * @param monitor the monitor, held by the caller
     */
    default void wakeAll(Object monitor) {
        monitor.notifyAll();
    }

    /**
     * Waits on a condition of a lock the caller holds, like {@link Condition#await()}; may end early.
     *
     * @param lock the lock, held by the caller
     * @param condition one of its conditions
     * @throws InterruptedException if interrupted while waiting
     */
    default void await(Lock lock, Condition condition) throws InterruptedException {
        condition.await();
    }

    /**
     * Waits on a condition like {@link Condition#awaitNanos(long)}; may end early.
     *
     * @param lock the lock, held by the caller
     * @param condition one of its conditions
     * @param nanos how long to wait at most
     * @return an estimate of the time left, as {@link Condition#awaitNanos(long)} returns it
     * @throws InterruptedException if interrupted while waiting
     */
    default long awaitNanos(Lock lock, Condition condition, long nanos) throws InterruptedException {
        return condition.awaitNanos(nanos);
    }

    /**
     * Waits on a condition like {@link Condition#awaitUninterruptibly()}; may end early.
     *
     * @param lock the lock, held by the caller
     * @param condition one of its conditions
     */
    default void awaitUninterruptibly(Lock lock, Condition condition) {
        condition.awaitUninterruptibly();
    }

    /**
     * Wakes every thread waiting on a condition, like {@link Condition#signalAll()}.
     *
     * @param lock the lock, held by the caller
     * @param condition one of its conditions
     */
    default void signalAll(Lock lock, Condition condition) {
        condition.signalAll();
    }

    /**
     * Parks the calling thread for at most {@code nanos}, like {@link LockSupport#parkNanos(Object, long)};
     * may end early.
     *
     * @param blocker what the thread waits for, for diagnostics
     * @param nanos how long at most
     */
    default void parkNanos(Object blocker, long nanos) {
        LockSupport.parkNanos(blocker, nanos);
    }

    /**
     * Ends the park of a thread, or makes its next one end at once, like {@link LockSupport#unpark(Thread)}.
     *
     * @param thread the thread
     */
    default void unpark(Thread thread) {
        LockSupport.unpark(thread);
    }

    /**
     * Waits for a thread to end, like {@link Thread#join(long)}.
     *
     * @param thread the thread
     * @param millis how long to wait at most, in milliseconds
     * @throws InterruptedException if interrupted while waiting
     */
    default void join(Thread thread, long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** @return the machine's clock */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
