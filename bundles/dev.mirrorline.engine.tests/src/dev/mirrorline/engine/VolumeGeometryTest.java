package dev.mirrorline.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeGeometryTest {

    private static final long GIB = 1L << 30;

    @Test
    void aVolumeOfOneGibibyteHasTheDefaultBlockSizeAndCountsItsBlocks() {
        VolumeGeometry geometry = VolumeGeometry.ofSize(GIB);

        assertEquals(4096, geometry.blockSize());
        assertEquals(262_144, geometry.blockCount());
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 256, 511, 3000, 4097, 2 << 20 })
    void aBlockSizeThatIsNotAPowerOfTwoInRangeIsRefusedWithTheAllowedRange(int blockSize) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new VolumeGeometry(GIB, blockSize));

        assertTrue(error.getMessage().contains("Block size " + blockSize), error.getMessage());
        assertTrue(error.getMessage().contains("power of two from 512 to 1048576"), error.getMessage());
    }

    @Test
    void aSizeThatIsNotAMultipleOfTheBlockSizeIsRefusedWithTheNearestAllowedSizes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> VolumeGeometry.ofSize(10_000));

        assertEquals("Volume size 10000 bytes is not a multiple of the block size 4096"
                + " (nearest allowed sizes: 8192 or 12288)", error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -4096 })
    void anEmptyOrNegativeSizeIsRefused(long size) {
        assertThrows(IllegalArgumentException.class, () -> VolumeGeometry.ofSize(size));
    }

    @Test
    void alignedIoInsideTheVolumeIsAcceptedUpToTheLastByte() {
        VolumeGeometry geometry = VolumeGeometry.ofSize(16 * 4096);

        assertDoesNotThrow(() -> geometry.checkAlignedRange(0, 16 * 4096));
        assertDoesNotThrow(() -> geometry.checkAlignedRange(15 * 4096, 4096));
        assertDoesNotThrow(() -> geometry.checkAlignedRange(16 * 4096, 0));
        assertEquals(15, geometry.blockIndexOf(15 * 4096));
    }

    @Test
    void unalignedIoIsRefused() {
        VolumeGeometry geometry = VolumeGeometry.ofSize(16 * 4096);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> geometry.checkAlignedRange(512, 4096));
        assertEquals("I/O at offset 512 with length 4096 is not aligned to the block size 4096", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> geometry.checkAlignedRange(4096, 100));
    }

    @Test
    void ioPastTheEndIsRefusedEvenWhenOffsetPlusLengthOverflows() {
        VolumeGeometry geometry = VolumeGeometry.ofSize(16 * 4096);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> geometry.checkAlignedRange(15 * 4096, 2 * 4096));
        assertTrue(error.getMessage().endsWith("ends beyond the end of the volume (65536 bytes)"), error.getMessage());
        long hugeAligned = Long.MAX_VALUE / 4096 * 4096;
        assertThrows(IllegalArgumentException.class, () -> geometry.checkAlignedRange(hugeAligned, hugeAligned));
        assertThrows(IllegalArgumentException.class, () -> geometry.checkAlignedRange(-4096, 4096));
    }

    @Test
    void volumesOfDifferentSizesCannotBePaired() {
        VolumeGeometry primary = VolumeGeometry.ofSize(GIB);
        VolumeGeometry secondary = VolumeGeometry.ofSize(GIB / 2);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> primary.checkPairableWith(secondary));
        assertEquals("Volumes do not match: this volume is 1073741824 bytes in 4096-byte blocks,"
                + " the other is 536870912 bytes in 4096-byte blocks; a pair needs equal sizes and block sizes",
                error.getMessage());
        assertDoesNotThrow(() -> primary.checkPairableWith(VolumeGeometry.ofSize(GIB)));
    }
}
