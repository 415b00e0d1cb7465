package dev.mirrorline.engine.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import dev.mirrorline.engine.write.FrozenAction;
import dev.mirrorline.engine.write.PauseStatistics;
import dev.mirrorline.engine.write.WriteBarrier;
import dev.mirrorline.engine.write.WritePermit;

/**
 * A block volume over a sparse image file or a block device, open for reading and writing by this
 * process alone (it holds an exclusive lock on the file).
 *
 * <p>I/O is at byte offsets and lengths aligned to the block size. Writes are durable after
 * {@link #flush()}. Each write first preserves, in every snapshot of the volume, the old contents
 * of the chunks it overwrites. Every write passes the volume's {@link WriteBarrier}; a snapshot is
 * attached while writes are frozen, so that no write is half before and half after it.
 *
 * <p>The volume's state directory holds its snapshots ({@code snapshots/<id>/}); reopening the
 * volume reattaches them, so copy-on-write goes on across restarts and crashes.
 */
public final class Volume implements AutoCloseable {

    private static final String SNAPSHOTS_DIRECTORY = "snapshots";
    /** Prefix of a snapshot directory whose files exist but which was not attached when it was written. */
    private static final String PENDING_PREFIX = ".pending-";
    /** A deleted snapshot's directory, renamed so, until its files are removed in the background. */
    private static final String DELETED_PREFIX = ".deleted-";

    private final EngineContext context;
    private final Path path;
    private final VolumeGeometry geometry;
    private final StorageFile file;
    private final Path stateDirectory;
    private final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
    private final WriteBarrier barrier;
    private volatile boolean closed;

    private Volume(EngineContext context, Path path, VolumeGeometry geometry, StorageFile file, Path stateDirectory) {
        this.context = context;
        this.path = path;
        this.geometry = geometry;
        this.file = file;
        this.stateDirectory = stateDirectory;
        this.barrier = new WriteBarrier(name(), context.clock(), context.events());
    }

    /**
     * Creates a new sparse image file and opens it as a volume.
     *
     * @param context storage, clock and events
     * @param image where to create the image; nothing may exist there yet
     * @param geometry its size and block size
     * @param stateDirectory where the volume keeps its snapshots (created if missing)
     * @return the open volume
     * @throws FileAlreadyExistsException if something exists at {@code image}
     * @throws IOException if it cannot be created
     */
    public static Volume create(EngineContext context, Path image, VolumeGeometry geometry, Path stateDirectory)
            throws IOException {
        if (context.storage().exists(image)) {
            throw new FileAlreadyExistsException(image.toString(), null,
                    "a file already exists there; open it instead, or choose another path");
        }
        StorageFile file = context.storage().create(image, geometry.sizeBytes());
        return attach(context, image, geometry, file, stateDirectory);
    }

    /**
     * Opens an existing image file or block device as a volume.
     *
     * @param context storage, clock and events
     * @param path the image file or block device
     * @param blockSize the block size to address it in
     * @param stateDirectory where the volume keeps its snapshots (created if missing)
     * @return the open volume, with the snapshots found in its state directory
     * @throws IOException if it does not exist, is a directory, cannot be read or written, is
     *     already open for writing, or its size is not a multiple of the block size
     */
    public static Volume open(EngineContext context, Path path, int blockSize, Path stateDirectory) throws IOException {
        StorageFile file = context.storage().open(path, Storage.Access.READ_WRITE);
        VolumeGeometry geometry;
        try {
            long size = file.size();
            try {
                geometry = new VolumeGeometry(size, blockSize);
            } catch (IllegalArgumentException e) {
                throw new IOException("Cannot use " + path + " as a volume: " + e.getMessage(), e);
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return attach(context, path, geometry, file, stateDirectory);
    }

    private static Volume attach(EngineContext context, Path path, VolumeGeometry geometry, StorageFile file,
            Path stateDirectory) throws IOException {
        try {
            if (!file.tryLockExclusively()) {
                throw new IOException(path + " is already open for writing (by another process or another volume"
                        + " in this one); close it there first");
            }
            Volume volume = new Volume(context, path, geometry, file, stateDirectory);
            volume.reattachSnapshots();
            return volume;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void reattachSnapshots() throws IOException {
        Storage storage = context.storage();
        Path directory = snapshotsDirectory();
        storage.createDirectories(directory);
        for (Path snapshotDirectory : storage.list(directory)) {
            if (snapshotDirectory.getFileName().toString().startsWith(DELETED_PREFIX)) {
                removeSnapshotFiles(snapshotDirectory); // deleted, and the crash came before its space was given back
                continue;
            }
            Path table = snapshotDirectory.resolve(Snapshot.TABLE_FILE);
            if (!ExceptionTable.hasCompleteHeader(storage, table)) {
                // its creation never completed, so no caller ever got it: nothing refers to it
                removeSnapshotFiles(snapshotDirectory);
                continue;
            }
            String name = snapshotDirectory.getFileName().toString();
            if (name.startsWith(PENDING_PREFIX)) {
                long entries;
                try (ExceptionTable pending = ExceptionTable.open(storage, table)) {
                    entries = pending.size();
                }
                if (entries == 0) {
                    // not attached, or attached and never written since: either way the volume equals it
                    removeSnapshotFiles(snapshotDirectory);
                    continue;
                }
                // attached (it has copies) but the crash came before its rename was durable
                Path attached = directory.resolve(name.substring(PENDING_PREFIX.length()));
                storage.move(snapshotDirectory, attached);
                storage.forceDirectory(directory);
                snapshotDirectory = attached;
            }
            snapshots.add(Snapshot.open(this, snapshotDirectory));
        }
    }

    private Path snapshotsDirectory() {
        return stateDirectory.resolve(SNAPSHOTS_DIRECTORY);
    }

    /** @return the image file or block device */
    public Path path() {
        return path;
    }

    /** @return the name events and messages use for this volume: its file name */
    public String name() {
        return path.getFileName().toString();
    }

    /** @return size and block size */
    public VolumeGeometry geometry() {
        return geometry;
    }

    /**
     * Reads blocks.
     *
     * @param offset a multiple of the block size
     * @param dst filled completely; its remaining length must be a multiple of the block size
     * @throws IllegalArgumentException if the range is unaligned or outside the volume
     * @throws IOException if the read fails or the volume is closed
     */
    public void read(long offset, ByteBuffer dst) throws IOException {
        geometry.checkAlignedRange(offset, dst.remaining());
        checkOpen();
        file.read(offset, dst);
    }

    /**
     * Writes blocks, after saving the old contents of the chunks they overwrite in every snapshot.
     *
     * @param offset a multiple of the block size
     * @param src written completely; its remaining length must be a multiple of the block size
     * @throws IllegalArgumentException if the range is unaligned or outside the volume (nothing is written)
     * @throws IOException if a write fails or the volume is closed
     */
    public void write(long offset, ByteBuffer src) throws IOException {
        write(offset, src, () -> null);
    }

    /**
     * Writes blocks like {@link #write(long, ByteBuffer)}, then runs {@code recorder} before letting
     * a freeze in: whoever records writes elsewhere (the in-flight log of a primary) sees each write
     * on the same side of a freeze as the volume does.
     *
     * @param <T> what the recorder returns
     * @param offset a multiple of the block size
     * @param src written completely; its remaining length must be a multiple of the block size
     * @param recorder runs after the write, inside the same write permit; keep it short
     * @return what the recorder returned
     * @throws IllegalArgumentException if the range is unaligned or outside the volume (nothing is written)
     * @throws IOException if a write fails, the recorder fails, or the volume is closed
     */
    public <T> T write(long offset, ByteBuffer src, WriteRecorder<T> recorder) throws IOException {
        int length = src.remaining();
        geometry.checkAlignedRange(offset, length);
        try (WritePermit permit = barrier.enter()) {
            checkOpen();
            for (Snapshot snapshot : snapshots) {
                snapshot.preserve(offset, length);
            }
            file.write(offset, src);
            return recorder.record();
        }
    }

    /**
     * Writes several block ranges as one group, in list order: the chunks they overwrite are saved
     * in each snapshot with one force of its store and one of its exception table for the whole
     * group, rather than two for every range. For a secondary applying a batch of replicated writes
     * while a snapshot of it is attached (a test failover's, say).
     *
     * @param writes the ranges and their data (each buffer's remaining bytes; not changed)
     * @throws IllegalArgumentException if a range is unaligned or outside the volume (nothing is written)
     * @throws IOException if a write fails or the volume is closed
     */
    public void writeAll(List<BlockWrite> writes) throws IOException {
        int count = writes.size();
        long[] offsets = new long[count];
        long[] lengths = new long[count];
        for (int i = 0; i < count; i++) {
            BlockWrite write = writes.get(i);
            geometry.checkAlignedRange(write.offset(), write.data().remaining());
            offsets[i] = write.offset();
            lengths[i] = write.data().remaining();
        }
        try (WritePermit permit = barrier.enter()) {
            checkOpen();
            for (Snapshot snapshot : snapshots) {
                snapshot.preserve(offsets, lengths, count);
            }
            for (BlockWrite write : writes) {
                file.write(write.offset(), write.data().duplicate());
            }
        }
    }

    /**
     * One range of a {@link Volume#writeAll(List) group write}.
     *
     * @param offset a multiple of the block size
     * @param data the bytes to write: its remaining length, a multiple of the block size
     */
    public record BlockWrite(long offset, ByteBuffer data) {
    }

    /**
     * Records a write where the volume's freezes must see it; see
     * {@link Volume#write(long, ByteBuffer, WriteRecorder)}.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface WriteRecorder<T> {
        /**
         * @return whatever the caller wants back
         * @throws IOException if recording fails
         */
        T record() throws IOException;
    }

    /**
     * Makes every completed write durable.
     *
     * @throws IOException if the device reports an error
     */
    public void flush() throws IOException {
        checkOpen();
        file.force();
    }

    /**
     * Takes a snapshot with the default 4 KiB chunks (or the block size, if larger).
     *
     * @return the snapshot
     * @throws IOException if its files cannot be created
     */
    public Snapshot createSnapshot() throws IOException {
        return createSnapshot(defaultChunkSize());
    }

    /** @return the chunk size snapshots get unless told otherwise: 4 KiB, or the block size if larger */
    public int defaultChunkSize() {
        return Math.max(VolumeGeometry.DEFAULT_BLOCK_SIZE, geometry.blockSize());
    }

    /**
     * Takes a copy-on-write snapshot. Writes that complete before this returns are in it; writes
     * that start after are not.
     *
     * @param chunkSize the copy granularity: a power of two, at least the block size, at most 1 MiB
     * @return the snapshot, durable before this returns
     * @throws IllegalArgumentException if the chunk size is not allowed
     * @throws IOException if its files cannot be created
     */
    public Snapshot createSnapshot(int chunkSize) throws IOException {
        return createSnapshot(chunkSize, () -> null).snapshot();
    }

    /**
     * Freezes writes, takes a copy-on-write snapshot, runs {@code capture} while writes are still
     * frozen, and resumes writes: what {@code capture} sees (the updates the secondary has not
     * acknowledged, say) belongs to exactly the same point in time as the snapshot.
     *
     * @param <T> what {@code capture} returns
     * @param chunkSize the copy granularity: a power of two, at least the block size, at most 1 MiB
     * @param capture runs inside the freeze, after the snapshot is durable; keep it short
     * @return the snapshot and what {@code capture} returned
     * @throws IllegalArgumentException if the chunk size is not allowed
     * @throws IOException if the snapshot's files cannot be created, or the freeze was interrupted
     */
    public <T> SnapshotCapture<T> createSnapshot(int chunkSize, Supplier<T> capture) throws IOException {
        return createSnapshot(context.newId(), chunkSize, capture);
    }

    /**
     * Like {@link #createSnapshot(int, Supplier)}, with an id the caller chose beforehand: a
     * caller that must record durably which snapshot it is about to take does so before the freeze.
     *
     * @param <T> what {@code capture} returns
     * @param id the snapshot's id; no snapshot of this volume may have it
     * @param chunkSize the copy granularity: a power of two, at least the block size, at most 1 MiB
     * @param capture runs inside the freeze, after the snapshot is attached; keep it short
     * @return the snapshot and what {@code capture} returned
     * @throws IllegalArgumentException if the chunk size is not allowed or the id is taken
     * @throws IOException if the snapshot's files cannot be created, or the freeze was interrupted
     */
    public <T> SnapshotCapture<T> createSnapshot(UUID id, int chunkSize, Supplier<T> capture) throws IOException {
        if (snapshots.stream().anyMatch(snapshot -> snapshot.id().equals(id.toString()))) {
            throw new IllegalArgumentException("Volume " + path + " already has a snapshot " + id);
        }
        if (chunkSize < geometry.blockSize() || chunkSize > VolumeGeometry.MAX_BLOCK_SIZE
                || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("Chunk size " + chunkSize + " is not allowed: it must be a power of two"
                    + " from the block size (" + geometry.blockSize() + ") to " + VolumeGeometry.MAX_BLOCK_SIZE
                    + " bytes");
        }
        SnapshotHeader header = new SnapshotHeader(id, chunkSize, geometry.sizeBytes(),
                context.clock().now().toEpochMilli());
        Storage storage = context.storage();
        Path pending = snapshotsDirectory().resolve(PENDING_PREFIX + header.id());
        Path attached = snapshotsDirectory().resolve(header.id().toString());
        Snapshot.Prepared prepared = Snapshot.prepare(this, pending, header);
        SnapshotCapture<T> result;
        try {
            result = whileWritesFrozen(() -> {
                checkOpen();
                Snapshot snapshot = new Snapshot(this, pending, prepared.table(), prepared.store());
                snapshots.add(snapshot);
                try {
                    return new SnapshotCapture<>(snapshot, capture.get());
                } catch (RuntimeException e) {
                    snapshots.remove(snapshot); // no write has run since it was added: nothing was copied
                    throw e;
                }
            });
        } catch (IOException | RuntimeException e) {
            prepared.close();
            removeSnapshotFiles(pending);
            throw e;
        }
        // After the freeze: the rename into place becomes durable before the caller hears of the
        // snapshot. Copies made meanwhile go to the open files and, after a crash, are found again
        // under the pending name (a pending snapshot with copies was attached).
        try {
            storage.move(pending, attached);
            result.snapshot().renamedTo(attached);
            storage.forceDirectory(snapshotsDirectory());
        } catch (IOException e) {
            deleteSnapshot(result.snapshot());
            throw e;
        }
        context.events().publish(new EngineEvent.SnapshotCreated(context.clock().now(), name(), result.snapshot().id(),
                chunkSize));
        return result;
    }

    /**
     * A snapshot and what was captured in the same freeze.
     *
     * @param <T> the captured value's type
     * @param snapshot the snapshot
     * @param captured what the capture returned
     */
    public record SnapshotCapture<T>(Snapshot snapshot, T captured) {
    }

    /** @return how long writes to this volume were frozen, over all freezes so far */
    public PauseStatistics pauseStatistics() {
        return barrier.pauseStatistics();
    }

    /** @return the volume's snapshots, oldest first */
    public List<Snapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    void deleteSnapshot(Snapshot snapshot) throws IOException {
        // no freeze needed: a write that still finds the snapshot in its list finds it detached and copies nothing
        if (!snapshots.remove(snapshot)) {
            throw new IllegalStateException("Snapshot " + snapshot.id() + " was already deleted");
        }
        long chunks = snapshot.detach();
        // the durable rename is the deletion; removing the files can take long (a store written at
        // random offsets has one extent per chunk), so it happens in the background, or at the next open
        Path deleted = snapshotsDirectory().resolve(DELETED_PREFIX + snapshot.id());
        context.storage().move(snapshot.directory(), deleted);
        context.storage().forceDirectory(snapshotsDirectory());
        context.events().publish(new EngineEvent.SnapshotDeleted(context.clock().now(), name(), snapshot.id(),
                chunks, chunks * snapshot.chunkSize()));
        context.housekeeping().execute(() -> {
            try {
                removeSnapshotFiles(deleted);
            } catch (IOException e) {
                // harmless: the next open removes it
            }
        });
    }

    private void removeSnapshotFiles(Path directory) throws IOException {
        // the table first: without it the directory is an unfinished snapshot, removed at the next open
        context.storage().deleteIfExists(directory.resolve(Snapshot.TABLE_FILE));
        context.storage().deleteIfExists(directory.resolve(Snapshot.STORE_FILE));
        context.storage().deleteIfExists(directory);
    }

    /** Reads the volume's current contents, for snapshots; no alignment checks. */
    void readOrigin(long offset, ByteBuffer dst) throws IOException {
        file.read(offset, dst);
    }

    /** @return the storage, clock and events this volume uses */
    public EngineContext context() {
        return context;
    }

    /**
     * Closes the volume, its snapshots' files and the lock. Snapshots stay on disk and are
     * reattached by the next {@link #open}.
     */
    @Override
    public void close() throws IOException {
        whileWritesFrozen(() -> {
            if (closed) {
                return null;
            }
            closed = true;
            List<IOException> failures = new ArrayList<>();
            for (Snapshot snapshot : snapshots) {
                try {
                    snapshot.detach();
                } catch (IOException e) {
                    failures.add(e);
                }
            }
            file.close();
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            return null;
        });
    }

    /**
     * Runs an action while writes are frozen: no write is in progress during it, and every write
     * completed before it.
     *
     * @param <T> what the action returns
     * @param action keep it short: every writer waits for it
     * @return what the action returned
     * @throws IOException if the action fails, or the freeze was interrupted
     */
    public <T> T whileWritesFrozen(FrozenAction<T, IOException> action) throws IOException {
        try {
            return barrier.runFrozen(action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while waiting for writes to " + path
                    + " to drain");
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("Volume " + path + " is closed");
        }
    }
}
