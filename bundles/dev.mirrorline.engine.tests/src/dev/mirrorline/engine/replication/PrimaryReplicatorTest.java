package dev.mirrorline.engine.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.storage.FileSystemStorage;
import dev.mirrorline.engine.storage.ForwardingStorage;
import dev.mirrorline.engine.storage.StorageFile;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;

/**
 * The primary's write path against an in-memory link straight into a secondary applier: the
 * ordering of overlapping writes, without the network in the way.
 */
class PrimaryReplicatorTest {

    private static final int SIZE = 1 << 20;
    private static final int BLOCK = 4096;

    @TempDir
    Path directory;

    private final EventDispatcher events = new EventDispatcher(Runnable::run, e -> {
        throw e;
    });

    @Test
    void overlappingWritesFromManyThreadsReachTheSecondaryInTheOrderTheyWereApplied() throws Exception {
        // the primary's disk is slow to return from writes: the moment between a local write and its
        // sequence number is wide, so writes would swap places there if nothing kept them in order
        EngineContext slowPrimary = new EngineContext(new ForwardingStorage(new FileSystemStorage()) {
            @Override
            protected StorageFile wrap(StorageFile file) {
                if (!file.path().getFileName().toString().equals("primary.img")) {
                    return file;
                }
                return new ForwardingFile(file) {
                    @Override
                    public void write(long position, ByteBuffer src) throws IOException {
                        super.write(position, src);
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(300_000));
                    }
                };
            }
        }, Clock.system(), events);
        EngineContext context = EngineContext.system(events);

        try (Volume primaryVolume = Volume.create(slowPrimary, directory.resolve("primary.img"),
                VolumeGeometry.ofSize(SIZE), directory.resolve("p"));
                Volume secondaryVolume = Volume.create(context, directory.resolve("secondary.img"),
                        VolumeGeometry.ofSize(SIZE), directory.resolve("s"));
                InFlightLog log = InFlightLog.open(context.storage(), directory.resolve("log"),
                        InFlightLogConfig.defaults(), Clock.system())) {
            SecondaryApplier applier = SecondaryApplier.open(context, secondaryVolume, directory.resolve("applied"));
            try (PrimaryReplicator primary = new PrimaryReplicator(primaryVolume, log,
                ReplicationSettings.defaults().withMode(ReplicationMode.ASYNCHRONOUS), directory.resolve("primary-replication"), Thread::new)) {
                primary.connect(new ReplicationLink() {
                    @Override
                    public void send(List<ReplicatedWrite> batch) throws IOException {
                        primary.acknowledge(applier.apply(batch));
                    }

                    @Override
                    public void markConsistent(Generations generations) throws IOException {
                        applier.adopt(generations);
                    }
                }, 0);

                long last = writeToTheSameBlocks(primary, 4, 200, 8);
                assertTrue(primary.awaitAcknowledged(last, Duration.ofSeconds(30)),
                        "acknowledged only up to " + primary.acknowledged());

                assertEquals(last, applier.lastAppliedSequence());
                assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
            }
        }
    }

    private static long writeToTheSameBlocks(PrimaryReplicator primary, int threads, int writesEach, int blocks)
            throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        List<Long> highest = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(t);
            Thread writer = new Thread(() -> {
                try {
                    long top = 0;
                    for (int i = 0; i < writesEach; i++) {
                        int length = 1 + random.nextInt(2);
                        byte[] bytes = new byte[length * BLOCK];
                        random.nextBytes(bytes);
                        long block = random.nextInt(blocks - length + 1);
                        top = Math.max(top, primary.write(block * BLOCK, ByteBuffer.wrap(bytes)));
                    }
                    highest.add(top);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join(60_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("a writer failed", failure.get());
        }
        return highest.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static byte[] sha256(Volume volume) throws Exception {
        ByteBuffer all = ByteBuffer.allocate((int) volume.geometry().sizeBytes());
        volume.read(0, all);
        return MessageDigest.getInstance("SHA-256").digest(all.array());
    }
}
