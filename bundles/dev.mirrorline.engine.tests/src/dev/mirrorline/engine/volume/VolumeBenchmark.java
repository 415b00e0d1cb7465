package dev.mirrorline.engine.volume;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.VolumeGeometry;

/**
 * Prints volume write throughput with and without an active snapshot, and how long
 * {@link Snapshot#changedChunks()} takes on a large sparse volume. Not part of the test run: the
 * {@code benchmarks} profile of this module runs the *Benchmark classes. Bounded in count and time.
 */
class VolumeBenchmark {

    private static final long GIB = 1L << 30;
    private static final int RANDOM_WRITE = 4096;
    private static final int SEQUENTIAL_WRITE = 1 << 20;
    private static final long TIME_LIMIT_NANOS = 15_000_000_000L;

    @TempDir
    Path directory;

    private final VolumeFixtures fixtures = new VolumeFixtures();

    @Test
    void writeThroughputWithAndWithoutASnapshot() throws Exception {
        for (boolean withSnapshot : new boolean[] { false, true }) {
            Path image = directory.resolve("bench-" + withSnapshot + ".img");
            Path state = directory.resolve("state-" + withSnapshot);
            try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(GIB), state)) {
                if (withSnapshot) {
                    volume.createSnapshot();
                }
                String label = withSnapshot ? "with snapshot   " : "without snapshot";
                report(label + " 4 KiB random    ", randomWrites(volume, 20_000), RANDOM_WRITE);
                volume.flush();
                report(label + " 1 MiB sequential", sequentialWrites(volume, 1024), SEQUENTIAL_WRITE);
                volume.flush();
            }
        }
    }

    @Test
    void changedChunksOnA64GiBSparseVolumeWith1000ChangedChunks() throws Exception {
        try (Volume volume = Volume.create(fixtures.context, directory.resolve("big.img"),
                VolumeGeometry.ofSize(64 * GIB), directory.resolve("state"))) {
            Snapshot snapshot = volume.createSnapshot();
            Random random = new Random(1);
            for (int i = 0; i < 1000; i++) {
                long block = (long) (random.nextDouble() * volume.geometry().blockCount());
                volume.write(block * 4096, VolumeFixtures.randomBlocks(random, 4096));
            }
            long best = Long.MAX_VALUE;
            long count = 0;
            for (int round = 0; round < 200; round++) {
                long start = System.nanoTime();
                count = snapshot.changedChunks().count();
                best = Math.min(best, System.nanoTime() - start);
            }
            System.out.printf(Locale.ROOT, "BENCH changedChunks() on 64 GiB sparse volume, %d changed chunks:"
                    + " best of 200 = %.1f us%n", count, best / 1000.0);
        }
    }

    @Test
    void writePauseOfTakingASnapshotUnderEightWriters() throws Exception {
        try (Volume volume = Volume.create(fixtures.context, directory.resolve("pause.img"),
                VolumeGeometry.ofSize(GIB), directory.resolve("state"))) {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.List<Thread> writers = new java.util.ArrayList<>();
            for (int w = 0; w < 8; w++) {
                Random random = new Random(w);
                ByteBuffer data = VolumeFixtures.randomBlocks(random, 4096);
                Thread writer = new Thread(() -> {
                    long deadline = System.nanoTime() + TIME_LIMIT_NANOS * 4;
                    while (!stop.get() && System.nanoTime() < deadline) {
                        try {
                            volume.write((long) random.nextInt(262_144) * 4096, data.duplicate());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            int snapshots = 200;
            long[] pauses = new long[snapshots];
            long before = 0;
            for (int i = 0; i < snapshots; i++) {
                Thread.sleep(5);
                Snapshot snapshot = volume.createSnapshot();
                long total = volume.pauseStatistics().total().toNanos();
                pauses[i] = total - before;
                before = total;
                snapshot.delete();
            }
            stop.set(true);
            for (Thread writer : writers) {
                writer.join();
            }
            java.util.Arrays.sort(pauses);
            System.out.printf(Locale.ROOT, "BENCH write pause of createSnapshot() with 8 writers, %d snapshots:"
                    + " p50 %.1f us, p99 %.1f us, max %.1f us%n", snapshots, pauses[snapshots / 2] / 1e3,
                    pauses[snapshots * 99 / 100] / 1e3, pauses[snapshots - 1] / 1e3);
        }
    }

    /** @return {writes done, nanoseconds taken} */
    private static long[] randomWrites(Volume volume, int maxWrites) throws Exception {
        Random random = new Random(42);
        ByteBuffer data = VolumeFixtures.randomBlocks(random, RANDOM_WRITE);
        long blocks = volume.geometry().blockCount();
        long start = System.nanoTime();
        int done = 0;
        while (done < maxWrites && System.nanoTime() - start < TIME_LIMIT_NANOS) {
            volume.write((long) (random.nextDouble() * blocks) * RANDOM_WRITE, data.rewind());
            done++;
        }
        return new long[] { done, System.nanoTime() - start };
    }

    private static long[] sequentialWrites(Volume volume, int maxWrites) throws Exception {
        ByteBuffer data = VolumeFixtures.randomBlocks(new Random(7), SEQUENTIAL_WRITE);
        long start = System.nanoTime();
        int done = 0;
        while (done < maxWrites && System.nanoTime() - start < TIME_LIMIT_NANOS) {
            volume.write((long) done * SEQUENTIAL_WRITE % volume.geometry().sizeBytes(), data.rewind());
            done++;
        }
        return new long[] { done, System.nanoTime() - start };
    }

    private static void report(String label, long[] result, int writeSize) {
        double seconds = result[1] / 1e9;
        System.out.printf(Locale.ROOT, "BENCH %s: %d writes in %.2f s = %.0f writes/s, %.1f MiB/s%n", label,
                result[0], seconds, result[0] / seconds, result[0] * (double) writeSize / seconds / (1 << 20));
    }
}
