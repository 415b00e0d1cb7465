package dev.mirrorline.engine.write;

import dev.mirrorline.engine.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The bytes of the in-flight journal. A segment file is a header followed by records:
 *
 * <pre>
 * segment header (36 bytes): magic "MLJRNL01" | segment index (8) | base sequence (8)
 *                            | acknowledged through, when the segment was started (8) | CRC32C of the 32 before (4)
 * record:                    body length (4) | CRC32C of the length and the body (4) | body
 * update body:               type 1 (1) | sequence (8) | volume offset (8) | data
 * acknowledgement body:      type 2 (1) | sequence acknowledged through (8)
 * </pre>
 *
 * All numbers are big-endian. The CRC covers the length too, so a torn or zeroed length is caught
 * as surely as torn data.
 */
final class JournalFormat {

    static final int SEGMENT_HEADER_BYTES = 36;
    static final int RECORD_HEADER_BYTES = 8;
    static final byte UPDATE = 1;
    static final byte ACKNOWLEDGEMENT = 2;
    static final int UPDATE_BODY_FIXED_BYTES = 17;
    static final int ACKNOWLEDGEMENT_BODY_BYTES = 9;

    private static final byte[] SEGMENT_MAGIC = "MLJRNL01".getBytes(StandardCharsets.US_ASCII);
    private static final String SEGMENT_PREFIX = "segment-";
    private static final String SEGMENT_SUFFIX = ".journal";

    private JournalFormat() {
    }

    /** Zero-padded so that a directory listing sorts segments in order. */
    static Path segmentPath(Path directory, long index) {
        return directory.resolve(String.format("%s%020d%s", SEGMENT_PREFIX, index, SEGMENT_SUFFIX));
    }

    /** The header a segment starts with. */
    record SegmentHeader(long index, long baseSequence, long acknowledged) {

        ByteBuffer encode() {
            ByteBuffer buffer = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
            buffer.put(SEGMENT_MAGIC).putLong(index).putLong(baseSequence).putLong(acknowledged);
            buffer.putInt(crc(buffer.array(), 0, SEGMENT_HEADER_BYTES - 4));
            return buffer.flip();
        }

        /** @return the header, or null if the bytes are not a valid one */
        static SegmentHeader decode(ByteBuffer buffer) {
            byte[] bytes = new byte[SEGMENT_HEADER_BYTES];
            buffer.get(bytes);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (!Arrays.equals(bytes, 0, SEGMENT_MAGIC.length, SEGMENT_MAGIC, 0, SEGMENT_MAGIC.length)
                    || in.getInt(SEGMENT_HEADER_BYTES - 4) != crc(bytes, 0, SEGMENT_HEADER_BYTES - 4)) {
                return null;
            }
            in.position(SEGMENT_MAGIC.length);
            return new SegmentHeader(in.getLong(), in.getLong(), in.getLong());
        }
    }

    static ByteBuffer updateRecord(long sequence, long offset, byte[] data) {
        int body = UPDATE_BODY_FIXED_BYTES + data.length;
        ByteBuffer buffer = ByteBuffer.allocate(RECORD_HEADER_BYTES + body);
        buffer.putInt(body).putInt(0).put(UPDATE).putLong(sequence).putLong(offset).put(data);
        return sealed(buffer, body);
    }

    static ByteBuffer acknowledgementRecord(long sequence) {
        ByteBuffer buffer = ByteBuffer.allocate(RECORD_HEADER_BYTES + ACKNOWLEDGEMENT_BODY_BYTES);
        buffer.putInt(ACKNOWLEDGEMENT_BODY_BYTES).putInt(0).put(ACKNOWLEDGEMENT).putLong(sequence);
        return sealed(buffer, ACKNOWLEDGEMENT_BODY_BYTES);
    }

    static int updateRecordBytes(int dataLength) {
        return RECORD_HEADER_BYTES + UPDATE_BODY_FIXED_BYTES + dataLength;
    }

    private static ByteBuffer sealed(ByteBuffer buffer, int body) {
        buffer.putInt(4, checksum(buffer.array(), body));
        return buffer.flip();
    }

    private static int checksum(byte[] record, int body) {
        CRC32C crc = new CRC32C();
        crc.update(record, 0, 4);
        crc.update(record, RECORD_HEADER_BYTES, body);
        return (int) crc.getValue();
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    /** A record read back: an update, or an acknowledgement (then {@code update} is null). */
    record Record(Update update, long acknowledged, int size) {
    }

    /**
     * Reads the record at {@code position}.
     *
     * @return the record, or null if what is there is not a whole, valid record (a torn write,
     *         zeros, garbage or the end of the file)
     */
    static Record read(StorageFile file, long position, long fileSize) throws IOException {
        if (fileSize - position < RECORD_HEADER_BYTES) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES);
        file.read(position, header);
        int body = header.getInt(0);
        int storedCrc = header.getInt(4);
        if (body < ACKNOWLEDGEMENT_BODY_BYTES || body > fileSize - position - RECORD_HEADER_BYTES) {
            return null;
        }
        byte[] record = new byte[RECORD_HEADER_BYTES + body];
        System.arraycopy(header.array(), 0, record, 0, RECORD_HEADER_BYTES);
        file.read(position + RECORD_HEADER_BYTES, ByteBuffer.wrap(record, RECORD_HEADER_BYTES, body));
        if (checksum(record, body) != storedCrc) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(record, RECORD_HEADER_BYTES, body);
        byte type = in.get();
        long sequence = in.getLong();
        int size = RECORD_HEADER_BYTES + body;
        if (type == ACKNOWLEDGEMENT && body == ACKNOWLEDGEMENT_BODY_BYTES) {
            return new Record(null, sequence, size);
        }
        if (type == UPDATE && body > UPDATE_BODY_FIXED_BYTES) {
            long offset = in.getLong();
            byte[] data = Arrays.copyOfRange(record, RECORD_HEADER_BYTES + UPDATE_BODY_FIXED_BYTES, size);
            return new Record(new Update(sequence, offset, data), 0, size);
        }
        return null; // a valid checksum over an unknown shape: written by something else, so not ours
    }
}
