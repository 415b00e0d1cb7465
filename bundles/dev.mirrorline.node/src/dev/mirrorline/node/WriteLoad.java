package dev.mirrorline.node;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.mirrorline.engine.replication.PrimaryReplicator;

/**
 * A write-load generator for demonstrations and drills: one thread writes random 4 KiB blocks to a
 * primary at a steady rate until stopped, so that replication, lag and events can be watched.
 */
public final class WriteLoad {

    private static final int BLOCK = 4096;

    private final PrimaryReplicator primary;
    private final long volumeBytes;
    private final int writesPerSecond;
    private final Consumer<Exception> onFailure;
    private final AtomicLong written = new AtomicLong();
    private volatile Thread thread;

    /**
     * @param primary where to write
     * @param volumeBytes the primary volume's size
     * @param writesPerSecond the rate
     * @param onFailure told if a write fails (the load then stops)
     */
    WriteLoad(PrimaryReplicator primary, long volumeBytes, int writesPerSecond, Consumer<Exception> onFailure) {
        this.primary = primary;
        this.volumeBytes = volumeBytes;
        this.writesPerSecond = writesPerSecond;
        this.onFailure = onFailure;
    }

    /** Starts writing, if not already. */
    synchronized void start(String pairName) {
        if (thread != null) {
            return;
        }
        Thread writer = new Thread(this::writeUntilStopped, "mirrorline-load-" + pairName);
        writer.setDaemon(true);
        thread = writer;
        writer.start();
    }

    /**
     * Stops writing and waits for the last write to finish. The writer is woken, never interrupted:
     * an interrupt during a write would close the in-flight journal's file channel under it
     * ({@link java.nio.channels.ClosedByInterruptException}) and leave the pair unusable.
     */
    void stop() throws InterruptedException {
        Thread writer;
        synchronized (this) {
            writer = thread;
            thread = null;
            notifyAll();
        }
        if (writer != null) {
            writer.join(10_000);
        }
    }

    /** @return whether it is writing */
    boolean isRunning() {
        return thread != null;
    }

    /** @return how many writes it made */
    long writes() {
        return written.get();
    }

    private void writeUntilStopped() {
        Random random = new Random();
        byte[] data = new byte[BLOCK];
        long blocks = volumeBytes / BLOCK;
        long intervalNanos = 1_000_000_000L / Math.max(1, writesPerSecond);
        long next = System.nanoTime();
        try {
            while (thread == Thread.currentThread()) {
                random.nextBytes(data);
                primary.write((long) (random.nextDouble() * blocks) * BLOCK, ByteBuffer.wrap(data));
                written.incrementAndGet();
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    synchronized (this) {
                        if (thread == Thread.currentThread()) {
                            TimeUnit.NANOSECONDS.timedWait(this, wait); // stop() wakes it
                        }
                    }
                } else {
                    next = System.nanoTime(); // fell behind: do not burst to catch up
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            synchronized (this) {
                if (thread == Thread.currentThread()) {
                    thread = null;
                }
            }
            onFailure.accept(e);
        }
    }
}
