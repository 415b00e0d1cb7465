package dev.mirrorline.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Reads and writes any byte range of a {@link BlockTarget}, which itself takes whole blocks only.
 *
 * <p>An unaligned read reads the blocks around the range. An unaligned write is a
 * read-modify-write of its first and last blocks, and it holds an exclusive lock for that, while
 * aligned writes share the lock: no other write can change the bytes of those blocks that the
 * client did not send between the read and the write, so nothing another client wrote is lost.
 * Aligned requests, the normal case for clients that honour the advertised block size, pay for an
 * uncontended shared lock only.
 */
final class ByteRangeAccess {

    /** Zeroes are written in pieces of at most this size. */
    static final int ZERO_CHUNK = 1 << 20;

    private final BlockTarget target;
    private final int blockSize;
    private final ReadWriteLock unalignedWrites = new ReentrantReadWriteLock();

    ByteRangeAccess(BlockTarget target) {
        this.target = target;
        this.blockSize = target.geometry().blockSize();
    }

    BlockTarget target() {
        return target;
    }

    boolean isAligned(long offset, long length) {
        return offset % blockSize == 0 && length % blockSize == 0;
    }

    /** Reads {@code dst.remaining()} bytes at {@code offset}; the range lies inside the target. */
    void read(long offset, ByteBuffer dst) throws IOException {
        int length = dst.remaining();
        if (length == 0) {
            return;
        }
        if (isAligned(offset, length)) {
            target.read(offset, dst);
            return;
        }
        long start = alignDown(offset);
        long end = alignUp(offset + length);
        ByteBuffer span = ByteBuffer.allocate(Math.toIntExact(end - start));
        target.read(start, span);
        span.position((int) (offset - start)).limit((int) (offset - start) + length);
        dst.put(span);
    }

    /** Writes {@code src} at {@code offset}; the range lies inside the target. */
    void write(long offset, ByteBuffer src) throws IOException, InterruptedException {
        int length = src.remaining();
        if (length == 0) {
            return;
        }
        if (isAligned(offset, length)) {
            unalignedWrites.readLock().lock();
            try {
                target.write(offset, src);
            } finally {
                unalignedWrites.readLock().unlock();
            }
            return;
        }
        long start = alignDown(offset);
        long end = alignUp(offset + length);
        ByteBuffer span = ByteBuffer.allocate(Math.toIntExact(end - start));
        unalignedWrites.writeLock().lock();
        try {
            // only the first and the last block hold bytes the client did not send
            target.read(start, span.duplicate().limit(blockSize));
            if (end - blockSize > start) {
                target.read(end - blockSize, span.duplicate().position(span.capacity() - blockSize));
            }
            span.position((int) (offset - start));
            span.put(src);
            span.clear();
            target.write(start, span);
        } finally {
            unalignedWrites.writeLock().unlock();
        }
    }

    /** Writes zeroes over {@code length} bytes at {@code offset}; the range lies inside the target. */
    void writeZeroes(long offset, long length) throws IOException, InterruptedException {
        long position = offset;
        long end = offset + length;
        while (position < end) {
            // pieces end on block boundaries, so at most the first and the last are unaligned
            long pieceEnd = Math.min(end, alignDown(position + ZERO_CHUNK));
            if (pieceEnd <= position) {
                pieceEnd = Math.min(end, position + ZERO_CHUNK);
            }
            write(position, ByteBuffer.allocate(Math.toIntExact(pieceEnd - position)));
            position = pieceEnd;
        }
    }

    private long alignDown(long offset) {
        return offset - offset % blockSize;
    }

    private long alignUp(long offset) {
        long remainder = offset % blockSize;
        return remainder == 0 ? offset : offset + blockSize - remainder;
    }
}
