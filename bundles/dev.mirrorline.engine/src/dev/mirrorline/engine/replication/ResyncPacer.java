package dev.mirrorline.engine.replication;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.mirrorline.engine.time.Clock;

/**
 * Keeps a resync to a rate limit, so that it leaves room on the link for live writes: a token
 * bucket refilled at the limit, holding at most a tenth of a second's worth (and always room for
 * one chunk), so that a resync may not save up for a burst. The limit can change while a resync
 * runs; 0 means no limit.
 */
final class ResyncPacer {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** The longest single sleep: a stopped resync or a raised limit is noticed within this. */
    static final long LONGEST_SLEEP = TimeUnit.MILLISECONDS.toNanos(50);

    private final Clock clock;
    private long bytesPerSecond;
    private double tokens;
    private long refilledAt;

    /**
     * @param clock the time the bucket refills by, and how the resync waits for it (parks)
     * @param bytesPerSecond the limit, 0 for none
     */
    ResyncPacer(Clock clock, long bytesPerSecond) {
        this.clock = clock;
        setRate(bytesPerSecond);
    }

    /** @param newBytesPerSecond the new limit, 0 for none; takes effect for the next chunk */
    synchronized void setRate(long newBytesPerSecond) {
        if (newBytesPerSecond < 0) {
            throw new IllegalArgumentException("Resync rate limit " + newBytesPerSecond
                    + " bytes/s must be positive, or 0 for no limit");
        }
        bytesPerSecond = newBytesPerSecond;
        tokens = 0;
        refilledAt = clock.nanoTime();
    }

    /** @return the limit in bytes a second, 0 for none */
    synchronized long rate() {
        return bytesPerSecond;
    }

    /**
     * Takes {@code bytes} from the bucket if it holds them.
     *
     * @return 0 if the bytes may go now (and they were taken), else how long to wait, in nanoseconds
     */
    synchronized long delayFor(int bytes) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long now = clock.nanoTime();
        double capacity = Math.max(bytes, bytesPerSecond / 10.0);
        tokens = Math.min(capacity, tokens + (now - refilledAt) * (double) bytesPerSecond / SECOND);
        refilledAt = now;
        if (tokens >= bytes) {
            tokens -= bytes;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((bytes - tokens) * SECOND / bytesPerSecond));
    }

    /**
     * Waits until {@code bytes} may go, parking through the clock for at most
     * {@link #LONGEST_SLEEP} at a time.
     *
     * @param bytes the next chunk's length
     * @param stopped whether the resync stopped meanwhile
     * @param beforeFirstSleep run once if there is a wait at all, before it (to send what is ready)
     * @return true when the bytes may go, false if the resync stopped first
     * @throws InterruptedException if interrupted while waiting
     * @throws java.io.IOException if {@code beforeFirstSleep} fails
     */
    boolean await(int bytes, BooleanSupplier stopped, IoAction beforeFirstSleep)
            throws InterruptedException, java.io.IOException {
        boolean first = true;
        for (long delay = delayFor(bytes); delay > 0; delay = delayFor(bytes)) {
            if (first) {
                beforeFirstSleep.run();
                first = false;
            }
            if (stopped.getAsBoolean()) {
                return false;
            }
            clock.parkNanos(this, Math.min(delay, LONGEST_SLEEP)); // may end early: the loop asks again
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while the resync kept to its rate limit");
            }
        }
        return true;
    }

    /** Something to do that may fail with an I/O error. */
    @FunctionalInterface
    interface IoAction {
        /** @throws java.io.IOException if it fails */
        void run() throws java.io.IOException;
    }
}
