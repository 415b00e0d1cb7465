package dev.mirrorline.engine.write;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A write to the primary volume as it is replicated: its sequence number, where in the volume it
 * goes and the bytes written. Immutable.
 */
public final class Update {

    private final long sequence;
    private final long offset;
    private final byte[] data;

    /** Takes ownership of {@code data}: callers hand over a copy nobody else holds. */
    Update(long sequence, long offset, byte[] data) {
        this.sequence = sequence;
        this.offset = offset;
        this.data = data;
    }

    /** @return the sequence number, from 1 upwards, in the order the secondary must apply updates */
    public long sequence() {
        return sequence;
    }

    /** @return the byte offset in the volume where the data goes */
    public long offset() {
        return offset;
    }

    /** @return the number of bytes written */
    public int length() {
        return data.length;
    }

    /** @return the bytes written, as a read-only buffer from position 0 to its limit */
    public ByteBuffer data() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** @return a copy of the bytes written */
    public byte[] copyOfData() {
        return data.clone();
    }

    /** Two updates are equal when sequence, offset and every byte are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Update update && sequence == update.sequence && offset == update.offset
                && Arrays.equals(data, update.data);
    }

    /** @return a hash consistent with {@link #equals(Object)} */
    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Long.hashCode(offset) * 17 + Arrays.hashCode(data);
    }

    /** @return sequence, offset and length, such as {@code "Update #7 at 4096 (4096 bytes)"} */
    @Override
    public String toString() {
        return "Update #" + sequence + " at " + offset + " (" + data.length + " bytes)";
    }
}
