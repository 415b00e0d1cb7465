package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.volume.ChangedChunks;
import dev.mirrorline.engine.volume.Snapshot;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.PendingUpdate;
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
 * <p>When the link goes down, in this order and inside one freeze of the volume's writes: the
 * outage snapshot is created, the unacknowledged updates are captured, and writes switch to local
 * only (the snapshot's exception table tracks them from then on); then writes resume. Each write
 * records itself in the in-flight log inside its own write permit, so every write lands on exactly
 * one side of that freeze: in the captured updates, or in the snapshot. Writes never wait for a
 * link that is down.
 *
 * <p>When the link returns ({@link #reconnect}), writes go to the log again, the sender resends the
 * updates the secondary still lacks, and a resync thread appends the current contents of every
 * chunk in the outage snapshot's exception table to the log, behind them, so that live writes and
 * resync data share one ordered stream. When the secondary has acknowledged the last of them, the
 * snapshots are deleted. The changed chunks go at most at the settings' resync rate limit, which
 * {@link #setResyncRate} changes while a resync runs, so that a resync leaves room for live writes.
 *
 * <p>If the link fails again during the resync, the resync stops where the secondary's
 * acknowledgements had come, and a new outage snapshot is taken in a freeze like the first: the
 * chunks the secondary already has are tracked by it from then on. The next resync sends, in
 * ascending chunk order, the chunks of the older snapshots above the point each was resynchronised
 * through, and all chunks of the new one: nothing acknowledged is sent again, nothing is skipped.
 * That point is recorded durably with the outage, so a restarted primary resumes there too.
 *
 * <p>Every write enters the regions it touches in the primary's {@link ActivityLog} before it
 * changes the volume, and leaves them once it is durable in the in-flight log. A primary that
 * crashed (its process ended, or its machine lost power) may hold writes the secondary never got,
 * or may have lost writes the secondary has; both lie in the regions the activity log still holds
 * hot. So a primary that finds hot regions when it starts adds them to its outage (or declares
 * one, as if the link had gone down at the crash), and the resync sends their chunks as they are on
 * the primary, as it sends changed chunks. A clean {@link #close()} cools the regions first (one
 * volume force), so that a restart after it has nothing to resynchronise.
 */
public final class PrimaryReplicator implements AutoCloseable {

    /** Updates per batch: large batches let the secondary flush once for many writes. */
    private static final int MAX_BATCH = 512;
    private static final Duration SENDER_POLL = Duration.ofMillis(100);
    private static final Duration ROOM_POLL = Duration.ofMillis(50);
    /** Resync chunks are journaled in groups: one force for this many. */
    private static final int RESYNC_FORCE_EVERY = 256;
    /** How often, in chunks, the resync records durably how far the secondary has acknowledged it. */
    private static final int RESYNC_CHECKPOINT_EVERY = 16 * 1024;

    private final Volume volume;
    private final InFlightLog log;
    private final ReplicationSettings settings;
    private final ResyncPacer resyncPacer;
    private final ActivityLog activityLog;
    private final RegionLocks regionLocks = new RegionLocks();
    private final Object state = new Object();
    /** Held while an outage is declared, extended, checkpointed or ended: they all rewrite its record. */
    private final ReentrantLock outageLock = new ReentrantLock();
    private final Thread sender;
    private final ThreadFactory threads;
    private final Path stateDirectory;
    private Generations generations;
    private ReplicationLink link;
    private IOException linkFailure;
    private long sent;
    private long acknowledged;
    private boolean closed;
    /** When something was first sent that the secondary has not answered since; 0 if none. */
    private long unansweredSince;
    /** When the sender last sent a batch or a keepalive. */
    private long lastSent;
    /** Set inside the outage freeze; read by writes inside their write permits. */
    private volatile boolean localOnly;
    private volatile Outage outage;
    /** The link went down and no outage snapshot could be taken. */
    private boolean outageFailed;
    /** The outage's durable record, aligned with {@link #outage}'s snapshots; null without an outage. */
    private OutageRecord outageRecord;
    /** Counts resync runs; a run that is no longer the current one stops and records nothing. */
    private long resyncRun;
    /** The current run's chunks whose updates the secondary has not acknowledged: {sequence, chunk}. */
    private final ArrayDeque<long[]> resyncUnacknowledged = new ArrayDeque<>();
    /** In the current run, every chunk at or below this one is acknowledged; -1 for none. */
    private long resyncAcknowledgedThrough = -1;
    /** Chunks every resync sends besides the outage snapshots' ({@link #includeInResync}); null for none. */
    private ChangedChunks alsoResync;

    /**
     * @param volume the primary volume
     * @param log the primary's in-flight log
     * @param settings mode, chunk size, link timeout
     * @param stateDirectory where the primary records an outage that is going on; an outage found
     *        there (after a restart) goes on: writes stay local only until {@link #reconnect}
     * @param threads makes the sender and resync threads
     * @throws IOException if the recorded state cannot be read
     */
    public PrimaryReplicator(Volume volume, InFlightLog log, ReplicationSettings settings, Path stateDirectory,
            ThreadFactory threads) throws IOException {
        this(volume, log, settings, stateDirectory, threads, ActivityLog.Config.defaults());
    }

    /**
     * Like {@link #PrimaryReplicator(Volume, InFlightLog, ReplicationSettings, Path, ThreadFactory)},
     * with an activity log of another size.
     *
     * @param volume the primary volume
     * @param log the primary's in-flight log
     * @param settings mode, chunk size, link timeout
     * @param stateDirectory where the primary records an outage that is going on, and its activity
     *        log; regions found hot there (after a crash) are resynchronised
     * @param threads makes the sender and resync threads
     * @param activityLogConfig the activity log's region size and capacity
     * @throws IOException if the recorded state cannot be read, or the outage a crash calls for
     *         cannot be declared
     */
    public PrimaryReplicator(Volume volume, InFlightLog log, ReplicationSettings settings, Path stateDirectory,
            ThreadFactory threads, ActivityLog.Config activityLogConfig) throws IOException {
        this.volume = volume;
        this.log = log;
        this.settings = settings;
        this.resyncPacer = new ResyncPacer(volume.context().clock(), settings.resyncBytesPerSecond());
        this.stateDirectory = stateDirectory;
        this.generations = loadGenerations(volume.context(), stateDirectory);
        this.activityLog = ActivityLog.open(volume.context().storage(), stateDirectory, volume.context().clock(),
                activityLogConfig, volume::flush);
        recoverOutage();
        resynchroniseRegionsHotAtCrash();
        this.acknowledged = log.highestAcknowledged();
        this.threads = threads;
        this.sender = threads.newThread(this::sendUntilClosed);
        sender.start();
    }

    private static Generations loadGenerations(dev.mirrorline.engine.EngineContext context, Path stateDirectory)
            throws IOException {
        dev.mirrorline.engine.storage.Storage storage = context.storage();
        java.util.Optional<Generations> stored = Generations.read(storage, stateDirectory);
        if (stored.isPresent()) {
            return stored.get();
        }
        Generations first = Generations.initial(context.newId()); // a new pair's primary
        first.write(storage, stateDirectory);
        return first;
    }

    /** @return this primary's data history, to be stated in the handshake */
    public Generations generations() {
        synchronized (state) {
            return generations;
        }
    }

    /**
     * Changes the resync rate limit, also for a resync that is going on (from its next chunk).
     *
     * @param bytesPerSecond at most this many bytes of changed chunks a second; 0 for no limit
     * @throws IllegalArgumentException if negative
     */
    public void setResyncRate(long bytesPerSecond) {
        resyncPacer.setRate(bytesPerSecond);
    }

    /** @return the resync rate limit in bytes a second, 0 for none */
    public long resyncRate() {
        return resyncPacer.rate();
    }

    private void recoverOutage() throws IOException {
        java.util.Optional<OutageRecord> record = OutageRecord.read(volume.context().storage(), stateDirectory);
        if (record.isEmpty()) {
            return;
        }
        List<Snapshot> found = new ArrayList<>();
        List<OutageRecord.RecordedSnapshot> kept = new ArrayList<>();
        for (OutageRecord.RecordedSnapshot recorded : record.get().snapshots()) {
            String id = recorded.id().toString();
            java.util.Optional<Snapshot> snapshot = volume.snapshots().stream()
                    .filter(candidate -> candidate.id().equals(id)).findFirst();
            // a missing one never received a copy (so no write bypassed the in-flight log for it), or
            // was deleted when the resync ended
            if (snapshot.isPresent()) {
                found.add(snapshot.get());
                kept.add(recorded);
            }
        }
        if (found.isEmpty()) {
            OutageRecord.delete(volume.context().storage(), stateDirectory);
            return;
        }
        localOnly = true;
        outageRecord = new OutageRecord(record.get().since(), record.get().reason(), kept, record.get().hotRanges(),
                record.get().hotResyncedThrough());
        outage = new Outage(record.get().since(), record.get().reason(), found, log.unacknowledged());
    }

    /**
     * Regions the activity log held hot when the previous primary stopped without cooling them (it
     * crashed) may differ between the volumes: they join the outage going on, or an outage is
     * declared for them, and the resync sends them. Recorded durably before anything is written.
     */
    private void resynchroniseRegionsHotAtCrash() throws IOException {
        List<OutageRecord.ByteRange> hot = new ArrayList<>();
        long size = volume.geometry().sizeBytes();
        for (long[] range : activityLog.regionsHotAtOpen()) {
            if (range[0] < size) {
                hot.add(new OutageRecord.ByteRange(range[0], Math.min(range[1], size - range[0])));
            }
        }
        if (hot.isEmpty()) {
            return;
        }
        String reason = "the primary restarted after a crash: " + hot.size() + " regions it may have been writing"
                + " are resynchronised";
        if (outage != null) {
            OutageRecord joined = outageRecord.withHotRanges(hot);
            joined.write(volume.context().storage(), stateDirectory);
            outageRecord = joined;
            return;
        }
        declareOutage(reason, hot);
    }

    /** @return the primary's activity log: the regions of its volume that writes may be changing */
    public ActivityLog activityLog() {
        return activityLog;
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
            unansweredSince = 0;
            lastSent = now();
            sent = Math.max(acknowledged, secondaryApplied);
            clock().wakeAll(state);
        }
    }

    /**
     * Reconnects after an outage and resynchronises the secondary: the updates it still lacks are
     * resent, then the current contents of every chunk changed since the outage began, while live
     * writes go on; the outage snapshot is deleted when the secondary has acknowledged all of it.
     * Without an outage this is {@link #connect}.
     *
     * @param newLink the connected link
     * @param secondaryApplied the secondary's last applied sequence number, from the handshake
     * @throws IOException if the log or the volume fails
     */
    public void reconnect(ReplicationLink newLink, long secondaryApplied) throws IOException {
        reconnect(newLink, secondaryApplied, generations());
    }

    /**
     * Like {@link #reconnect(ReplicationLink, long)}, knowing the secondary's generations from the
     * handshake: a secondary that is behind but has nothing left to resync (its confirmation of the
     * last resync was lost, say) is marked consistent once the updates it lacks are acknowledged.
     *
     * @param newLink the connected link
     * @param secondaryApplied the secondary's last applied sequence number
     * @param secondary the secondary's generations
     * @throws IOException if the log or the volume fails
     */
    public void reconnect(ReplicationLink newLink, long secondaryApplied, Generations secondary) throws IOException {
        clock().lock(outageLock); // after an outage that is still being declared
        try {
            reconnectLocked(newLink, secondaryApplied, secondary);
        } finally {
            outageLock.unlock();
        }
    }

    private void reconnectLocked(ReplicationLink newLink, long secondaryApplied, Generations secondary)
            throws IOException {
        Outage current = outage;
        if (current == null) {
            connect(newLink, secondaryApplied);
            if (secondary != null
                    && generations().compareWithSecondary(secondary) == Generations.Relation.SECONDARY_BEHIND) {
                long run;
                synchronized (state) {
                    run = ++resyncRun;
                }
                threads.newThread(() -> resync(run, null, null)).start();
            }
            return;
        }
        acknowledge(secondaryApplied);
        // what the secondary still lacks of the updates captured at the cut: writes are local only
        // until the freeze below, so nothing else is outstanding yet
        long resentUpdates = log.outstandingUpdates();
        long resentBytes = log.outstandingBytes();
        // every local-only write completes before this, so the newest snapshot lists its chunk
        volume.whileWritesFrozen(() -> {
            localOnly = false;
            return null;
        });
        ChangedChunks changed = null;
        long run;
        synchronized (state) {
            // what the earlier runs had sent and got acknowledged is skipped
            for (int i = 0; i < current.snapshots().size(); i++) {
                ChangedChunks left = current.snapshots().get(i).changedChunks()
                        .after(outageRecord.snapshots().get(i).resyncedThrough());
                changed = changed == null ? left : changed.union(left);
            }
            // and the regions that were hot at a crash of the primary
            changed = changed.union(outageRecord.hotChunksLeft(changed.chunkSize()));
            run = ++resyncRun;
            resyncUnacknowledged.clear();
            resyncAcknowledgedThrough = -1;
            if (alsoResync != null && alsoResync.chunkSize() == changed.chunkSize()) {
                changed = changed.union(alsoResync); // a failback: the chunks the secondary changed on its own
            }
        }
        connect(newLink, secondaryApplied);
        ChangedChunks toSend = changed;
        volume.context().events().publish(new EngineEvent.ResyncStarted(volume.context().clock().now(),
                volume.name(), toSend.count(), toSend.count() * toSend.chunkSize(), resentUpdates, resentBytes));
        threads.newThread(() -> resync(run, current, toSend)).start();
    }

    /**
     * @param run this run's number
     * @param current the outage to end, or null if there is only the confirmation to give
     * @param changed the chunks to send, or null with no outage
     */
    private void resync(long run, Outage current, ChangedChunks changed) {
        long started = volume.context().clock().nanoTime();
        long chunks = 0;
        long bytes = 0;
        long lastSequence = log.highestAssigned();
        ByteBuffer buffer = ByteBuffer.allocate(changed == null ? 0 : changed.chunkSize());
        PendingUpdate unforced = null;
        try {
            for (java.util.PrimitiveIterator.OfLong next = changed == null ? java.util.stream.LongStream.empty()
                    .iterator() : changed.chunkIndexes(); next.hasNext();) {
                if (resyncStopped(run)) {
                    return;
                }
                long chunk = next.nextLong();
                long offset = chunk * changed.chunkSize();
                int length = (int) Math.min(changed.chunkSize(), volume.geometry().sizeBytes() - offset);
                PendingUpdate readyToForce = unforced;
                if (!resyncPacer.await(length, () -> resyncStopped(run), () -> {
                    if (readyToForce != null) {
                        log.awaitDurable(readyToForce); // what is sequenced goes out while the resync waits
                    }
                })) {
                    return;
                }
                if (unforced != null && !log.awaitRoom(length, Duration.ZERO)) {
                    // the window may be full of this resync's own chunks, which are sent only once durable
                    log.awaitDurable(unforced);
                    unforced = null;
                }
                while (!log.awaitRoom(length, ROOM_POLL)) {
                    if (resyncStopped(run)) {
                        return;
                    }
                }
                try (RegionLocks.Held held = regionLocks.lock(clock(), offset, length)) {
                    // read and sequenced under the region's lock: no live write to it can slip in between
                    buffer.clear().limit(length);
                    volume.read(offset, buffer);
                    unforced = log.appendWithoutWaiting(offset, buffer.flip());
                    lastSequence = unforced.update().sequence();
                }
                resyncSequenced(run, lastSequence, chunk);
                chunks++;
                bytes += length;
                if (chunks % RESYNC_FORCE_EVERY == 0) {
                    log.awaitDurable(unforced); // one force for many chunks; only durable ones are sent
                    unforced = null;
                }
                if (chunks % 1024 == 0) {
                    publishProgress(chunks, changed.count(), bytes);
                }
                if (chunks % RESYNC_CHECKPOINT_EVERY == 0) {
                    checkpoint(run, current);
                }
            }
            if (unforced != null) {
                log.awaitDurable(unforced);
            }
            publishProgress(chunks, changed == null ? 0 : changed.count(), bytes);
            ReplicationLink confirming;
            synchronized (state) {
                while (acknowledged < lastSequence && !localOnly && !closed && run == resyncRun) {
                    clock().waitOn(state);
                }
                if (acknowledged < lastSequence || link == null || run != resyncRun) {
                    return;
                }
                confirming = link;
            }
            // the secondary is now an exact copy: it takes over this primary's generations
            confirming.markConsistent(generations());
            if (current != null && endOutage(run, current, confirming)) {
                volume.context().events().publish(new EngineEvent.ResyncFinished(volume.context().clock().now(),
                        volume.name(), chunks, bytes,
                        Duration.ofNanos(volume.context().clock().nanoTime() - started)));
            }
        } catch (IOException e) {
            linkFailedDuringResync(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Notes a resync chunk's sequence number, so that its acknowledgement advances the run's progress. */
    private void resyncSequenced(long run, long sequence, long chunk) {
        synchronized (state) {
            if (run != resyncRun) {
                return;
            }
            if (sequence <= acknowledged) {
                // acknowledged already (acknowledgements are cumulative): so is everything before it
                resyncUnacknowledged.clear();
                resyncAcknowledgedThrough = chunk;
            } else {
                resyncUnacknowledged.addLast(new long[] { sequence, chunk });
            }
        }
    }

    /** Records durably how far the secondary has acknowledged the run, for a primary that restarts. */
    private void checkpoint(long run, Outage current) throws IOException {
        clock().lock(outageLock);
        try {
            OutageRecord advanced;
            synchronized (state) {
                if (run != resyncRun || localOnly || outage != current) {
                    return;
                }
                advanced = advancedRecord();
                outageRecord = advanced;
            }
            advanced.write(volume.context().storage(), stateDirectory);
        } finally {
            outageLock.unlock();
        }
    }

    /** @return the outage record with the current run's acknowledged progress applied to each snapshot */
    private OutageRecord advancedRecord() {
        // every chunk of the run at or below the acknowledged point is on the secondary; the run
        // covered each snapshot's chunks above the point it was resynchronised through
        List<OutageRecord.RecordedSnapshot> advanced = new ArrayList<>();
        for (OutageRecord.RecordedSnapshot recorded : outageRecord.snapshots()) {
            advanced.add(new OutageRecord.RecordedSnapshot(recorded.id(),
                    Math.max(recorded.resyncedThrough(), resyncAcknowledgedThrough)));
        }
        return outageRecord.advanced(advanced, resyncAcknowledgedThrough);
    }

    /**
     * Deletes the outage's snapshots and record once the secondary is a copy, unless the link went
     * down again meanwhile (then the interruption keeps them).
     *
     * @return whether the outage ended
     */
    private boolean endOutage(long run, Outage current, ReplicationLink confirming) throws IOException {
        clock().lock(outageLock);
        try {
            synchronized (state) {
                if (run != resyncRun || localOnly || outage != current || link != confirming) {
                    return false;
                }
            }
            for (Snapshot snapshot : current.snapshots()) {
                snapshot.delete();
            }
            OutageRecord.delete(volume.context().storage(), stateDirectory);
            synchronized (state) {
                outage = null;
                outageRecord = null;
                clock().wakeAll(state);
            }
            return true;
        } finally {
            outageLock.unlock();
        }
    }

    private boolean resyncStopped(long run) {
        synchronized (state) {
            return localOnly || closed || run != resyncRun;
        }
    }

    private void publishProgress(long chunks, long total, long bytes) {
        volume.context().events().publish(new EngineEvent.ResyncProgress(volume.context().clock().now(),
                volume.name(), chunks, total, bytes));
    }

    private void linkFailedDuringResync(IOException error) {
        ReplicationLink current;
        synchronized (state) {
            current = link;
        }
        if (current != null) {
            linkFailed(current, error);
        }
    }

    /**
     * Writes to the primary volume and replicates the write, or, while the link is down, writes
     * locally only (the outage snapshot tracks it). In synchronous mode a replicated write returns
     * once it is durable on the primary's volume and acknowledged by the secondary; in asynchronous
     * mode once it is durable in the in-flight log (the volume is durable after {@link Volume#flush()}).
     *
     * @param offset a multiple of the block size
     * @param data the bytes, a multiple of the block size; not changed
     * @return the write's sequence number, or 0 if it was written during an outage
     * @throws IllegalArgumentException if the range is unaligned or outside the volume
     * @throws IOException if the volume or the in-flight log fails
     * @throws InterruptedException if interrupted while waiting for room in the in-flight window
     */
    public long write(long offset, ByteBuffer data) throws IOException, InterruptedException {
        volume.geometry().checkAlignedRange(offset, data.remaining());
        // room in the window is awaited before any lock, and not at all during an outage
        while (!localOnly && !log.awaitRoom(data.remaining(), ROOM_POLL)) {
            // the window is full: wait for acknowledgements, or for the link to be declared down
        }
        PendingUpdate pending;
        Update update;
        // hot before the volume changes; left once the write is durable in the log (or local only)
        try (ActivityLog.Entry active = activityLog.enter(offset, data.remaining())) {
            try (RegionLocks.Held held = regionLocks.lock(clock(), offset, data.remaining())) {
                pending = volume.write(offset, data.duplicate(),
                        () -> localOnly ? null : log.appendWithoutWaiting(offset, data));
            }
            if (pending == null) {
                return 0;
            }
            update = log.awaitDurable(pending);
        }
        if (settings.mode() == ReplicationMode.SYNCHRONOUS) {
            // durable on both volumes when it completes: a power loss of the primary loses no write
            // the writer was told is done (the sender is sending it meanwhile)
            volume.flush();
            awaitAcknowledgedOrLinkDown(update.sequence());
        }
        return update.sequence();
    }

    /**
     * Adds chunks to every resync of the current outage from now on, besides those in its
     * snapshots: for a failback, the chunks the new secondary (a former primary) wrote on its own,
     * which it must get back from this primary. They are sent whole, read from this volume, like
     * the snapshots' chunks; the caller keeps them durably and gives them again after a restart.
     *
     * @param chunks the chunks, of the outage snapshot's chunk size (others are ignored), or null for none
     */
    public void includeInResync(ChangedChunks chunks) {
        synchronized (state) {
            alsoResync = chunks;
        }
    }

    /**
     * Makes the secondary a full copy of this volume: for a new pair whose volumes may differ (the
     * primary held data before the pair was made, or the secondary did). Call it before the first
     * connection. The whole volume is recorded durably as ranges to resynchronise, in the outage
     * going on or in one declared for it (so writes go on locally and a restart carries on), and
     * the next resync sends every chunk, read from this volume as it is then, on the ordered stream
     * with live writes; a resync cut resumes where the secondary's acknowledgements had come.
     *
     * @param reason why, for events and the administrator
     * @throws IOException if the outage cannot be recorded or its snapshot taken
     */
    public void copyInFull(String reason) throws IOException {
        List<OutageRecord.ByteRange> whole = List.of(new OutageRecord.ByteRange(0, volume.geometry().sizeBytes()));
        clock().lock(outageLock);
        try {
            if (outage != null) {
                OutageRecord joined = outageRecord.withHotRanges(whole);
                joined.write(volume.context().storage(), stateDirectory);
                outageRecord = joined;
                return;
            }
            declareOutage(reason, whole);
        } finally {
            outageLock.unlock();
        }
    }

    /** @return the current outage, or null while the link is up */
    public Outage outage() {
        return outage;
    }

    /**
     * Declares the link down: freezes writes, takes the outage snapshot, captures the
     * unacknowledged updates, switches writes to local only, and resumes them. During a resync,
     * the resync stops where the secondary's acknowledgements had come, and another snapshot
     * tracks the writes from then on.
     *
     * @param reason what failed, for events and the administrator
     * @return the outage (the existing one if the link was already down)
     * @throws IOException if the snapshot cannot be created
     */
    public Outage declareLinkDown(String reason) throws IOException {
        clock().lock(outageLock);
        try {
            synchronized (state) {
                if (localOnly) {
                    return outage;
                }
                link = null;
                clock().wakeAll(state);
            }
            volume.context().events().publish(new EngineEvent.LinkDown(volume.context().clock().now(),
                    volume.name(), reason));
            Outage resyncing = outage; // stable: it changes only under the outage lock
            if (resyncing != null) {
                return interruptResync(resyncing, reason);
            }
            return declareOutage(reason, List.of());
        } finally {
            outageLock.unlock();
        }
    }

    /**
     * Starts an outage: a new generation, the outage record (with the ranges hot at a crash, if
     * any), the snapshot. Called with the outage lock held, or from the constructor.
     */
    private Outage declareOutage(String reason, List<OutageRecord.ByteRange> hot) throws IOException {
        java.time.Instant since = volume.context().clock().now();
        // from here on this primary writes what the secondary will not have
        Generations diverging = generations().startNew(volume.context().newId());
        diverging.write(volume.context().storage(), stateDirectory);
        synchronized (state) {
            generations = diverging;
        }
        java.util.UUID snapshotId = volume.context().newId();
        OutageRecord record = new OutageRecord(snapshotId, since, reason).withHotRanges(hot);
        if (!hot.isEmpty()) {
            volume.context().events().publish(new EngineEvent.LinkDown(since, volume.name(), reason));
        }
        return takeOutageSnapshot(record, List.of(), snapshotId, settings.chunkSize());
    }

    /**
     * The link went down again during a resync: the chunks the secondary acknowledged are recorded
     * as resynchronised, and a new snapshot tracks every write from now on, including writes to them.
     */
    private Outage interruptResync(Outage resyncing, String reason) throws IOException {
        OutageRecord advanced;
        synchronized (state) {
            advanced = advancedRecord();
        }
        java.util.UUID snapshotId = volume.context().newId();
        OutageRecord record = new OutageRecord(advanced.since(), reason, advanced.snapshots(), advanced.hotRanges(),
                advanced.hotResyncedThrough()).withSnapshot(snapshotId);
        return takeOutageSnapshot(record, resyncing.snapshots(), snapshotId, resyncing.snapshot().chunkSize());
    }

    /**
     * Records the outage, then, in one freeze, attaches the new snapshot, captures the unacknowledged
     * updates and switches writes to local only. Called with the outage lock held.
     */
    private Outage takeOutageSnapshot(OutageRecord record, List<Snapshot> earlier, java.util.UUID snapshotId,
            int chunkSize) throws IOException {
        record.write(volume.context().storage(), stateDirectory);
        Volume.SnapshotCapture<List<Update>> capture = volume.createSnapshot(snapshotId, chunkSize, () -> {
            localOnly = true;
            return log.unacknowledged();
        });
        List<Snapshot> snapshots = new ArrayList<>(earlier);
        snapshots.add(capture.snapshot());
        Outage declared = new Outage(record.since(), record.reason(), snapshots, capture.captured());
        synchronized (state) {
            outage = declared;
            outageRecord = record;
            clock().wakeAll(state);
        }
        volume.context().events().publish(new EngineEvent.UnacknowledgedCaptured(volume.context().clock().now(),
                volume.name(), capture.snapshot().id(), declared.unacknowledged().size(),
                declared.unacknowledgedBytes()));
        return declared;
    }

    /**
     * The secondary made everything up to {@code sequence} durable.
     *
     * @param sequence the acknowledged sequence number
     * @throws IOException if the log cannot record it
     */
    public void acknowledge(long sequence) throws IOException {
        synchronized (state) {
            unansweredSince = 0; // the secondary answered everything sent before this
            if (sequence <= acknowledged) {
                return;
            }
        }
        log.acknowledge(Math.min(sequence, log.highestAssigned()));
        synchronized (state) {
            acknowledged = Math.max(acknowledged, sequence);
            while (!resyncUnacknowledged.isEmpty() && resyncUnacknowledged.peekFirst()[0] <= acknowledged) {
                resyncAcknowledgedThrough = resyncUnacknowledged.pollFirst()[1];
            }
            clock().wakeAll(state);
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
        long deadline = now() + timeout.toNanos();
        synchronized (state) {
            while (acknowledged < sequence) {
                long left = deadline - now();
                if (left <= 0) {
                    return false;
                }
                clock().waitOn(state, left);
            }
            return true;
        }
    }

    /**
     * Waits until no link is connected: the link was declared down (its outage is then declared,
     * or being declared), or none was ever connected.
     *
     * @param timeout how long to wait at most
     * @return whether the link is down
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitLinkDown(Duration timeout) throws InterruptedException {
        long deadline = now() + timeout.toNanos();
        synchronized (state) {
            while (link != null && !closed) {
                long left = deadline - now();
                if (left <= 0) {
                    return false;
                }
                clock().waitOn(state, left);
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
            // released once the outage is declared, not merely detected: then the write is in it
            while (acknowledged < sequence && outage == null && !outageFailed && !closed) {
                clock().waitOn(state);
            }
        }
    }

    private void sendUntilClosed() {
        try {
            while (true) {
                ReplicationLink current;
                long from;
                synchronized (state) {
                    while (!closed && (link == null || linkFailure != null)) {
                        clock().waitOn(state);
                    }
                    if (closed) {
                        return;
                    }
                    current = link;
                    from = sent;
                }
                List<Update> updates = log.durableAfter(from, MAX_BATCH, pollInterval());
                try {
                    checkPeerAnswers(current);
                    if (updates.isEmpty()) {
                        if (now() - lastSent >= settings.keepaliveInterval().toNanos()) {
                            sent(current, List.of()); // a keepalive: the secondary answers with an acknowledgement
                        }
                        continue;
                    }
                    List<ReplicatedWrite> batch = new ArrayList<>(updates.size());
                    for (Update update : updates) {
                        batch.add(ReplicatedWrite.of(update.sequence(), update.offset(), update.data()));
                    }
                    sent(current, batch);
                    synchronized (state) {
                        if (link == current) {
                            sent = updates.get(updates.size() - 1).sequence();
                        }
                    }
                } catch (IOException e) {
                    linkFailed(current, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sent(ReplicationLink current, List<ReplicatedWrite> batch) throws IOException, InterruptedException {
        current.send(batch);
        long sentAt = now();
        synchronized (state) {
            lastSent = sentAt;
            if (unansweredSince == 0) {
                unansweredSince = sentAt;
            }
        }
    }

    /** Declares the link down if the peer reported a failure, or stayed silent too long. */
    private void checkPeerAnswers(ReplicationLink current) throws IOException {
        IOException failure = current.failure();
        if (failure != null) {
            throw failure;
        }
        long since;
        synchronized (state) {
            since = unansweredSince;
        }
        if (since != 0 && now() - since > settings.linkTimeout().toNanos()) {
            throw new IOException("The secondary did not answer within " + settings.linkTimeout().toMillis() + " ms");
        }
    }

    private Duration pollInterval() {
        Duration keepalive = settings.keepaliveInterval();
        return keepalive.compareTo(SENDER_POLL) < 0 ? keepalive : SENDER_POLL;
    }

    private long now() {
        return volume.context().clock().nanoTime();
    }

    /** Every wait and wake-up goes through the clock: a simulation schedules them. */
    private dev.mirrorline.engine.time.Clock clock() {
        return volume.context().clock();
    }

    private void linkFailed(ReplicationLink failed, IOException error) {
        synchronized (state) {
            if (link != failed) {
                return;
            }
            linkFailure = error; // waiters are woken by the declared outage, below
        }
        try {
            declareLinkDown(error.getMessage() != null ? error.getMessage() : error.toString());
        } catch (IOException e) {
            // no outage snapshot: the resync will have to compare whole volumes; say so loudly
            synchronized (state) {
                outageFailed = true;
                clock().wakeAll(state);
            }
            volume.context().events().publish(new EngineEvent.LinkDown(volume.context().clock().now(),
                    volume.name(), "the outage snapshot could not be created: " + e.getMessage()));
        }
    }

    /**
     * Stops the sender and cools the activity log's idle regions (one force of the volume), so that
     * a restart after a clean stop has nothing to resynchronise; the volume and the log stay open
     * (their owner closes them, after this).
     */
    @Override
    public void close() throws InterruptedException {
        synchronized (state) {
            closed = true;
            clock().wakeAll(state);
        }
        sender.interrupt();
        clock().join(sender, TimeUnit.SECONDS.toMillis(10));
        try {
            activityLog.coolIdleRegions();
        } catch (IOException e) {
            // the regions stay hot: the next start resynchronises them, which is safe
        }
    }
}
