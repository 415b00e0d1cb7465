package dev.mirrorline.engine.volume;

import java.util.PrimitiveIterator;

import org.roaringbitmap.longlong.LongIterator;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * The chunks that changed since a snapshot was taken: a point-in-time copy of its exception
 * table's chunk set, in ascending chunk order. Compact in memory whatever the volume size.
 */
public final class ChangedChunks implements Iterable<Long> {

    private final Roaring64Bitmap chunks;
    private final int chunkSize;

    ChangedChunks(Roaring64Bitmap chunks, int chunkSize) {
        this.chunks = chunks;
        this.chunkSize = chunkSize;
    }

    /**
     * @param chunkSize the chunk size
     * @return no chunks
     */
    public static ChangedChunks none(int chunkSize) {
        return new ChangedChunks(new Roaring64Bitmap(), chunkSize);
    }

    /**
     * @param first the first chunk index
     * @param last the last chunk index, at least {@code first}
     * @param chunkSize the chunk size
     * @return the chunks {@code first .. last}: a region to resynchronise whole
     * @throws IllegalArgumentException if the range is empty or negative
     */
    public static ChangedChunks range(long first, long last, int chunkSize) {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("Chunk range " + first + ".." + last + " is empty or negative");
        }
        Roaring64Bitmap chunks = new Roaring64Bitmap();
        chunks.addRange(first, last + 1);
        return new ChangedChunks(chunks, chunkSize);
    }

    /** @return the chunk size of the snapshot, in bytes */
    public int chunkSize() {
        return chunkSize;
    }

    /** @return how many chunks changed */
    public long count() {
        return chunks.getLongCardinality();
    }

    /**
     * @param chunk a chunk index
     * @return whether that chunk changed
     */
    public boolean contains(long chunk) {
        return chunks.contains(chunk);
    }

    /** @return the changed chunk indexes, ascending, without boxing */
    public PrimitiveIterator.OfLong chunkIndexes() {
        LongIterator iterator = chunks.getLongIterator();
        return new PrimitiveIterator.OfLong() {
            @Override
            public boolean hasNext() {
                return iterator.hasNext();
            }

            @Override
            public long nextLong() {
                return iterator.next();
            }
        };
    }

    @Override
    public PrimitiveIterator.OfLong iterator() {
        return chunkIndexes();
    }

    /**
     * @param chunk a chunk index, or -1 for none
     * @return the changed chunks above {@code chunk}
     */
    public ChangedChunks after(long chunk) {
        Roaring64Bitmap above = new Roaring64Bitmap();
        above.or(chunks);
        if (chunk >= 0) {
            Roaring64Bitmap through = new Roaring64Bitmap();
            through.addRange(0, chunk + 1);
            above.andNot(through);
        }
        return new ChangedChunks(above, chunkSize);
    }

    /**
     * @param other changed chunks of the same chunk size
     * @return the chunks that changed in either
     * @throws IllegalArgumentException if the chunk sizes differ
     */
    public ChangedChunks union(ChangedChunks other) {
        if (other.chunkSize != chunkSize) {
            throw new IllegalArgumentException("Cannot join changed chunks of " + chunkSize + " and " + other.chunkSize
                    + " bytes");
        }
        Roaring64Bitmap both = new Roaring64Bitmap();
        both.or(chunks);
        both.or(other.chunks);
        return new ChangedChunks(both, chunkSize);
    }

    /**
     * @param chunk a chunk index
     * @return how many of the changed chunks are at or below it
     */
    public long countThrough(long chunk) {
        return chunk < 0 ? 0 : chunks.rankLong(chunk);
    }

    /** @return the changed chunk indexes, ascending */
    public long[] toArray() {
        return chunks.toArray();
    }

    /**
     * Changed chunks named by index, for chunks known otherwise than from a snapshot's exception
     * table (the chunks of captured updates, say).
     *
     * @param chunkSize the chunk size, in bytes
     * @param chunks chunk indexes, in any order, repeats allowed
     * @return those chunks
     * @throws IllegalArgumentException if the chunk size is not positive or an index is negative
     */
    public static ChangedChunks of(int chunkSize, long... chunks) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("A chunk size must be positive, not " + chunkSize);
        }
        Roaring64Bitmap bitmap = new Roaring64Bitmap();
        for (long chunk : chunks) {
            if (chunk < 0) {
                throw new IllegalArgumentException("A chunk index cannot be negative: " + chunk);
            }
            bitmap.addLong(chunk);
        }
        return new ChangedChunks(bitmap, chunkSize);
    }
}
