package dev.mirrorline.engine.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.storage.FileSystemStorage;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import dev.mirrorline.engine.time.Clock;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the write barrier's pause and the in-flight log's append throughput, and prints them.
 * Not part of the normal test run (the name does not end in {@code Test}); run it with
 * {@code ./mvnw -B -o -Pbenchmarks verify -pl target-platform,bundles/dev.mirrorline.engine,bundles/dev.mirrorline.engine.tests}.
 * It asserts nothing about timing: figures depend on the machine.
 */
class WriteBarrierBenchmark {

    private static final int BLOCK = 4096;
    private static final int WRITERS = 8;
    private static final int WARM_UP_FREEZES = 200;
    private static final int FREEZES = 1_000;
    private static final long VOLUME_BYTES = 64L << 20;
    /** Every phase stops after this long, whatever its count. */
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final Storage storage = new FileSystemStorage();

    @Test
    void measureFreezePauseAndInFlightLogThroughput() throws Exception {
        System.out.printf("%nMirrorline write-path benchmark: %d CPUs, Java %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        freezePause("trivial action", null);
        try (InFlightLog log = InFlightLog.open(storage, directory.resolve("capture-journal"),
                InFlightLogConfig.defaults(), Clock.system())) {
            for (int i = 0; i < 4_096; i++) {
                log.append((long) i * BLOCK, ByteBuffer.allocate(BLOCK));
            }
            freezePause("capturing 4,096 unacknowledged updates", log);
        }
        appendThroughput(1, 2_000);
        appendThroughput(8, 1_000);
        System.out.println();
    }

    /** 8 writers write 4 KiB blocks to a file through the barrier while it is frozen 1,000 times. */
    private void freezePause(String action, InFlightLog capture) throws Exception {
        EventDispatcher events = new EventDispatcher(Runnable::run, e -> { });
        WriteBarrier barrier = new WriteBarrier("bench", Clock.system(), events, FREEZES);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        Path volumePath = directory.resolve("volume-" + System.nanoTime() + ".img");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        CountDownLatch started = new CountDownLatch(WRITERS);
        try (StorageFile volume = storage.create(volumePath, VOLUME_BYTES)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long seed = w;
                writers.add(threads.submit(() -> {
                    Random random = new Random(seed);
                    ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
                    long blocks = VOLUME_BYTES / BLOCK;
                    started.countDown();
                    long done = 0;
                    while (!stop.get() && done < 50_000_000) {
                        try (WritePermit permit = barrier.enter()) {
                            volume.write(random.nextLong(blocks) * BLOCK, block.clear());
                        }
                        done++;
                    }
                    writes.addAndGet(done);
                    return null;
                }));
            }
            started.await();
            long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
            int freezes = 0;
            long start = System.nanoTime();
            for (int f = 0; f < WARM_UP_FREEZES + FREEZES && System.nanoTime() < deadline; f++) {
                barrier.runFrozen(() -> capture == null ? null : capture.unacknowledged());
                freezes++;
                LockSupport.parkNanos(1_000_000); // let the writers run between freezes
            }
            long elapsed = System.nanoTime() - start;
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get(30, TimeUnit.SECONDS);
            }
            List<Duration> pauses = barrier.recentPauses();
            long[] nanos = pauses.stream().mapToLong(Duration::toNanos).sorted().toArray();
            System.out.printf("Freeze pause, %s, %d writers doing 4 KiB writes (%,d writes/s during the run):%n",
                    action, WRITERS, writes.get() * 1_000_000_000L / elapsed);
            System.out.printf("  %d freezes measured (after %d warm-up): p50 %s  p99 %s  max %s  mean %s%n",
                    nanos.length, Math.max(0, freezes - nanos.length), micros(percentile(nanos, 50)),
                    micros(percentile(nanos, 99)), micros(nanos[nanos.length - 1]),
                    micros(Arrays.stream(nanos).sum() / nanos.length));
            assertEquals(0, barrier.writesInProgress());
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
            storage.deleteIfExists(volumePath);
        }
    }

    /** Appends 4 KiB updates from several threads, acknowledging as it goes so the window never fills. */
    private void appendThroughput(int appenders, int appendsEach) throws Exception {
        Path journal = directory.resolve("journal-" + appenders);
        ExecutorService threads = Executors.newFixedThreadPool(appenders);
        try (InFlightLog log = InFlightLog.open(storage, journal, InFlightLogConfig.defaults(), Clock.system())) {
            long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                results.add(threads.submit(() -> {
                    ByteBuffer data = ByteBuffer.allocate(BLOCK);
                    start.await();
                    long done = 0;
                    for (int i = 0; i < appendsEach && System.nanoTime() < deadline; i++) {
                        Update update = log.append((long) i * BLOCK, data);
                        if (update.sequence() % 256 == 0) {
                            log.acknowledge(update.sequence() - 128);
                        }
                        done++;
                    }
                    return done;
                }));
            }
            long begin = System.nanoTime();
            start.countDown();
            long updates = 0;
            for (Future<Long> result : results) {
                updates += result.get(60, TimeUnit.SECONDS);
            }
            long elapsed = System.nanoTime() - begin;
            double perSecond = updates * 1e9 / elapsed;
            System.out.printf("In-flight log append, 4 KiB updates, %d thread%s: %,d updates in %.2f s = %,.0f updates/s,"
                    + " %.1f MiB/s%n", appenders, appenders == 1 ? "" : "s", updates, elapsed / 1e9, perSecond,
                    perSecond * BLOCK / (1 << 20));
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String micros(long nanos) {
        return String.format("%.1f µs", nanos / 1_000.0);
    }
}
