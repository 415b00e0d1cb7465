package dev.mirrorline.engine.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;

/**
 * A copy-on-write snapshot of a {@link Volume}: reads return the volume exactly as it was when the
 * snapshot was taken, and {@link #changedChunks()} says which chunks were written since.
 *
 * <p>The first write to a chunk after the snapshot copies the chunk's old contents to the COW
 * store, makes them durable, then appends and forces an entry in the {@link ExceptionTable}, and
 * only then lets the volume overwrite the chunk. Later writes to that chunk copy nothing.
 *
 * <p>Files, in the snapshot's own directory: {@code exceptions} (the table) and {@code store}
 * (a sparse file that keeps the old data of chunk {@code c} at offset {@code c * chunkSize}).
 * They are created and forced under a pending name before writes freeze, and renamed to the
 * snapshot's id after the freeze: the pause covers only attaching the snapshot.
 */
public final class Snapshot {

    static final String TABLE_FILE = "exceptions";
    static final String STORE_FILE = "store";

    private final Volume volume;
    private volatile Path directory;
    private final ExceptionTable table;
    private final StorageFile store;
    /** Copying chunks takes it exclusively; reading the snapshot shares it, so that no chunk changes under a reader. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean detached;

    Snapshot(Volume volume, Path directory, ExceptionTable table, StorageFile store) {
        this.volume = volume;
        this.directory = directory;
        this.table = table;
        this.store = store;
    }

    /**
     * Creates a snapshot's files under a pending name and makes them durable, before writes are
     * frozen: the freeze itself then only renames the directory and attaches the snapshot.
     */
    static Prepared prepare(Volume volume, Path pendingDirectory, SnapshotHeader header) throws IOException {
        Storage storage = volume.context().storage();
        storage.createDirectories(pendingDirectory);
        StorageFile store = storage.create(pendingDirectory.resolve(STORE_FILE), 0);
        try {
            ExceptionTable table = ExceptionTable.create(storage, pendingDirectory.resolve(TABLE_FILE), header);
            storage.forceDirectory(pendingDirectory);
            storage.forceDirectory(pendingDirectory.getParent());
            return new Prepared(pendingDirectory, table, store);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * A snapshot's durable files, not yet attached to the volume.
     *
     * @param pendingDirectory where the files are
     * @param table its empty exception table
     * @param store its empty COW store
     */
    record Prepared(Path pendingDirectory, ExceptionTable table, StorageFile store) {
        /** Closes the files; the caller removes them. */
        void close() throws IOException {
            try {
                table.close();
            } finally {
                store.close();
            }
        }
    }

    static Snapshot open(Volume volume, Path directory) throws IOException {
        Storage storage = volume.context().storage();
        ExceptionTable table = ExceptionTable.open(storage, directory.resolve(TABLE_FILE));
        try {
            if (table.header().volumeSize() != volume.geometry().sizeBytes()) {
                throw new CorruptSnapshotException(directory + " belongs to a volume of "
                        + table.header().volumeSize() + " bytes, not to " + volume.path() + " ("
                        + volume.geometry().sizeBytes() + " bytes)");
            }
            return new Snapshot(volume, directory, table, storage.open(directory.resolve(STORE_FILE),
                    Storage.Access.READ_WRITE));
        } catch (IOException | RuntimeException e) {
            table.close();
            throw e;
        }
    }

    /** @return the snapshot's id, unique among the volume's snapshots */
    public String id() {
        return table.header().id().toString();
    }

    /** @return the chunk size: the granularity of copying and of resync, in bytes */
    public int chunkSize() {
        return table.header().chunkSize();
    }

    /** @return when the snapshot was taken */
    public Instant createdAt() {
        return Instant.ofEpochMilli(table.header().createdAtEpochMillis());
    }

    /** @return the volume it is a snapshot of */
    public Volume volume() {
        return volume;
    }

    /** @return how many chunks were written since the snapshot was taken */
    public long changedChunkCount() {
        volume.context().clock().lock(lock.readLock());
        try {
            return table.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The chunks written since the snapshot was taken, from the exception table alone: the cost
     * grows with the number of changed chunks, not with the volume size.
     *
     * @return a copy that later writes do not change
     */
    public ChangedChunks changedChunks() {
        volume.context().clock().lock(lock.readLock());
        try {
            return new ChangedChunks(table.copyOfChunks(), chunkSize());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Reads the volume as it was when the snapshot was taken.
     *
     * @param offset where to read, aligned to the volume's block size
     * @param dst filled completely; its length must be a multiple of the block size
     * @throws IOException if reading fails, or the snapshot was deleted
     */
    public void read(long offset, ByteBuffer dst) throws IOException {
        volume.geometry().checkAlignedRange(offset, dst.remaining());
        volume.context().clock().lock(lock.readLock());
        try {
            checkAttached();
            int chunkSize = chunkSize();
            long position = offset;
            while (dst.hasRemaining()) {
                long chunk = position / chunkSize;
                int length = (int) Math.min(dst.remaining(), (chunk + 1) * chunkSize - position);
                ByteBuffer part = dst.slice().limit(length);
                if (table.contains(chunk)) {
                    store.read(position, part);
                } else {
                    volume.readOrigin(position, part);
                }
                dst.position(dst.position() + length);
                position += length;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Deletes the snapshot: the volume stops copying for it and its files are removed.
     *
     * @throws IOException if the files cannot be removed
     */
    public void delete() throws IOException {
        volume.deleteSnapshot(this);
    }

    /**
     * Saves the old contents of every chunk in {@code [offset, offset + length)} that has not been
     * saved yet. Returns only when those copies and their table entries are durable.
     */
    void preserve(long offset, long length) throws IOException {
        if (length == 0) {
            return;
        }
        preserve(new long[] { offset }, new long[] { length }, 1);
    }

    /**
     * Saves the old contents of every chunk that one of {@code count} ranges touches and that has
     * not been saved yet, with one force of the store and one of the table for all of them. Returns
     * only when those copies and their table entries are durable.
     */
    void preserve(long[] offsets, long[] lengths, int count) throws IOException {
        int chunkSize = chunkSize();
        volume.context().clock().lock(lock.writeLock());
        try {
            if (detached) {
                return;
            }
            long[] copied = new long[16];
            int copiedCount = 0;
            // ranges of one group may share chunks; a single range never repeats one
            org.roaringbitmap.longlong.Roaring64Bitmap copiedInGroup = count > 1
                    ? new org.roaringbitmap.longlong.Roaring64Bitmap() : null;
            long copiedBytes = 0;
            ByteBuffer buffer = null;
            for (int range = 0; range < count; range++) {
                if (lengths[range] == 0) {
                    continue;
                }
                long first = offsets[range] / chunkSize;
                long last = (offsets[range] + lengths[range] - 1) / chunkSize;
                for (long chunk = first; chunk <= last; chunk++) {
                    if (table.contains(chunk) || copiedInGroup != null && copiedInGroup.contains(chunk)) {
                        continue;
                    }
                    long chunkStart = chunk * chunkSize;
                    int chunkLength = (int) Math.min(chunkSize, volume.geometry().sizeBytes() - chunkStart);
                    if (buffer == null) {
                        buffer = ByteBuffer.allocate(chunkSize);
                    }
                    buffer.clear().limit(chunkLength);
                    volume.readOrigin(chunkStart, buffer);
                    store.write(chunkStart, buffer.flip());
                    if (copiedCount == copied.length) {
                        copied = java.util.Arrays.copyOf(copied, copied.length * 2);
                    }
                    copied[copiedCount++] = chunk;
                    if (copiedInGroup != null) {
                        copiedInGroup.addLong(chunk);
                    }
                    copiedBytes += chunkLength;
                }
            }
            if (copiedCount == 0) {
                return;
            }
            store.force();
            table.record(copied, copiedCount);
            volume.context().events().publish(new EngineEvent.ChunksCopied(volume.context().clock().now(), id(),
                    copiedCount, copiedBytes, table.size()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Stops copying for this snapshot and closes its files; returns the chunk count it had. */
    long detach() throws IOException {
        volume.context().clock().lock(lock.writeLock());
        try {
            if (detached) {
                return table.size();
            }
            detached = true;
            try {
                table.close();
            } finally {
                store.close();
            }
            return table.size();
        } finally {
            lock.writeLock().unlock();
        }
    }

    Path directory() {
        return directory;
    }

    /** Its directory was renamed from the pending name to its id (the open files are unaffected). */
    void renamedTo(Path newDirectory) {
        directory = newDirectory;
    }

    private void checkAttached() throws IOException {
        if (detached) {
            throw new IOException("Snapshot " + id() + " of " + volume.path() + " was deleted or its volume closed");
        }
    }
}
