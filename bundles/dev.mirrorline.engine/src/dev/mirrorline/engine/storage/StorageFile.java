package dev.mirrorline.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An open file or block device. Reads and writes are positional and complete: they transfer the
 * whole buffer or fail. Writes are durable only after {@link #force()}. Safe for concurrent
 * positional reads and writes from several threads.
 */
public interface StorageFile extends AutoCloseable {

    /** @return the path the file was opened at */
    Path path();

    /**
     * @return the size in bytes (for a block device: the device size)
     * @throws IOException if it cannot be determined
     */
    long size() throws IOException;

    /**
     * Reads {@code dst.remaining()} bytes starting at {@code position}.
     *
     * @param position the first byte to read
     * @param dst where the bytes go; its position advances to its limit
     * @throws java.io.EOFException if the file ends before the buffer is full
     * @throws IOException if the read fails
     */
    void read(long position, ByteBuffer dst) throws IOException;

    /**
     * Writes all of {@code src} starting at {@code position}, growing the file if needed.
     *
     * @param position the first byte to write
     * @param src the bytes; its position advances to its limit
     * @throws IOException if the write fails
     */
    void write(long position, ByteBuffer src) throws IOException;

    /**
     * Makes every completed write durable (data and the metadata needed to read it back).
     *
     * @throws IOException if the device reports an error
     */
    void force() throws IOException;

    /**
     * Shrinks the file to {@code sizeBytes}, or leaves it if it is not longer.
     *
     * @param sizeBytes the new size
     * @throws IOException if it cannot be truncated
     */
    void truncate(long sizeBytes) throws IOException;

    /**
     * Takes an exclusive lock on the whole file, held until it is closed, so that no other process
     * (or other open file in this process) writes the same volume.
     *
     * @return true if the lock was taken, false if someone else holds it
     * @throws IOException if locking fails for another reason
     */
    boolean tryLockExclusively() throws IOException;

    /** Closes the file and releases its lock. */
    @Override
    void close() throws IOException;
}
