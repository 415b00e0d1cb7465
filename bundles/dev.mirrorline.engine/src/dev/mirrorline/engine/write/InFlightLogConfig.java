package dev.mirrorline.engine.write;

/**
 * How an {@link InFlightLog} is sized.
 *
 * @param windowBytes the most bytes of update data that may be outstanding (appended and not
 *        acknowledged); an append that would exceed it waits, and a single update larger than it is
 *        refused
 * @param segmentBytes the size at which the journal starts a new segment file; segments whose
 *        updates are all acknowledged are deleted, so the journal holds roughly the window plus one
 *        segment
 */
public record InFlightLogConfig(long windowBytes, long segmentBytes) {

    /** The window used unless told otherwise: 64 MiB. */
    public static final long DEFAULT_WINDOW_BYTES = 64L << 20;

    /** The segment size used unless told otherwise: 16 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;

    /** The smallest segment size accepted: 4 KiB. */
    public static final long MIN_SEGMENT_BYTES = 4096;

    /** The largest single update: what a Java array holds, less room for the record header. */
    public static final int MAX_UPDATE_BYTES = Integer.MAX_VALUE - 64;

    /**
     * Checks the sizes.
     *
     * @param windowBytes the window, positive
     * @param segmentBytes the segment size, at least {@link #MIN_SEGMENT_BYTES}
     * @throws IllegalArgumentException naming the bad value and what is allowed
     */
    public InFlightLogConfig {
        if (windowBytes <= 0) {
            throw new IllegalArgumentException("In-flight window of " + windowBytes
                    + " bytes is not allowed: it must be positive");
        }
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("Journal segment size of " + segmentBytes
                    + " bytes is not allowed: it must be at least " + MIN_SEGMENT_BYTES + " bytes");
        }
    }

    /** @return a 64 MiB window in 16 MiB segments */
    public static InFlightLogConfig defaults() {
        return new InFlightLogConfig(DEFAULT_WINDOW_BYTES, DEFAULT_SEGMENT_BYTES);
    }

    /**
     * @param bytes the window
     * @return this configuration with another window
     */
    public InFlightLogConfig withWindowBytes(long bytes) {
        return new InFlightLogConfig(bytes, segmentBytes);
    }

    /**
     * @param bytes the segment size
     * @return this configuration with another segment size
     */
    public InFlightLogConfig withSegmentBytes(long bytes) {
        return new InFlightLogConfig(windowBytes, bytes);
    }

    /** @return the largest single update accepted: the window, or {@link #MAX_UPDATE_BYTES} if smaller */
    public int maxUpdateBytes() {
        return (int) Math.min(windowBytes, MAX_UPDATE_BYTES);
    }
}
