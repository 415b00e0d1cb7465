package dev.mirrorline.engine.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.longlong.Roaring64Bitmap;

import dev.mirrorline.engine.VolumeGeometry;

/**
 * Kills a writing process with SIGKILL at random moments, including while it creates a snapshot,
 * and checks after each kill that the snapshot on disk is consistent: it reads as the volume was
 * when it was taken, and every chunk it does not list still holds its old data on the volume.
 */
class SnapshotCrashConsistencyTest {

    private static final int KILLS = 50;
    private static final int VOLUME_SIZE = 4 << 20;
    private static final int CHUNK = 4096;

    @TempDir
    Path directory;

    private final VolumeFixtures fixtures = new VolumeFixtures();

    @Test
    void aVolumeThatAnotherProcessHasOpenCannotBeOpenedHere() throws Exception {
        Path image = directory.resolve("shared.img");
        Path state = directory.resolve("state");
        Volume.create(fixtures.context, image, VolumeGeometry.ofSize(VOLUME_SIZE), state).close();
        Process child = startChild(image, state, 1);
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("OPENED", nextLine(output), "the child should have opened the volume");

            java.io.IOException error = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> Volume.open(fixtures.context, image, 4096, state));
            assertTrue(error.getMessage().startsWith(image + " is already open for writing"), error.getMessage());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child should die");
        }
        Volume.open(fixtures.context, image, 4096, state).close(); // the lock died with the process
    }

    @Test
    void afterEveryKillTheSnapshotIsEitherAbsentOrExactlyTheVolumeAsItWas() throws Exception {
        Path image = directory.resolve("primary.img");
        Path state = directory.resolve("state");
        Random random = new Random(2026);
        byte[] baseline;
        try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(VOLUME_SIZE), state)) {
            volume.write(0, VolumeFixtures.randomBlocks(random, VOLUME_SIZE));
            volume.flush();
            baseline = VolumeFixtures.readAll(volume);
        }

        int killsWithChangedChunks = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            // every fourth kill aims at snapshot creation, the others at writes
            boolean duringWrites = kill % 4 != 0;
            runChildAndKillIt(image, state, random.nextLong(), duringWrites, duringWrites ? 5 + random.nextInt(30)
                    : random.nextInt(20));

            try (Volume volume = Volume.open(fixtures.context, image, 4096, state)) {
                List<Snapshot> snapshots = volume.snapshots();
                if (snapshots.isEmpty()) {
                    // killed before the snapshot was durable: nothing was written since
                    assertArrayEquals(baseline, VolumeFixtures.readAll(volume), "kill " + kill);
                    continue;
                }
                assertEquals(1, snapshots.size(), "kill " + kill);
                Snapshot snapshot = snapshots.get(0);
                assertArrayEquals(baseline, VolumeFixtures.readAll(snapshot), "snapshot after kill " + kill);
                assertUnlistedChunksHoldOldData(volume, snapshot, baseline, kill);
                if (snapshot.changedChunkCount() > 0) {
                    killsWithChangedChunks++;
                }
                if (kill % 8 == 7) {
                    // start over from the volume as it is now, so that later kills hit snapshot creation again
                    snapshot.delete();
                    baseline = VolumeFixtures.readAll(volume);
                }
            }
        }
        assertTrue(killsWithChangedChunks >= KILLS / 2,
                "the kills should mostly land while the child writes, but only " + killsWithChangedChunks + " did");
    }

    private static void assertUnlistedChunksHoldOldData(Volume volume, Snapshot snapshot, byte[] baseline, int kill)
            throws Exception {
        Roaring64Bitmap changed = new Roaring64Bitmap();
        changed.add(snapshot.changedChunks().toArray());
        byte[] now = VolumeFixtures.readAll(volume);
        for (int chunk = 0; chunk < VOLUME_SIZE / CHUNK; chunk++) {
            if (!changed.contains(chunk)) {
                int from = chunk * CHUNK;
                assertTrue(Arrays.equals(baseline, from, from + CHUNK, now, from, from + CHUNK),
                        "kill " + kill + ": chunk " + chunk + " is not in the exception table but was overwritten");
            }
        }
    }

    /**
     * Starts {@link CrashingWriter}, waits until it has opened the volume (or until it writes), lets
     * it run a little longer, and kills it.
     */
    private static void runChildAndKillIt(Path image, Path state, long seed, boolean waitForWrites, int millis)
            throws Exception {
        Process child = startChild(image, state, seed);
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("OPENED", nextLine(output), "the child should have opened the volume");
            if (waitForWrites) {
                assertEquals("WRITING", nextLine(output), "the child should have started writing");
            }
            Thread.sleep(millis);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child should die");
        }
    }

    private static Process startChild(Path image, Path state, long seed) throws Exception {
        return new ProcessBuilder(javaExecutable(), "-cp", childClasspath(), CrashingWriter.class.getName(),
                image.toString(), state.toString(), Long.toString(seed)).redirectErrorStream(true).start();
    }

    private static String nextLine(BufferedReader output) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (java.io.IOException e) {
                return "cannot read the child's output: " + e;
            }
        }).get(30, TimeUnit.SECONDS);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    /** The engine bundle, this test fragment and RoaringBitmap, wherever the OSGi runtime found them. */
    private static String childClasspath() throws URISyntaxException {
        StringBuilder classpath = new StringBuilder();
        for (Class<?> type : List.of(Volume.class, CrashingWriter.class, Roaring64Bitmap.class)) {
            String location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            if (classpath.indexOf(location) < 0) {
                classpath.append(classpath.length() == 0 ? "" : java.io.File.pathSeparator).append(location);
            }
        }
        return classpath.toString();
    }

}
