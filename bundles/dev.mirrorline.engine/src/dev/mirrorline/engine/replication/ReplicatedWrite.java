package dev.mirrorline.engine.replication;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One write as it travels from the primary to the secondary: its place in the pair's single
 * sequence of writes, where it goes on the volume, its bytes, and their CRC32C so that the
 * secondary can tell data damaged on the way from data to apply.
 *
 * <p>Live writes, unacknowledged updates resent after an outage and resync chunks all travel as
 * replicated writes on the same ordered stream, which is what keeps a live write from being
 * overtaken by older resync data for the same chunk.
 *
 * @param sequence the position in the pair's sequence, from 1
 * @param offset the byte offset on the volume, block-aligned
 * @param data the bytes; read-only
 * @param crc32c the CRC32C of {@code data} as the primary computed it
 */
public record ReplicatedWrite(long sequence, long offset, ByteBuffer data, int crc32c) {

    /** Checks the fields that need no volume to check. */
    public ReplicatedWrite {
        if (sequence < 1) {
            throw new IllegalArgumentException("Sequence numbers start at 1, not " + sequence);
        }
        data = data.asReadOnlyBuffer();
    }

    /**
     * A write with its checksum computed from the data.
     *
     * @param sequence the position in the pair's sequence
     * @param offset the byte offset on the volume
     * @param data the bytes (not copied: the caller must not change them)
     * @return the write
     */
    public static ReplicatedWrite of(long sequence, long offset, ByteBuffer data) {
        return new ReplicatedWrite(sequence, offset, data, checksum(data));
    }

    /** @return the number of bytes */
    public int length() {
        return data.remaining();
    }

    /** @return whether the data still matches the checksum */
    public boolean isIntact() {
        return checksum(data) == crc32c;
    }

    /**
     * @param data some bytes (its position is not moved)
     * @return their CRC32C
     */
    public static int checksum(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(data.duplicate());
        return (int) crc.getValue();
    }
}
