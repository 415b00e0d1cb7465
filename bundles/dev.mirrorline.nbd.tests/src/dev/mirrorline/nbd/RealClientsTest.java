package dev.mirrorline.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.volume.Volume;

/**
 * Real NBD clients from Debian's packages against the export: libnbd's nbdinfo and nbdcopy, and
 * QEMU's qemu-img. Each test is skipped, saying which package is missing, if its tool is not
 * installed.
 */
class RealClientsTest extends ServerTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private String uri(String export) {
        return "nbd://127.0.0.1:" + address().getPort() + "/" + export;
    }

    @Test
    void nbdinfoListsEveryExportWithItsSizeAndWhetherItIsReadOnly() throws Exception {
        ExternalTool.assumeInstalled("nbdinfo", "libnbd-bin");
        try (Volume replica = Volume.create(context, directory.resolve("replica.img"),
                VolumeGeometry.ofSize(2 * SIZE), directory.resolve("replica-state"))) {
            server.addExport("replica", VolumeTarget.readOnly(replica));

            String listing = ExternalTool.runOk(TIMEOUT, "nbdinfo", "--list", "nbd://127.0.0.1:" + address().getPort());

            assertTrue(listing.contains("export=\"disk\":"), listing);
            assertTrue(listing.contains("export=\"replica\":"), listing);
            String disk = section(listing, "disk");
            String replicaSection = section(listing, "replica");
            assertTrue(disk.contains("export-size: " + SIZE), disk);
            assertTrue(disk.contains("is_read_only: false"), disk);
            assertTrue(disk.contains("block_size_minimum: 4096"), disk);
            assertTrue(replicaSection.contains("export-size: " + 2 * SIZE), replicaSection);
            assertTrue(replicaSection.contains("is_read_only: true"), replicaSection);
            assertTrue(replicaSection.contains("description: Mirrorline volume replica.img (read-only)"),
                    replicaSection);
        }
    }

    @Test
    void nbdcopyCopiesAnImageInAndTheVolumeOutByteForByte() throws Exception {
        ExternalTool.assumeInstalled("nbdcopy", "libnbd-bin");
        byte[] image = randomBytes(11, SIZE);
        Arrays.fill(image, 256 * 1024, 768 * 1024, (byte) 0); // a zero run: nbdcopy may send it as zeroes
        volume.write(256 * 1024, ByteBuffer.wrap(randomBytes(12, 512 * 1024))); // which must overwrite this
        Path source = directory.resolve("source.img");
        Files.write(source, image);

        ExternalTool.runOk(TIMEOUT, "nbdcopy", source.toString(), uri(EXPORT));
        assertArrayEquals(image, volumeBytes(0, SIZE), "nbdcopy into the export");

        Path copy = directory.resolve("copy.img");
        ExternalTool.runOk(TIMEOUT, "nbdcopy", uri(EXPORT), copy.toString());
        assertArrayEquals(image, Files.readAllBytes(copy), "nbdcopy out of the export");
    }

    @Test
    void qemuImgConvertsTheExportToQcow2AndWritesAnImageIntoIt() throws Exception {
        ExternalTool.assumeInstalled("qemu-img", "qemu-utils");
        byte[] content = randomBytes(13, SIZE);
        volume.write(0, ByteBuffer.wrap(content));

        Path qcow2 = directory.resolve("out.qcow2");
        ExternalTool.runOk(TIMEOUT, "qemu-img", "convert", "-f", "raw", "-O", "qcow2", uri(EXPORT), qcow2.toString());
        Path raw = directory.resolve("back.img");
        ExternalTool.runOk(TIMEOUT, "qemu-img", "convert", "-f", "qcow2", "-O", "raw", qcow2.toString(),
                raw.toString());
        assertArrayEquals(content, Files.readAllBytes(raw), "qemu-img read the export");

        byte[] other = randomBytes(14, SIZE);
        Path source = directory.resolve("other.img");
        Files.write(source, other);
        ExternalTool.runOk(TIMEOUT, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", source.toString(),
                uri(EXPORT));
        assertArrayEquals(other, volumeBytes(0, SIZE), "qemu-img wrote into the export");
        String compare = ExternalTool.runOk(TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw",
                source.toString(), uri(EXPORT));
        assertTrue(compare.contains("Images are identical"), compare);
    }

    /** @return the lines nbdinfo printed about one export */
    private static String section(String listing, String export) {
        int start = listing.indexOf("export=\"" + export + "\":");
        int end = listing.indexOf("export=\"", start + 1);
        return listing.substring(start, end < 0 ? listing.length() : end);
    }
}
