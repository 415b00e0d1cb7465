package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import dev.mirrorline.engine.volume.Volume;

/**
 * The writes a secondary receives during a resync, kept in an append-only file beside its volume
 * instead of written into it, so that the volume stays the last consistent copy until the resync is
 * complete: resync chunks arrive in chunk order, not in write order, and a volume holding half of
 * them is no usable copy.
 *
 * <p>A group of writes is appended with one write and one force, in sequence order; each record
 * carries its sequence number and two CRC32Cs (header and data). When the primary says the resync
 * is complete, the records are applied to the volume in order. Appending is sequential, so staging
 * costs far less than preserving each overwritten chunk in a copy-on-write snapshot (a read and two
 * random writes per chunk); the space it takes is the resync's data plus the writes made during it.
 */
final class ResyncStaging {

    /** The file of staged writes, in the staging directory. */
    static final String FILE = "staged-writes";
    private static final int MAGIC = 0x4d4c_5253; // "MLRS"
    private static final int HEADER_SIZE = 32;
    /** The staged writes are read, and written into the volume, this many bytes at a time. */
    private static final int REPLAY_WINDOW_BYTES = 8 << 20;

    private final Storage storage;
    private final Path directory;
    private final StorageFile file;
    private long end;
    private long records;

    private ResyncStaging(Storage storage, Path directory, StorageFile file, long end, long records) {
        this.storage = storage;
        this.directory = directory;
        this.file = file;
        this.end = end;
        this.records = records;
    }

    /**
     * Starts an empty staging file.
     *
     * @param storage where it is kept
     * @param directory its directory, created if missing
     * @return the open staging
     * @throws IOException if it cannot be created
     */
    static ResyncStaging create(Storage storage, Path directory) throws IOException {
        storage.createDirectories(directory);
        Path path = directory.resolve(FILE);
        storage.deleteIfExists(path);
        StorageFile file = storage.create(path, 0);
        file.force();
        storage.forceDirectory(directory);
        return new ResyncStaging(storage, directory, file, 0, 0);
    }

    /**
     * Opens the staging of a resync that was going on when the secondary stopped. Records after the
     * last applied sequence number (appended but never acknowledged, or torn by a crash) are cut off:
     * the primary sends them again.
     *
     * @param storage where it is kept
     * @param directory its directory
     * @param lastApplied the highest sequence number the secondary recorded as applied
     * @return the open staging
     * @throws IOException if the file cannot be read, or a record the secondary acknowledged is damaged
     */
    static ResyncStaging open(Storage storage, Path directory, long lastApplied) throws IOException {
        Path path = directory.resolve(FILE);
        StorageFile file = storage.open(path, Storage.Access.READ_WRITE);
        try {
            long size = file.size();
            long position = 0;
            long records = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            while (position + HEADER_SIZE <= size) {
                header.clear();
                file.read(position, header);
                Record record = Record.decode(header.flip(), header.array(), 0);
                if (record == null || record.sequence() > lastApplied || position + HEADER_SIZE + record.length() > size) {
                    break;
                }
                position += HEADER_SIZE + record.length();
                records++;
            }
            if (position < size) {
                file.truncate(position);
                file.force();
            }
            return new ResyncStaging(storage, directory, file, position, records);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Appends a group of writes and makes them durable: one write and one force for the group.
     *
     * @param writes writes in sequence order, checked already
     * @throws IOException if the file cannot be written or forced (no space left, say)
     */
    void append(List<ReplicatedWrite> writes) throws IOException {
        long bytes = 0;
        for (ReplicatedWrite write : writes) {
            bytes += HEADER_SIZE + write.length();
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            int half = writes.size() / 2;
            append(writes.subList(0, half));
            append(writes.subList(half, writes.size()));
            return;
        }
        ByteBuffer group = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (ReplicatedWrite write : writes) {
            int headerStart = group.position();
            group.putInt(MAGIC).putLong(write.sequence()).putLong(write.offset()).putInt(write.length())
                    .putInt(write.crc32c());
            CRC32C crc = new CRC32C();
            crc.update(group.array(), headerStart, HEADER_SIZE - 4);
            group.putInt((int) crc.getValue());
            group.put(write.data().duplicate());
        }
        file.write(end, group.flip());
        file.force();
        end += bytes;
        records += writes.size();
    }

    /** @return the number of writes staged */
    long records() {
        return records;
    }

    /** @return the bytes the staged writes take, headers included */
    long bytes() {
        return end;
    }

    /**
     * Writes every staged write into the volume, in sequence order, and makes them durable. Every
     * record is checked before the first is written, so a damaged file leaves the volume as it was.
     * Applying them again (after a crash in the middle) gives the same bytes.
     *
     * @param volume the secondary volume
     * @throws IOException if a staged write is damaged, or the volume cannot be written
     */
    void replayInto(Volume volume) throws IOException {
        forEachWindow(writes -> {
        });
        forEachWindow(volume::writeAll);
        volume.flush();
    }

    /** What is done with the writes of one window of the file. */
    @FunctionalInterface
    private interface WindowAction {
        void accept(List<Volume.BlockWrite> writes) throws IOException;
    }

    /** Reads the file in large windows, checks each record, and hands over each window's writes. */
    private void forEachWindow(WindowAction action) throws IOException {
        long position = 0;
        while (position < end) {
            int size = (int) Math.min(REPLAY_WINDOW_BYTES, end - position);
            ByteBuffer window = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            file.read(position, window);
            window.flip();
            List<Volume.BlockWrite> writes = new ArrayList<>();
            int at = 0;
            while (at + HEADER_SIZE <= size) {
                Record record = Record.decode(window.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(at),
                        window.array(), at);
                if (record == null || position + at + HEADER_SIZE + record.length() > end) {
                    throw damaged(position + at);
                }
                if (at + HEADER_SIZE + record.length() > size) {
                    break; // continues in the next window
                }
                ByteBuffer data = window.duplicate().position(at + HEADER_SIZE).limit(at + HEADER_SIZE + record.length())
                        .slice();
                if (ReplicatedWrite.checksum(data) != record.crc32c()) {
                    throw damaged(position + at);
                }
                writes.add(new Volume.BlockWrite(record.offset(), data));
                at += HEADER_SIZE + record.length();
            }
            if (at == 0) {
                // one record larger than a window: read it on its own
                ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                file.read(position, header);
                Record record = Record.decode(header.flip(), header.array(), 0);
                if (record == null || position + HEADER_SIZE + record.length() > end) {
                    throw damaged(position);
                }
                ByteBuffer data = ByteBuffer.allocate(record.length());
                file.read(position + HEADER_SIZE, data);
                if (ReplicatedWrite.checksum(data.flip()) != record.crc32c()) {
                    throw damaged(position);
                }
                writes.add(new Volume.BlockWrite(record.offset(), data));
                at = HEADER_SIZE + record.length();
            }
            action.accept(writes);
            position += at;
        }
    }

    private IOException damaged(long position) {
        return new IOException(directory.resolve(FILE) + " is damaged at byte " + position + ": the writes the"
                + " secondary received during the resync cannot be applied. Its volume is still the copy it had"
                + " before the resync; resynchronise the pair from the primary");
    }

    /** Closes the file and deletes it. */
    void delete() throws IOException {
        file.close();
        storage.deleteIfExists(directory.resolve(FILE));
    }

    /** Closes the file, keeping it. */
    void close() throws IOException {
        file.close();
    }

    /** The header of one staged write. */
    private record Record(long sequence, long offset, int length, int crc32c) {

        /**
         * @param header positioned at the header
         * @param array the array behind it
         * @param start where the header starts in the array
         * @return the record, or null if the header is not one (torn, or never written)
         */
        static Record decode(ByteBuffer header, byte[] array, int start) {
            int magic = header.getInt();
            long sequence = header.getLong();
            long offset = header.getLong();
            int length = header.getInt();
            int dataCrc = header.getInt();
            int headerCrc = header.getInt();
            CRC32C crc = new CRC32C();
            crc.update(array, start, HEADER_SIZE - 4);
            if (magic != MAGIC || headerCrc != (int) crc.getValue() || length < 0 || sequence < 1 || offset < 0) {
                return null;
            }
            return new Record(sequence, offset, length, dataCrc);
        }
    }
}
