package dev.mirrorline.engine.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.VolumeGeometry;

class VolumeTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path directory;

    private final VolumeFixtures fixtures = new VolumeFixtures();

    @Test
    void aNewImageHasTheRequestedSizeReadsAsZerosAndTakesAlmostNoDiskSpace() throws Exception {
        Path image = directory.resolve("primary.img");
        try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(64L * MIB), state())) {
            assertEquals(64L * MIB, Files.size(image));
            assertArrayEquals(new byte[64 * MIB], VolumeFixtures.readAll(volume));
        }
        long allocatedBytes = allocatedBytes(image);
        assertTrue(allocatedBytes < MIB, "a new image should be sparse, but " + allocatedBytes + " bytes are allocated");
    }

    @Test
    void writtenBlocksReadBackByteForByteAfterFlushAndReopen() throws Exception {
        Path image = directory.resolve("primary.img");
        Random random = new Random(42);
        byte[] expected = new byte[4 * MIB];
        try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(4 * MIB), state())) {
            for (int i = 0; i < 300; i++) {
                int blocks = 1 + random.nextInt(8);
                long offset = 4096L * random.nextInt(1024 - blocks);
                ByteBuffer data = VolumeFixtures.randomBlocks(random, blocks * 4096);
                System.arraycopy(data.array(), 0, expected, (int) offset, blocks * 4096);
                volume.write(offset, data);
            }
            volume.flush();
        }
        try (Volume reopened = Volume.open(fixtures.context, image, 4096, state())) {
            assertArrayEquals(expected, VolumeFixtures.readAll(reopened));
        }
    }

    @Test
    void unalignedOrOutOfRangeIoIsRefusedWithItsReasonAndWritesNothing() throws Exception {
        try (Volume volume = Volume.create(fixtures.context, directory.resolve("v.img"),
                VolumeGeometry.ofSize(16 * 4096), state())) {
            ByteBuffer ones = ByteBuffer.wrap(filled(4096, (byte) 1));

            IllegalArgumentException unaligned = assertThrows(IllegalArgumentException.class,
                    () -> volume.write(100, ones.duplicate()));
            IllegalArgumentException shortWrite = assertThrows(IllegalArgumentException.class,
                    () -> volume.write(0, ByteBuffer.allocate(1000)));
            IllegalArgumentException beyondEnd = assertThrows(IllegalArgumentException.class,
                    () -> volume.write(16 * 4096, ones.duplicate()));
            IllegalArgumentException readBeyondEnd = assertThrows(IllegalArgumentException.class,
                    () -> volume.read(15 * 4096, ByteBuffer.allocate(2 * 4096)));

            assertEquals("I/O at offset 100 with length 4096 is not aligned to the block size 4096", unaligned.getMessage());
            assertEquals("I/O at offset 0 with length 1000 is not aligned to the block size 4096", shortWrite.getMessage());
            assertEquals("I/O at offset 65536 with length 4096 ends beyond the end of the volume (65536 bytes)",
                    beyondEnd.getMessage());
            assertTrue(readBeyondEnd.getMessage().contains("ends beyond the end of the volume"));
            assertArrayEquals(new byte[16 * 4096], VolumeFixtures.readAll(volume), "nothing may have been written");
        }
    }

    @Test
    void creatingAnImageWhereAFileExistsIsRefusedAndLeavesTheFileAlone() throws Exception {
        Path existing = Files.write(directory.resolve("data.img"), filled(8192, (byte) 7));

        FileAlreadyExistsException error = assertThrows(FileAlreadyExistsException.class,
                () -> Volume.create(fixtures.context, existing, VolumeGeometry.ofSize(8192), state()));

        assertTrue(error.getMessage().contains("a file already exists there"), error.getMessage());
        assertArrayEquals(filled(8192, (byte) 7), Files.readAllBytes(existing));
    }

    @Test
    void openingADirectoryIsRefused() {
        IOException error = assertThrows(IOException.class,
                () -> Volume.open(fixtures.context, directory, 4096, state()));

        assertEquals(directory + " is a directory, not a volume file or block device", error.getMessage());
    }

    @Test
    void openingAMissingPathIsRefusedWithThePath() {
        Path missing = directory.resolve("missing.img");

        NoSuchFileException error = assertThrows(NoSuchFileException.class,
                () -> Volume.open(fixtures.context, missing, 4096, state()));

        assertEquals(missing + ": no such file or device", error.getMessage());
    }

    @Test
    void aFileWhoseSizeIsNotAMultipleOfTheBlockSizeIsRefused() throws Exception {
        Path odd = Files.write(directory.resolve("odd.img"), new byte[10_000]);

        IOException error = assertThrows(IOException.class, () -> Volume.open(fixtures.context, odd, 4096, state()));

        assertEquals("Cannot use " + odd + " as a volume: Volume size 10000 bytes is not a multiple of the block size"
                + " 4096 (nearest allowed sizes: 8192 or 12288)", error.getMessage());
    }

    @Test
    void aVolumeOpenForWritingCannotBeOpenedASecondTimeUntilItIsClosed() throws Exception {
        Path image = directory.resolve("primary.img");
        Volume first = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(MIB), state());

        IOException error = assertThrows(IOException.class, () -> Volume.open(fixtures.context, image, 4096, state()));
        assertTrue(error.getMessage().startsWith(image + " is already open for writing"), error.getMessage());

        first.close();
        Volume.open(fixtures.context, image, 4096, state()).close();
    }

    @Test
    void aClosedVolumeRefusesIo() throws Exception {
        Volume volume = Volume.create(fixtures.context, directory.resolve("v.img"), VolumeGeometry.ofSize(MIB), state());
        volume.close();

        IOException error = assertThrows(IOException.class, () -> volume.write(0, ByteBuffer.allocate(4096)));
        assertTrue(error.getMessage().endsWith("is closed"), error.getMessage());
    }

    /** What the file takes on disk, as du tells it (Java has no portable way to ask). */
    private static long allocatedBytes(Path file) throws Exception {
        Process du = new ProcessBuilder("du", "--block-size=1", file.toString()).redirectErrorStream(true).start();
        String output = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, du.waitFor(), output);
        return Long.parseLong(output.split("\\s+")[0]);
    }

    private Path state() {
        return directory.resolve("state");
    }

    static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}
