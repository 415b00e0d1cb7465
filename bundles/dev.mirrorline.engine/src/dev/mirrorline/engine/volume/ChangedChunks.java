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

    /** @return the changed chunk indexes, ascending */
    public long[] toArray() {
        return chunks.toArray();
    }
}
