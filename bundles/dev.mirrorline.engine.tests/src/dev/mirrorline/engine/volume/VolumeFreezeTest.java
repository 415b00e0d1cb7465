package dev.mirrorline.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.storage.FileSystemStorage;
import dev.mirrorline.engine.storage.ForwardingStorage;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import dev.mirrorline.engine.time.Clock;

class VolumeFreezeTest {

    private static final int WRITERS = 4;
    private static final int SNAPSHOTS = 40;

    @TempDir
    Path directory;

    @Test
    void snapshotsAreTakenAndCapturedWhileNoWriteIsInProgressAndNoWriteIsLost() throws Exception {
        List<EngineEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventDispatcher dispatcher = new EventDispatcher(Runnable::run, e -> {
            throw e;
        });
        dispatcher.addListener(events::add);
        WriteTrackingStorage storage = new WriteTrackingStorage(new FileSystemStorage());
        EngineContext context = new EngineContext(storage, Clock.system(), dispatcher);

        try (Volume volume = Volume.create(context, directory.resolve("v.img"), VolumeGeometry.ofSize(8 << 20),
                directory.resolve("state"))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong attempted = new AtomicLong();
            AtomicLong completed = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Random random = new Random(w);
                Thread writer = new Thread(() -> {
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (!stop.get() && System.nanoTime() < deadline) {
                        attempted.incrementAndGet();
                        try {
                            volume.write(4096L * random.nextInt(2048), VolumeFixtures.randomBlocks(random, 4096));
                            completed.incrementAndGet();
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                }, "writer-" + w);
                writer.start();
                writers.add(writer);
            }

            int writesSeenInsideFreezes = 0;
            for (int i = 0; i < SNAPSHOTS; i++) {
                Thread.sleep(2);
                Volume.SnapshotCapture<Integer> capture = volume.createSnapshot(4096, () -> {
                    long before = storage.volumeWritesStarted.get();
                    int inProgress = storage.volumeWritesInProgress.get();
                    sleepQuietly(3); // a write admitted during the freeze would show up here
                    return inProgress + (int) (storage.volumeWritesStarted.get() - before);
                });
                writesSeenInsideFreezes += capture.captured();
                capture.snapshot().delete();
            }
            stop.set(true);
            for (Thread writer : writers) {
                writer.join(30_000);
            }

            assertEquals(0, writesSeenInsideFreezes, "no volume write may be in progress or start during a freeze");
            assertEquals(attempted.get(), completed.get(), "every write must complete");
            assertTrue(completed.get() > SNAPSHOTS, "the writers should have been busy, completed " + completed.get());
            assertEquals(SNAPSHOTS, volume.pauseStatistics().count());
            assertEquals(SNAPSHOTS, events.stream().filter(EngineEvent.WritesResumed.class::isInstance).count());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts writes to the volume image (not to snapshot files) that are in progress. */
    private static final class WriteTrackingStorage extends ForwardingStorage {
        final AtomicInteger volumeWritesInProgress = new AtomicInteger();
        final AtomicLong volumeWritesStarted = new AtomicLong();

        WriteTrackingStorage(Storage delegate) {
            super(delegate);
        }

        @Override
        protected StorageFile wrap(StorageFile file) {
            if (!file.path().getFileName().toString().equals("v.img")) {
                return file;
            }
            return new ForwardingFile(file) {
                @Override
                public void write(long position, ByteBuffer src) throws IOException {
                    volumeWritesStarted.incrementAndGet();
                    volumeWritesInProgress.incrementAndGet();
                    try {
                        super.write(position, src);
                    } finally {
                        volumeWritesInProgress.decrementAndGet();
                    }
                }
            };
        }
    }
}
