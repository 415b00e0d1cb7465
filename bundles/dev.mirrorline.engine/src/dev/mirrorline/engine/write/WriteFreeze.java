package dev.mirrorline.engine.write;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One freeze of a {@link WriteBarrier}: returned by {@link WriteBarrier#freeze()} once no write is in
 * progress, and ended by {@link WriteBarrier#resume(WriteFreeze)} or {@link #close()}, from any
 * thread.
 */
public final class WriteFreeze implements AutoCloseable {

    private final WriteBarrier barrier;
    private final long requestedNanos;
    private final AtomicBoolean resumed = new AtomicBoolean();
    /** The thread waiting for writes in progress to drain; writers that leave wake it. */
    private volatile Thread drainer;
    /** Guarded by {@code this}: writers that arrived during the freeze wait for it. */
    private boolean lifted;

    WriteFreeze(WriteBarrier barrier, long requestedNanos, Thread drainer) {
        this.barrier = barrier;
        this.requestedNanos = requestedNanos;
        this.drainer = drainer;
    }

    /** @return the barrier this freeze belongs to */
    public WriteBarrier barrier() {
        return barrier;
    }

    /** @return the {@link dev.mirrorline.engine.time.Clock#nanoTime()} reading when the freeze was requested */
    public long requestedNanos() {
        return requestedNanos;
    }

    /** @return whether writes were resumed after this freeze */
    public boolean isResumed() {
        return resumed.get();
    }

    /**
     * Resumes writes unless this freeze was already resumed, so that try-with-resources and an
     * explicit {@link WriteBarrier#resume(WriteFreeze)} can be combined.
     */
    @Override
    public void close() {
        barrier.resumeIfFrozen(this);
    }

    boolean markResumed() {
        return resumed.compareAndSet(false, true);
    }

    void wakeDrainer() {
        Thread thread = drainer;
        if (thread != null) {
            barrier.clock().unpark(thread);
        }
    }

    void drained() {
        drainer = null;
    }

    synchronized void lift() {
        lifted = true;
        barrier.clock().wakeAll(this);
    }

    /**
     * Waits until the freeze is lifted.
     *
     * @param interruptible whether an interrupt ends the wait; if not, the interrupt status is kept
     * @throws InterruptedException if interruptible and interrupted
     */
    void awaitLifted(boolean interruptible) throws InterruptedException {
        boolean interrupted = false;
        synchronized (this) {
            while (!lifted) {
                try {
                    barrier.clock().waitOn(this);
                } catch (InterruptedException e) {
                    if (interruptible) {
                        throw e;
                    }
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
