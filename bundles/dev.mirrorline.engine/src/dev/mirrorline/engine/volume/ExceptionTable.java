package dev.mirrorline.engine.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.roaringbitmap.longlong.Roaring64Bitmap;

import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;

/**
 * The durable record of which chunks a snapshot holds old data for, and where.
 *
 * <p>On disk: a 64-byte header, then fixed-size 24-byte entries appended in the order chunks were
 * copied: chunk index, byte offset of its old data in the COW store, CRC32C of those 16 bytes, and
 * 4 bytes of padding. An entry is appended only after the old data it points to is durable, and is
 * forced before the volume overwrites the chunk, so after a crash every valid entry points to
 * complete old data. A torn or unwritten tail fails its CRC; reading stops there and the tail is
 * cut off.
 *
 * <p>In memory only a compressed bitmap of chunk indexes is kept (a few bits per chunk for dense
 * changes, a few bytes per chunk for scattered ones): the store offset of a chunk is derived, not
 * looked up, since the store keeps chunk {@code c} at {@code c * chunkSize}. The offset is still
 * written in each entry so that the format can describe a compacted store later.
 *
 * <p>Not thread-safe: the snapshot serialises access.
 */
final class ExceptionTable implements AutoCloseable {

    static final int HEADER_SIZE = 64;
    static final int ENTRY_SIZE = 24;
    private static final long MAGIC = 0x4d4c_4558_4354_424cL; // "MLEXCTBL"
    private static final int FORMAT_VERSION = 1;
    private static final int READ_BATCH_ENTRIES = 16_384;

    private final StorageFile file;
    private final SnapshotHeader header;
    private final Roaring64Bitmap chunks;
    private long entryCount;

    private ExceptionTable(StorageFile file, SnapshotHeader header, Roaring64Bitmap chunks, long entryCount) {
        this.file = file;
        this.header = header;
        this.chunks = chunks;
        this.entryCount = entryCount;
    }

    /**
     * Creates the table file with its header and makes it durable.
     */
    static ExceptionTable create(Storage storage, Path path, SnapshotHeader header) throws IOException {
        StorageFile file = storage.create(path, 0);
        try {
            file.write(0, encodeHeader(header));
            file.force();
            return new ExceptionTable(file, header, new Roaring64Bitmap(), 0);
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Opens a table, reads every valid entry and cuts off a torn tail.
     *
     * @throws CorruptSnapshotException if the header is missing or damaged
     */
    static ExceptionTable open(Storage storage, Path path) throws IOException {
        StorageFile file = storage.open(path, Storage.Access.READ_WRITE);
        try {
            long size = file.size();
            if (size < HEADER_SIZE) {
                throw new CorruptSnapshotException(path + " has no complete header (" + size + " bytes)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate(HEADER_SIZE);
            file.read(0, headerBytes);
            SnapshotHeader header = decodeHeader(path, headerBytes.flip());

            Roaring64Bitmap chunks = new Roaring64Bitmap();
            long completeEntries = (size - HEADER_SIZE) / ENTRY_SIZE;
            long valid = 0;
            ByteBuffer batch = ByteBuffer.allocate(READ_BATCH_ENTRIES * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            CRC32C crc = new CRC32C();
            reading:
            while (valid < completeEntries) {
                int entries = (int) Math.min(READ_BATCH_ENTRIES, completeEntries - valid);
                batch.clear().limit(entries * ENTRY_SIZE);
                file.read(HEADER_SIZE + valid * ENTRY_SIZE, batch);
                batch.flip();
                for (int i = 0; i < entries; i++) {
                    long chunk = batch.getLong();
                    long storeOffset = batch.getLong();
                    int storedCrc = batch.getInt();
                    batch.getInt();
                    if (storedCrc != entryCrc(crc, chunk, storeOffset) || storeOffset != chunk * header.chunkSize()) {
                        break reading;
                    }
                    chunks.addLong(chunk);
                    valid++;
                }
            }
            long validEnd = HEADER_SIZE + valid * ENTRY_SIZE;
            if (validEnd < size) {
                file.truncate(validEnd);
                file.force();
            }
            return new ExceptionTable(file, header, chunks, valid);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Tells a snapshot whose creation finished (its header was forced before it was handed out)
     * from one that a crash interrupted (no table, or a table shorter than its header).
     */
    static boolean hasCompleteHeader(Storage storage, Path path) throws IOException {
        if (!storage.exists(path)) {
            return false;
        }
        try (StorageFile file = storage.open(path, Storage.Access.READ_ONLY)) {
            return file.size() >= HEADER_SIZE;
        }
    }

    SnapshotHeader header() {
        return header;
    }

    boolean contains(long chunk) {
        return chunks.contains(chunk);
    }

    long size() {
        return chunks.getLongCardinality();
    }

    Roaring64Bitmap copyOfChunks() {
        Roaring64Bitmap copy = new Roaring64Bitmap();
        copy.or(chunks);
        return copy;
    }

    /**
     * Appends entries for chunks whose old data is already durable in the store, forces them, and
     * only then counts them as recorded.
     */
    void record(long[] newChunks, int count) throws IOException {
        if (count == 0) {
            return;
        }
        ByteBuffer entries = ByteBuffer.allocate(count * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < count; i++) {
            long chunk = newChunks[i];
            long storeOffset = chunk * header.chunkSize();
            entries.putLong(chunk).putLong(storeOffset).putInt(entryCrc(crc, chunk, storeOffset)).putInt(0);
        }
        file.write(HEADER_SIZE + entryCount * ENTRY_SIZE, entries.flip());
        file.force();
        for (int i = 0; i < count; i++) {
            chunks.addLong(newChunks[i]);
        }
        entryCount += count;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private static int entryCrc(CRC32C crc, long chunk, long storeOffset) {
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(chunk).putLong(storeOffset);
        crc.reset();
        crc.update(bytes.array(), 0, 16);
        return (int) crc.getValue();
    }

    private static ByteBuffer encodeHeader(SnapshotHeader header) {
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(MAGIC).putInt(FORMAT_VERSION).putInt(header.chunkSize()).putLong(header.volumeSize())
                .putLong(header.createdAtEpochMillis()).putLong(header.id().getMostSignificantBits())
                .putLong(header.id().getLeastSignificantBits());
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, bytes.position());
        bytes.putInt((int) crc.getValue());
        return bytes.position(HEADER_SIZE).flip();
    }

    private static SnapshotHeader decodeHeader(Path path, ByteBuffer bytes) throws CorruptSnapshotException {
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        long magic = bytes.getLong();
        int version = bytes.getInt();
        int chunkSize = bytes.getInt();
        long volumeSize = bytes.getLong();
        long createdAt = bytes.getLong();
        long idHigh = bytes.getLong();
        long idLow = bytes.getLong();
        int storedCrc = bytes.getInt();
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, 48);
        if (magic != MAGIC || storedCrc != (int) crc.getValue()) {
            throw new CorruptSnapshotException(path + " is not a Mirrorline exception table, or its header is damaged");
        }
        if (version != FORMAT_VERSION) {
            throw new CorruptSnapshotException(path + " has format version " + version + "; this engine reads "
                    + FORMAT_VERSION);
        }
        return new SnapshotHeader(new java.util.UUID(idHigh, idLow), chunkSize, volumeSize, createdAt);
    }
}
