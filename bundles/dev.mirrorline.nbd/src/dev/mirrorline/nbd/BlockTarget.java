package dev.mirrorline.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.mirrorline.engine.VolumeGeometry;

/**
 * What an NBD export reads from and writes to. Offsets and lengths given to {@link #read} and
 * {@link #write} are always aligned to {@link VolumeGeometry#blockSize()} and inside the target:
 * the export turns unaligned client requests into aligned ones before they get here.
 *
 * <p>Implementations must allow concurrent calls: several clients, and several requests of one
 * client, are served at once.
 */
public interface BlockTarget {

    /** @return size and block size; fixed for the target's life */
    VolumeGeometry geometry();

    /**
     * @return whether writes are allowed now; clients that connect while this is false see a
     *     read-only export, and any write they attempt fails with {@code EPERM}
     */
    boolean isWritable();

    /**
     * Reads blocks.
     *
     * @param offset a multiple of the block size
     * @param dst filled completely; its remaining length is a multiple of the block size
     * @throws IOException if the read fails
     */
    void read(long offset, ByteBuffer dst) throws IOException;

    /**
     * Writes blocks; returns when the write is complete in the target's sense (for the primary's
     * replication write path: applied, journaled, and in synchronous mode acknowledged by the
     * secondary).
     *
     * @param offset a multiple of the block size
     * @param src written completely; its remaining length is a multiple of the block size
     * @throws IOException if the write fails, or the target is not writable
     * @throws InterruptedException if interrupted while waiting (the write may not have happened)
     */
    void write(long offset, ByteBuffer src) throws IOException, InterruptedException;

    /**
     * Makes every completed write durable: the answer to {@code NBD_CMD_FLUSH} and to writes with
     * {@code NBD_CMD_FLAG_FUA}.
     *
     * @throws IOException if the device reports an error
     */
    void flush() throws IOException;

    /** @return a line for people, shown by {@code nbdinfo --list} and the console; may be empty */
    String description();
}
