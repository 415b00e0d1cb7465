package dev.mirrorline.engine.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mirrorline.engine.storage.FileSystemStorage;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import dev.mirrorline.engine.time.Clock;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread that is interrupted while it writes (a write load being stopped, a job being cancelled)
 * must not take the journal or the file down with it: a {@code FileChannel} closes itself on an
 * interrupt, and everyone else's writes would then fail.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptedWriterTest {

    private static final int BLOCK = 4096;
    private static final int WRITES = 400;

    @TempDir
    Path directory;

    private final Storage storage = new FileSystemStorage();

    @Test
    void aJournalWriterInterruptedAgainAndAgainLeavesTheJournalUsableWithEveryUpdateInIt() throws Exception {
        try (InFlightLog log = InFlightLog.open(storage, directory.resolve("journal"), InFlightLogConfig.defaults(),
                Clock.system())) {
            AtomicInteger interruptsSeen = new AtomicInteger();
            Throwable failure = runInterrupted(() -> {
                for (int i = 0; i < WRITES; i++) {
                    log.awaitDurable(log.appendWithoutWaiting((long) i * BLOCK, InFlightLogTest.block(i, BLOCK)));
                    if (Thread.interrupted()) {
                        interruptsSeen.incrementAndGet(); // the writer noticed; the next write goes on
                    }
                }
            });

            assertEquals(null, failure, "the interrupted writer's writes failed");
            assertTrue(interruptsSeen.get() > 0, "the writer kept its interrupt status");
            Update more = log.append(0, InFlightLogTest.block(-1, BLOCK)); // another thread can still write
            assertEquals(WRITES + 1, more.sequence());
            List<Update> updates = log.unacknowledged();
            assertEquals(WRITES + 1, updates.size());
            for (int i = 0; i < WRITES; i++) {
                assertEquals(InFlightLogTest.block(i, BLOCK), updates.get(i).data(), "update " + (i + 1));
            }
        }
        try (InFlightLog reopened = InFlightLog.open(storage, directory.resolve("journal"),
                InFlightLogConfig.defaults(), Clock.system())) {
            assertEquals(WRITES + 1, reopened.unacknowledged().size(), "every update is durable");
        }
    }

    @Test
    void aFileWrittenByAnInterruptedThreadStaysOpenForOthersAndHoldsEveryWrite() throws Exception {
        try (StorageFile file = storage.create(directory.resolve("volume.img"), (long) WRITES * BLOCK)) {
            assertTrue(file.tryLockExclusively());
            Throwable failure = runInterrupted(() -> {
                for (int i = 0; i < WRITES; i++) {
                    file.write((long) i * BLOCK, InFlightLogTest.block(i, BLOCK));
                    file.force();
                }
            });

            assertEquals(null, failure, "the interrupted thread's writes failed");
            for (int i = 0; i < WRITES; i++) {
                ByteBuffer read = ByteBuffer.allocate(BLOCK);
                file.read((long) i * BLOCK, read);
                assertEquals(InFlightLogTest.block(i, BLOCK), read.flip(), "block " + i);
            }
            assertTrue(file.tryLockExclusively(), "the file is still locked");
        }
    }

    /** Something a thread does, which may fail. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /**
     * Runs the work on a thread of its own while this thread interrupts it, until it ends.
     *
     * @return what the work threw, or null
     */
    private static Throwable runInterrupted(Work work) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "interrupted-writer");
        writer.start();
        for (int interrupts = 0; writer.isAlive() && interrupts < 100_000; interrupts++) {
            writer.interrupt();
            Thread.sleep(0, 200_000);
        }
        writer.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!writer.isAlive(), "the writer did not finish");
        return failure.get();
    }
}
