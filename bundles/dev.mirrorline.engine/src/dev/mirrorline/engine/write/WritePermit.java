package dev.mirrorline.engine.write;

/**
 * Proof that a write was admitted by a {@link WriteBarrier}: while it is open, the barrier cannot
 * finish a freeze. Close it when the write is done, normally with try-with-resources.
 *
 * <p>A permit belongs to the thread that entered; closing it from another thread needs a
 * happens-before hand-over, as for any unsynchronised object.
 */
public final class WritePermit implements AutoCloseable {

    private final WriteBarrier barrier;
    private final int stripe;
    private boolean closed;

    WritePermit(WriteBarrier barrier, int stripe) {
        this.barrier = barrier;
        this.stripe = stripe;
    }

    /** Ends the write, letting a freeze that waits for it go on. Closing again has no effect. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            barrier.leave(stripe);
        }
    }
}
