package dev.mirrorline.engine.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume over a real block device: a loop device over a file, set up with losetup (which needs
 * root and the loop driver; the test is skipped, saying why, where they are missing). The device
 * size comes from sysfs, since the JVM reports 0 bytes for block devices.
 */
class BlockDeviceVolumeTest {

    private static final int SIZE = 8 << 20;

    @TempDir
    Path directory;

    private final VolumeFixtures fixtures = new VolumeFixtures();

    @Test
    void aLoopDeviceOpensWithItsSizeAndKeepsWhatIsWrittenAndSnapshotted() throws Exception {
        Path backing = Files.write(directory.resolve("backing.img"), new byte[SIZE]);
        String device = run("losetup", "--find", "--show", backing.toString());
        Assumptions.assumeTrue(device.startsWith("/dev/loop"), "no loop device here (needs root): " + device);
        try {
            Random random = new Random(11);
            ByteBuffer data = VolumeFixtures.randomBlocks(random, 64 * 4096);
            try (Volume volume = Volume.open(fixtures.context, Path.of(device), 4096, directory.resolve("state"))) {
                assertEquals(SIZE, volume.geometry().sizeBytes());
                Snapshot snapshot = volume.createSnapshot();
                volume.write(4096 * 100, data.duplicate());
                volume.flush();

                assertArrayEquals(new byte[SIZE], VolumeFixtures.readAll(snapshot));
                assertEquals(64, snapshot.changedChunkCount());
            }
            byte[] onBackingFile = Files.readAllBytes(backing);
            byte[] written = new byte[64 * 4096];
            System.arraycopy(onBackingFile, 4096 * 100, written, 0, written.length);
            assertArrayEquals(data.array(), written, "the writes should have reached the device's backing file");
        } finally {
            run("losetup", "--detach", device);
        }
    }

    private static String run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (java.io.IOException e) {
            return "cannot run " + command[0] + ": " + e.getMessage();
        }
    }
}
