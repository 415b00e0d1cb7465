package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.Update;

/**
 * The primary's write path and sender in steady state: each write is applied to the primary
 * volume, given the next sequence number and made durable in the in-flight log; a sender thread
 * hands the durable updates to the {@link ReplicationLink} in sequence order, in batches; the
 * secondary's acknowledgements drop them from the log.
 *
 * <p>Two writes to overlapping blocks must reach the secondary in the order they were applied
 * here. Writes therefore lock the 64 KiB regions they touch (striped locks, taken in ascending
 * order) across the local write and the sequence assignment; writes to other regions go on in
 * parallel, and their relative order does not matter.
 *
 * <p>Handling a link that goes down (freeze, snapshot, capture) and the resync are not here yet:
 * when the link fails the sender stops and synchronous writes stop waiting for acknowledgements;
 * the updates stay in the in-flight log.
 */
public final class PrimaryReplicator implements AutoCloseable {

    private static final int REGION_SIZE = 64 * 1024;
    private static final int STRIPES = 256;
    private static final int MAX_BATCH = 64;
    private static final Duration SENDER_POLL = Duration.ofMillis(100);

    private final Volume volume;
    private final InFlightLog log;
    private final ReplicationMode mode;
    private final ReentrantLock[] regionLocks = new ReentrantLock[STRIPES];
    private final Object state = new Object();
    private final Thread sender;
    private ReplicationLink link;
    private IOException linkFailure;
    private long sent;
    private long acknowledged;
    private boolean closed;

    /**
     * @param volume the primary volume
     * @param log the primary's in-flight log
     * @param mode when a write counts as done
     * @param threads makes the sender thread
     */
    public PrimaryReplicator(Volume volume, InFlightLog log, ReplicationMode mode, ThreadFactory threads) {
        this.volume = volume;
        this.log = log;
        this.mode = mode;
        for (int i = 0; i < STRIPES; i++) {
            regionLocks[i] = new ReentrantLock();
        }
        this.acknowledged = log.highestAcknowledged();
        this.sender = threads.newThread(this::sendUntilClosed);
        sender.start();
    }

    /**
     * Starts replicating over a link whose secondary has applied everything up to
     * {@code secondaryApplied}: what it has is dropped from the log, the rest is sent.
     *
     * @param newLink the connected link
     * @param secondaryApplied the secondary's last applied sequence number, from the handshake
     * @throws IOException if the log cannot record the acknowledgement
     */
    public void connect(ReplicationLink newLink, long secondaryApplied) throws IOException {
        acknowledge(secondaryApplied);
        synchronized (state) {
            link = newLink;
            linkFailure = null;
            sent = Math.max(acknowledged, secondaryApplied);
            state.notifyAll();
        }
    }

    /**
     * Writes to the primary volume and replicates the write.
     *
     * @param offset a multiple of the block size
     * @param data the bytes, a multiple of the block size; not changed
     * @return the update, with its sequence number
     * @throws IllegalArgumentException if the range is unaligned or outside the volume
     * @throws IOException if the volume or the in-flight log fails
     * @throws InterruptedException if interrupted while waiting for room in the in-flight window
     */
    public Update write(long offset, ByteBuffer data) throws IOException, InterruptedException {
        volume.geometry().checkAlignedRange(offset, data.remaining());
        List<ReentrantLock> locks = regionLocksFor(offset, data.remaining());
        Update update;
        locks.forEach(ReentrantLock::lock);
        try {
            volume.write(offset, data.duplicate());
            update = log.append(offset, data);
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        }
        if (mode == ReplicationMode.SYNCHRONOUS) {
            awaitAcknowledgedOrLinkDown(update.sequence());
        }
        return update;
    }

    /**
     * The secondary made everything up to {@code sequence} durable.
     *
     * @param sequence the acknowledged sequence number
     * @throws IOException if the log cannot record it
     */
    public void acknowledge(long sequence) throws IOException {
        synchronized (state) {
            if (sequence <= acknowledged) {
                return;
            }
        }
        log.acknowledge(Math.min(sequence, log.highestAssigned()));
        synchronized (state) {
            acknowledged = Math.max(acknowledged, sequence);
            state.notifyAll();
        }
    }

    /** @return the highest sequence number the secondary has acknowledged */
    public long acknowledged() {
        synchronized (state) {
            return acknowledged;
        }
    }

    /**
     * Waits until the secondary has acknowledged a sequence number.
     *
     * @param sequence the sequence number
     * @param timeout how long to wait at most
     * @return whether it was acknowledged in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitAcknowledged(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            while (acknowledged < sequence) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(state, left);
            }
            return true;
        }
    }

    /** @return why the link failed, or null while it is up (or was never connected) */
    public IOException linkFailure() {
        synchronized (state) {
            return linkFailure;
        }
    }

    private void awaitAcknowledgedOrLinkDown(long sequence) throws InterruptedException {
        synchronized (state) {
            while (acknowledged < sequence && linkFailure == null && !closed) {
                state.wait();
            }
        }
    }

    private List<ReentrantLock> regionLocksFor(long offset, int length) {
        TreeSet<Integer> stripes = new TreeSet<>();
        long last = (offset + Math.max(length, 1) - 1) / REGION_SIZE;
        for (long region = offset / REGION_SIZE; region <= last && stripes.size() < STRIPES; region++) {
            stripes.add((int) (region % STRIPES));
        }
        List<ReentrantLock> locks = new ArrayList<>(stripes.size());
        for (int stripe : stripes) {
            locks.add(regionLocks[stripe]);
        }
        return locks;
    }

    private void sendUntilClosed() {
        try {
            while (true) {
                ReplicationLink current;
                long from;
                synchronized (state) {
                    while (!closed && (link == null || linkFailure != null)) {
                        state.wait();
                    }
                    if (closed) {
                        return;
                    }
                    current = link;
                    from = sent;
                }
                List<Update> updates = log.durableAfter(from, MAX_BATCH, SENDER_POLL);
                if (updates.isEmpty()) {
                    continue;
                }
                List<ReplicatedWrite> batch = new ArrayList<>(updates.size());
                for (Update update : updates) {
                    batch.add(ReplicatedWrite.of(update.sequence(), update.offset(), update.data()));
                }
                try {
                    current.send(batch);
                    synchronized (state) {
                        if (link == current) {
                            sent = updates.get(updates.size() - 1).sequence();
                        }
                    }
                } catch (IOException e) {
                    synchronized (state) {
                        if (link == current) {
                            linkFailure = e;
                            state.notifyAll();
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the sender; the volume and the log stay open (their owner closes them). */
    @Override
    public void close() throws InterruptedException {
        synchronized (state) {
            closed = true;
            state.notifyAll();
        }
        sender.interrupt();
        sender.join(TimeUnit.SECONDS.toMillis(10));
    }
}
