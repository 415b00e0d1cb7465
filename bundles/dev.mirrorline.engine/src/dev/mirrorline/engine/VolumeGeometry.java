package dev.mirrorline.engine;

/**
 * The shape of a block volume: its size in bytes and the size of the blocks it is addressed in.
 *
 * <p>A geometry is always valid once constructed: the block size is a power of two between
 * {@link #MIN_BLOCK_SIZE} and {@link #MAX_BLOCK_SIZE}, and the volume size is a positive multiple of
 * the block size. Primary and secondary volumes of a pair must have equal geometries.
 *
 * @param sizeBytes the volume size in bytes
 * @param blockSize the block size in bytes
 */
public record VolumeGeometry(long sizeBytes, int blockSize) {

    /** The block size used when none is given: 4 KiB. */
    public static final int DEFAULT_BLOCK_SIZE = 4096;

    /** The smallest block size accepted: one disk sector. */
    public static final int MIN_BLOCK_SIZE = 512;

    /** The largest block size accepted: 1 MiB. */
    public static final int MAX_BLOCK_SIZE = 1 << 20;

    /**
     * Checks the geometry.
     *
     * @throws IllegalArgumentException with a message that names the bad value and what is allowed
     */
    public VolumeGeometry {
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("Block size " + blockSize
                    + " is not allowed: it must be a power of two from " + MIN_BLOCK_SIZE + " to "
                    + MAX_BLOCK_SIZE + " bytes");
        }
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("Volume size " + sizeBytes + " is not allowed: it must be positive");
        }
        if (sizeBytes % blockSize != 0) {
            throw new IllegalArgumentException("Volume size " + sizeBytes + " bytes is not a multiple of the block size "
                    + blockSize + " (nearest allowed sizes: " + (sizeBytes / blockSize) * blockSize + " or "
                    + (sizeBytes / blockSize + 1) * blockSize + ")");
        }
    }

    /**
     * A geometry with the default 4 KiB block size.
     *
     * @param sizeBytes the volume size in bytes, a positive multiple of 4096
     * @return the geometry
     */
    public static VolumeGeometry ofSize(long sizeBytes) {
        return new VolumeGeometry(sizeBytes, DEFAULT_BLOCK_SIZE);
    }

    /** @return the number of blocks in the volume */
    public long blockCount() {
        return sizeBytes / blockSize;
    }

    /**
     * @param offset a byte offset that is a multiple of the block size
     * @return the index of the block that starts at {@code offset}
     */
    public long blockIndexOf(long offset) {
        checkAlignedRange(offset, 0);
        return offset / blockSize;
    }

    /**
     * Checks that an I/O request of {@code length} bytes at {@code offset} starts and ends on block
     * boundaries and lies inside the volume.
     *
     * @param offset the first byte of the request
     * @param length the number of bytes; zero is allowed
     * @throws IllegalArgumentException naming the offset, length and the rule they break
     */
    public void checkAlignedRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("I/O at offset " + offset + " with length " + length
                    + " is invalid: offset and length must not be negative");
        }
        if (offset % blockSize != 0 || length % blockSize != 0) {
            throw new IllegalArgumentException("I/O at offset " + offset + " with length " + length
                    + " is not aligned to the block size " + blockSize);
        }
        if (length > sizeBytes || offset > sizeBytes - length) {
            throw new IllegalArgumentException("I/O at offset " + offset + " with length " + length
                    + " ends beyond the end of the volume (" + sizeBytes + " bytes)");
        }
    }

    /**
     * Tells whether another volume can be paired with one of this geometry.
     *
     * @param other the other volume's geometry
     * @throws IllegalArgumentException describing the mismatch
     */
    public void checkPairableWith(VolumeGeometry other) {
        if (!equals(other)) {
            throw new IllegalArgumentException("Volumes do not match: this volume is " + describe()
                    + ", the other is " + other.describe() + "; a pair needs equal sizes and block sizes");
        }
    }

    /** @return a short human-readable description, such as {@code "1073741824 bytes in 4096-byte blocks"} */
    public String describe() {
        return sizeBytes + " bytes in " + blockSize + "-byte blocks";
    }
}
