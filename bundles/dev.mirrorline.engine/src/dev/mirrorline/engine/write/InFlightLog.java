package dev.mirrorline.engine.write;

import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.write.JournalRecovery.Recovered;
import dev.mirrorline.engine.write.JournalRecovery.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The updates of one volume that were handed to the replication link and not yet acknowledged by
 * the secondary, kept in memory and in a durable journal so that a crash of the primary loses none
 * of them.
 *
 * <p>{@link #append} gives an update the next sequence number (1 for the first ever, and after a
 * reopen the one after the highest recovered), writes it to the journal and returns once it is
 * durable. Hand an update to the link only after its append returned: a record whose append did
 * not return may vanish in a crash, and its number be given again.
 *
 * <p>The outstanding data is bounded by a window: an append that would exceed it waits, in arrival
 * order, until acknowledgements free room; it is never dropped. {@link #acknowledge(long)} drops
 * every update up to a sequence number.
 *
 * <p>The journal lives in one directory: segment files of CRC-checked records, a
 * manifest naming the live segments, and a lock file that keeps a second log off the directory.
 * Concurrent appends share one force of the journal (group commit): the first appender that finds
 * no force running forces everything written so far, and the ones that wrote meanwhile wait for it
 * or for the next one. Acknowledgements are written but not forced: they reach the disk with the
 * next append's force, {@link #sync()} or {@link #close()}; losing one in a crash only means
 * resending updates the secondary already has. A new segment is started when the current one reaches the configured
 * size, and segments whose updates are all acknowledged are deleted.
 *
 * <p>After an I/O error the journal can no longer tell what is durable, so the log fails: every
 * later call that touches the journal throws an {@link IOException} naming the first error.
 * All methods are safe to call from any thread. The log starts no threads of its own.
 */
public final class InFlightLog implements AutoCloseable {

    /** Append times are kept at most once in this many nanoseconds: the precision of {@link #oldestUnacknowledgedAge()}. */
    private static final long APPEND_TIME_RESOLUTION_NANOS = 1_000_000;

    static final String LOCK_FILE_NAME = "inflight.lock";

    private final Storage storage;
    private final Path directory;
    private final InFlightLogConfig config;
    private final Clock clock;
    private final StorageFile lockFile;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when outstanding bytes shrink or the queue of appenders waiting for room moves. */
    private final Condition roomChanged = lock.newCondition();
    /** Signalled when a force of the journal ends. */
    private final Condition forceEnded = lock.newCondition();
    /** Signalled when more updates are durable, for the sender waiting in {@link #durableAfter}. */
    private final Condition durableAdvanced = lock.newCondition();

    // everything below is guarded by lock
    private final ArrayDeque<Update> outstanding;
    /**
     * When outstanding updates were appended, for the age of the oldest: {sequence, nanoTime}
     * pairs in order, at most one a millisecond, the first one never after the oldest outstanding
     * update's append.
     */
    private final ArrayDeque<long[]> appendTimes = new ArrayDeque<>();
    private final ArrayDeque<Object> roomQueue = new ArrayDeque<>();
    private final ArrayDeque<Segment> segments;
    private long outstandingBytes;
    private long highestAssigned;
    private long highestAcknowledged;
    /** Every update up to this sequence number is durable in the journal and may be sent. */
    private long highestDurable;
    private StorageFile currentFile;
    private long currentPosition;
    /** Journal positions count every byte written to any segment since open, so they only grow. */
    private long writtenEnd;
    private long durableEnd;
    private boolean forcing;
    private boolean closed;
    private IOException failure;

    private InFlightLog(Storage storage, Path directory, InFlightLogConfig config, Clock clock, StorageFile lockFile,
            Recovered recovered) {
        this.storage = storage;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
        this.lockFile = lockFile;
        this.outstanding = recovered.outstanding;
        this.segments = recovered.segments;
        this.currentFile = recovered.currentFile;
        this.currentPosition = recovered.currentPosition;
        this.highestAssigned = recovered.highestAssigned;
        this.highestAcknowledged = recovered.highestAcknowledged;
        this.highestDurable = recovered.highestAssigned; // recovered from the journal: durable
        for (Update update : outstanding) {
            outstandingBytes += update.length();
        }
        if (!outstanding.isEmpty()) {
            // recovered from the journal: as old as this opening, at least
            appendTimes.add(new long[] { outstanding.getFirst().sequence(), clock.nanoTime() });
        }
    }

    /**
     * Opens the log kept in a directory, recovering what a previous log left there, or starts a new
     * one. Recovery keeps the updates that were durably appended and not durably acknowledged, and
     * truncates a torn record at the end of the journal.
     *
     * <p>Recovered updates may hold more bytes than the window if it was made smaller; appends then
     * wait until acknowledgements bring the total under it.
     *
     * @param storage where the journal's files are
     * @param directory the journal's directory; created if missing
     * @param config the window and segment size
     * @param clock measures the timeouts of {@link #tryAppend}
     * @return the open log
     * @throws IOException if the directory cannot be used, another log has it open, or the journal is
     *         damaged other than by a torn last record
     */
    public static InFlightLog open(Storage storage, Path directory, InFlightLogConfig config, Clock clock)
            throws IOException {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        storage.createDirectories(directory);
        StorageFile lockFile = lock(storage, directory);
        try {
            Recovered recovered = new JournalRecovery(storage, directory).run();
            InFlightLog log = new InFlightLog(storage, directory, config, clock, lockFile, recovered);
            clock.lock(log.lock);
            try {
                log.deleteAcknowledgedSegments();
            } finally {
                log.lock.unlock();
            }
            return log;
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        }
    }

    private static StorageFile lock(Storage storage, Path directory) throws IOException {
        Path path = directory.resolve(LOCK_FILE_NAME);
        StorageFile file;
        try {
            file = storage.exists(path) ? storage.open(path, Storage.Access.READ_WRITE) : storage.create(path, 0);
        } catch (FileAlreadyExistsException e) {
            file = storage.open(path, Storage.Access.READ_WRITE);
        }
        if (!file.tryLockExclusively()) {
            file.close();
            throw new IOException("The in-flight journal in " + directory
                    + " is already open, in this process or another; only one log may use it at a time");
        }
        return file;
    }

    /** @return the directory the journal is kept in */
    public Path directory() {
        return directory;
    }

    /** @return the window and segment size */
    public InFlightLogConfig config() {
        return config;
    }

    /**
     * Appends an update, waiting for room in the window as long as it takes, and returns once it is
     * durable in the journal. The wait for room ends on an interrupt; the wait for durability does
     * not (the update is in the log by then), and keeps the interrupt status.
     *
     * @param offset the byte offset in the volume the data was written at
     * @param data the bytes written, from its position to its limit; copied, and its position is not
     *        changed
     * @return the update with its sequence number
     * @throws IllegalArgumentException if the data is empty or larger than the whole window, or the
     *         offset is negative
     * @throws InterruptedException if interrupted while waiting for room; nothing was appended
     * @throws IOException if the journal cannot be written or forced; the log has then failed
     * @throws IllegalStateException if the log is closed
     */
    public Update append(long offset, ByteBuffer data) throws IOException, InterruptedException {
        return append(offset, data, -1);
    }

    /**
     * Appends an update like {@link #append}, but waits for room in the window at most
     * {@code timeout}, measured with the log's clock.
     *
     * @param offset the byte offset in the volume the data was written at
     * @param data the bytes written, from its position to its limit; copied
     * @param timeout how long to wait for room; zero or negative means not at all
     * @return the update, or empty if no room was freed in time (nothing was appended)
     * @throws IllegalArgumentException if the data is empty or larger than the whole window, or the
     *         offset is negative
     * @throws InterruptedException if interrupted while waiting for room; nothing was appended
     * @throws IOException if the journal cannot be written or forced; the log has then failed
     * @throws IllegalStateException if the log is closed
     */
    public Optional<Update> tryAppend(long offset, ByteBuffer data, Duration timeout)
            throws IOException, InterruptedException {
        long nanos = Math.max(0, timeout.toNanos());
        return Optional.ofNullable(append(offset, data, nanos));
    }

    /** @param timeoutNanos negative: wait as long as it takes */
    private Update append(long offset, ByteBuffer data, long timeoutNanos) throws IOException, InterruptedException {
        PendingUpdate pending = appendPending(offset, data, timeoutNanos < 0 ? -1 : timeoutNanos, true);
        return pending == null ? null : awaitDurable(pending);
    }

    /**
     * Appends an update without waiting for room in the window or for durability: for a caller
     * that must append inside a short critical section (a write permit, say) and manages the room
     * itself with {@link #awaitRoom}. The update may be handed to the link only after
     * {@link #awaitDurable(PendingUpdate)}.
     *
     * @param offset the byte offset in the volume the data was written at
     * @param data the bytes written; copied, and its position is not changed
     * @return the update, durable once {@link #awaitDurable(PendingUpdate)} returns
     * @throws IllegalArgumentException if the data is empty or larger than the whole window, or the
     *         offset is negative
     * @throws IOException if the journal cannot be written; the log has then failed
     */
    public PendingUpdate appendWithoutWaiting(long offset, ByteBuffer data) throws IOException {
        try {
            return appendPending(offset, data, 0, false);
        } catch (InterruptedException e) {
            throw new IllegalStateException("appending without waiting cannot be interrupted", e);
        }
    }

    /**
     * Waits until an update appended with {@link #appendWithoutWaiting} is durable.
     *
     * @param pending the appended update
     * @return the update
     * @throws IOException if the journal cannot be forced; the log has then failed
     */
    public Update awaitDurable(PendingUpdate pending) throws IOException {
        clock.lock(lock);
        try {
            awaitDurable(pending.journalEnd());
            if (pending.update().sequence() > highestDurable) {
                // records are durable in journal order, so everything before this one is too
                highestDurable = pending.update().sequence();
                clock.signalAll(lock, durableAdvanced);
            }
            return pending.update();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an update of {@code length} bytes would fit in the window, without reserving the
     * room: concurrent callers may together exceed the window by their own updates.
     *
     * @param length the update's size
     * @param timeout how long to wait at most
     * @return whether it fits now
     * @throws IOException if the log has failed
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitRoom(int length, Duration timeout) throws IOException, InterruptedException {
        clock.lockInterruptibly(lock);
        try {
            return awaitRoom(length, false, clock.nanoTime() + Math.max(0, timeout.toNanos()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends a record; with {@code waitForRoom}, first waits (negative {@code timeoutNanos}:
     * forever) for room in the window, else returns null when there is none in time.
     */
    private PendingUpdate appendPending(long offset, ByteBuffer data, long timeoutNanos, boolean waitForRoom)
            throws IOException, InterruptedException {
        if (offset < 0) {
            throw new IllegalArgumentException("Update offset " + offset + " is negative");
        }
        int length = data.remaining();
        if (length == 0) {
            throw new IllegalArgumentException("An update must hold at least one byte");
        }
        if (length > config.maxUpdateBytes()) {
            throw new IllegalArgumentException("An update of " + length + " bytes can never fit in the in-flight window of "
                    + config.windowBytes() + " bytes; split it or enlarge the window");
        }
        byte[] bytes = new byte[length];
        data.duplicate().get(bytes);
        long deadline = timeoutNanos < 0 ? 0 : clock.nanoTime() + timeoutNanos;
        if (waitForRoom) {
            clock.lockInterruptibly(lock);
        } else {
            clock.lock(lock);
        }
        try {
            if (waitForRoom) {
                if (!awaitRoom(length, timeoutNanos < 0, deadline)) {
                    return null;
                }
            } else {
                checkUsable();
            }
            // reserved now: making room in the segment may wait, and others must not take the room meanwhile
            outstandingBytes += length;
            Update update;
            try {
                makeRoomInSegment(JournalFormat.updateRecordBytes(length));
                update = new Update(highestAssigned + 1, offset, bytes);
                write(JournalFormat.updateRecord(update.sequence(), offset, bytes));
            } catch (IOException | RuntimeException e) {
                outstandingBytes -= length;
                clock.signalAll(lock, roomChanged);
                throw e;
            }
            highestAssigned = update.sequence();
            segments.getLast().lastSequence = update.sequence();
            outstanding.addLast(update);
            long now = clock.nanoTime();
            if (appendTimes.isEmpty() || now - appendTimes.getLast()[1] >= APPEND_TIME_RESOLUTION_NANOS) {
                appendTimes.addLast(new long[] { update.sequence(), now });
            }
            return new PendingUpdate(update, writtenEnd);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The durable, unacknowledged updates after a sequence number, in order: what the sender hands
     * to the link next. Waits up to {@code wait} for one to become durable if there is none.
     *
     * @param sequence the last sequence number already handed to the link
     * @param maxUpdates at most this many
     * @param wait how long to wait for a first one
     * @return the updates, possibly none
     * @throws InterruptedException if interrupted while waiting
     */
    public List<Update> durableAfter(long sequence, int maxUpdates, Duration wait) throws InterruptedException {
        clock.lock(lock);
        try {
            long nanos = wait.toNanos();
            while (highestDurable <= sequence && nanos > 0 && !closed) {
                nanos = clock.awaitNanos(lock, durableAdvanced, nanos);
            }
            List<Update> updates = new java.util.ArrayList<>();
            for (Update update : outstanding) {
                if (updates.size() == maxUpdates || update.sequence() > highestDurable) {
                    break;
                }
                if (update.sequence() > sequence) {
                    updates.add(update);
                }
            }
            return updates;
        } finally {
            lock.unlock();
        }
    }

    /** Waits, first come first served, until the update fits in the window. */
    private boolean awaitRoom(int length, boolean forever, long deadline) throws IOException, InterruptedException {
        checkUsable();
        if (roomQueue.isEmpty() && fits(length)) {
            return true;
        }
        Object ticket = new Object();
        roomQueue.addLast(ticket);
        try {
            while (roomQueue.peekFirst() != ticket || !fits(length)) {
                if (forever) {
                    clock.await(lock, roomChanged);
                } else {
                    long remaining = deadline - clock.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    clock.awaitNanos(lock, roomChanged, remaining);
                }
                checkUsable();
            }
            return true;
        } finally {
            roomQueue.remove(ticket);
            clock.signalAll(lock, roomChanged); // the next in the queue may fit too, or now heads it
        }
    }

    private boolean fits(int length) {
        return outstandingBytes + length <= config.windowBytes();
    }

    /** Group commit: whoever finds no force running forces everything written so far, for everyone. */
    private void awaitDurable(long position) throws IOException {
        while (durableEnd < position) {
            checkFailure();
            if (forcing) {
                clock.awaitUninterruptibly(lock, forceEnded);
                continue;
            }
            forcing = true;
            StorageFile file = currentFile;
            long target = writtenEnd;
            IOException error = null;
            lock.unlock();
            try {
                file.force();
            } catch (IOException e) {
                error = e;
            } finally {
                clock.lock(lock);
                forcing = false;
                clock.signalAll(lock, forceEnded);
            }
            if (error != null) {
                throw fail(error);
            }
            durableEnd = Math.max(durableEnd, target);
        }
    }

    private void write(ByteBuffer record) throws IOException {
        int size = record.remaining();
        try {
            currentFile.write(currentPosition, record);
        } catch (IOException e) {
            throw fail(e);
        }
        currentPosition += size;
        writtenEnd += size;
    }

    /** Starts the next segment if the record would make the current one exceed its size. */
    private void makeRoomInSegment(int recordBytes) throws IOException {
        while (currentPosition + recordBytes > config.segmentBytes()
                && currentPosition > JournalFormat.SEGMENT_HEADER_BYTES) {
            if (forcing) {
                // the force may be on the file about to be closed; and another appender may roll meanwhile
                clock.awaitUninterruptibly(lock, forceEnded);
                checkUsable();
            } else {
                startNextSegment();
            }
        }
    }

    /**
     * Forces the current segment, then starts the next one: header, force, manifest. Appends to it
     * only after the manifest names it, so a crash never leaves records in a segment recovery skips.
     */
    private void startNextSegment() throws IOException {
        Segment last = segments.getLast();
        try {
            currentFile.force();
            durableEnd = writtenEnd;
            currentFile.close();
            long index = last.index + 1;
            currentFile = JournalRecovery.startSegment(storage, directory, index, highestAssigned + 1, highestAcknowledged);
            segments.addLast(new Segment(index, highestAssigned + 1));
            new JournalManifest(segments.getFirst().index, index).write(storage, directory);
        } catch (IOException e) {
            throw fail(e);
        }
        currentPosition = JournalFormat.SEGMENT_HEADER_BYTES;
        writtenEnd += JournalFormat.SEGMENT_HEADER_BYTES;
        durableEnd = writtenEnd;
        deleteAcknowledgedSegments();
    }

    /**
     * Records that the secondary made every update up to and including {@code sequence} durable, and
     * drops them. The record is written to the journal but forced later (see the class comment).
     *
     * @param sequence the highest sequence number acknowledged
     * @return how many updates were dropped; 0 if {@code sequence} is not above an earlier one
     * @throws IllegalArgumentException if {@code sequence} is negative or above the highest assigned
     * @throws IOException if the journal cannot be written; the log has then failed
     * @throws IllegalStateException if the log is closed
     */
    public int acknowledge(long sequence) throws IOException {
        if (sequence < 0) {
            throw new IllegalArgumentException("Acknowledgement of update " + sequence + " is invalid: sequence numbers start at 1");
        }
        clock.lock(lock);
        try {
            checkUsable();
            if (sequence > highestAssigned) {
                throw new IllegalArgumentException("Acknowledgement of update " + sequence
                        + " is beyond the highest sequence number assigned, " + highestAssigned);
            }
            if (sequence <= highestAcknowledged) {
                return 0; // a late or repeated acknowledgement: what it covers is gone already
            }
            highestAcknowledged = sequence;
            int dropped = 0;
            while (!outstanding.isEmpty() && outstanding.getFirst().sequence() <= sequence) {
                outstandingBytes -= outstanding.removeFirst().length();
                dropped++;
            }
            long[] lastDropped = null;
            while (!appendTimes.isEmpty() && appendTimes.getFirst()[0] <= sequence) {
                lastDropped = appendTimes.removeFirst();
            }
            if (lastDropped != null && !outstanding.isEmpty()
                    && (appendTimes.isEmpty() || appendTimes.getFirst()[0] > outstanding.getFirst().sequence())) {
                // the oldest left was appended after the dropped time, within the resolution of it
                appendTimes.addFirst(new long[] { outstanding.getFirst().sequence(), lastDropped[1] });
            }
            clock.signalAll(lock, roomChanged);
            write(JournalFormat.acknowledgementRecord(sequence));
            deleteAcknowledgedSegments();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes everything written so far durable, acknowledgements included, sharing a force that is
     * already running. Appends never need it; the engine may call it on a timer so that a quiet
     * volume does not keep acknowledgements only in memory for long.
     *
     * @throws IOException if the journal cannot be forced; the log has then failed
     * @throws IllegalStateException if the log is closed
     */
    public void sync() throws IOException {
        clock.lock(lock);
        try {
            checkUsable();
            awaitDurable(writtenEnd);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the oldest segments while every update in them is acknowledged, the current one
     * excepted. The manifest moves on first and files go lowest first, so that a crash in between
     * leaves only files that recovery recognises as left over.
     */
    private void deleteAcknowledgedSegments() throws IOException {
        int deletable = 0;
        for (Segment segment : segments) {
            if (segment == segments.getLast() || segment.lastSequence > highestAcknowledged) {
                break;
            }
            deletable++;
        }
        if (deletable == 0) {
            return;
        }
        try {
            Segment[] deleted = new Segment[deletable];
            for (int i = 0; i < deletable; i++) {
                deleted[i] = segments.removeFirst();
            }
            new JournalManifest(segments.getFirst().index, segments.getLast().index).write(storage, directory);
            for (Segment segment : deleted) {
                storage.deleteIfExists(JournalFormat.segmentPath(directory, segment.index));
            }
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /**
     * The updates outstanding now, in sequence order. The engine calls this inside a write freeze,
     * so that the list matches the snapshot it takes. It may include updates whose append is still
     * waiting for the journal's force.
     *
     * @return an immutable copy; later appends and acknowledgements do not change it
     */
    public List<Update> unacknowledged() {
        clock.lock(lock);
        try {
            return List.copyOf(outstanding);
        } finally {
            lock.unlock();
        }
    }

    /** @return outstanding updates and bytes, highest assigned and acknowledged sequence numbers, at one instant */
    public InFlightCounts counts() {
        clock.lock(lock);
        try {
            return new InFlightCounts(outstanding.size(), outstandingBytes, highestAssigned, highestAcknowledged);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return how long the oldest update not yet acknowledged has waited since it was appended (to
     *         within a millisecond; updates recovered from the journal count from the log's
     *         opening), or zero if every update is acknowledged
     */
    public Duration oldestUnacknowledgedAge() {
        lock.lock();
        try {
            if (outstanding.isEmpty() || appendTimes.isEmpty()) {
                return Duration.ZERO;
            }
            return Duration.ofNanos(Math.max(0, clock.nanoTime() - appendTimes.getFirst()[1]));
        } finally {
            lock.unlock();
        }
    }

    /** @return the number of updates appended and not acknowledged */
    public long outstandingUpdates() {
        return counts().outstandingUpdates();
    }

    /** @return the bytes of update data appended and not acknowledged */
    public long outstandingBytes() {
        return counts().outstandingBytes();
    }

    /** @return the highest sequence number assigned, 0 if none ever was */
    public long highestAssigned() {
        return counts().highestAssigned();
    }

    /** @return the highest sequence number acknowledged, 0 if none ever was */
    public long highestAcknowledged() {
        return counts().highestAcknowledged();
    }

    /**
     * Forces what is written (acknowledgements included) and closes the journal. Appends waiting
     * for room fail with {@link IllegalStateException}. Closing again has no effect.
     *
     * @throws IOException if the final force fails
     */
    @Override
    public void close() throws IOException {
        clock.lock(lock);
        try {
            if (closed) {
                return;
            }
            closed = true;
            while (forcing) {
                clock.awaitUninterruptibly(lock, forceEnded);
            }
            clock.signalAll(lock, roomChanged);
            clock.signalAll(lock, durableAdvanced);
            try {
                if (failure == null) {
                    currentFile.force();
                    durableEnd = writtenEnd;
                }
            } catch (IOException e) {
                throw fail(e);
            } finally {
                clock.signalAll(lock, forceEnded);
                try {
                    currentFile.close();
                } finally {
                    lockFile.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable() throws IOException {
        if (closed) {
            throw new IllegalStateException("The in-flight log in " + directory + " is closed");
        }
        checkFailure();
    }

    private void checkFailure() throws IOException {
        if (failure != null) {
            throw new IOException("The in-flight journal in " + directory + " failed earlier and is unusable: "
                    + (failure.getMessage() != null ? failure.getMessage() : failure.toString()), failure);
        }
    }

    private IOException fail(IOException error) {
        if (failure == null) {
            failure = error;
        }
        clock.signalAll(lock, roomChanged);
        clock.signalAll(lock, forceEnded);
        return error;
    }
}
