package dev.mirrorline.engine.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;

/**
 * A primary that crashed is reconciled with its secondary: the regions its activity log held hot
 * are resynchronised when it restarts, so a write that reached its volume but never its journal
 * (or a write its volume lost) does not leave the two volumes different. On real files.
 */
class PrimaryCrashTest extends TwoVolumesTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ActivityLog.Config SMALL = new ActivityLog.Config(64 * 1024, 8);

    private final Random random = new Random(5);

    @Test
    void aWriteThatReachedTheVolumeButNotTheJournalIsResynchronisedAfterACrash() throws Exception {
        Path state = directory.resolve("primary-replication");
        byte[] hotAtCrash;
        try (PrimaryReplicator primary = newPrimary(state)) {
            ApplierLink link = new ApplierLink(primary, applier);
            primary.connect(link, 0);
            write(primary, 10 * BLOCK, 3); // region 0
            write(primary, 40 * BLOCK, 1); // region 2
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
            assertEquals(2, primary.activityLog().hotRegions());
            // the crash comes after this write reached the volume, before its journal record
            primaryVolume.write(11 * BLOCK, randomBlocks(1));
            hotAtCrash = Files.readAllBytes(state.resolve(ActivityLog.FILE));
        }
        Files.write(state.resolve(ActivityLog.FILE), hotAtCrash); // as the crash left it: not cooled
        assertFalse(java.util.Arrays.equals(sha256(primaryVolume), sha256(secondaryVolume)));
        restartPrimaryVolumeAndLog();

        try (PrimaryReplicator restarted = newPrimary(state)) {
            Outage outage = restarted.outage();
            assertNotNull(outage, "a primary that finds hot regions declares an outage for them");
            assertTrue(events.stream().anyMatch(event -> event instanceof EngineEvent.LinkDown down
                    && down.reason().contains("restarted after a crash")));
            restarted.reconnect(new ApplierLink(restarted, applier), applier.lastAppliedSequence());
            awaitResyncFinished(restarted);

            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
            EngineEvent.ResyncStarted started = lastEventOf(EngineEvent.ResyncStarted.class);
            assertEquals(2 * SMALL.regionBytes(), started.changedBytes(),
                    "exactly the two hot regions are resynchronised, not the whole volume");
            assertEquals(restarted.generations(), applier.generations(), "the secondary is marked consistent");
        }
    }

    @Test
    void aPrimaryRestartedAfterACleanCloseHasNothingToResynchronise() throws Exception {
        Path state = directory.resolve("primary-replication");
        try (PrimaryReplicator primary = newPrimary(state)) {
            primary.connect(new ApplierLink(primary, applier), 0);
            write(primary, 0, 2);
            write(primary, 100 * BLOCK, 2);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
        }
        restartPrimaryVolumeAndLog();
        try (PrimaryReplicator restarted = newPrimary(state)) {
            assertNull(restarted.outage());
            assertTrue(restarted.activityLog().regionsHotAtOpen().isEmpty());
            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
        }
    }

    @Test
    void aFullActivityLogCoolsIdleRegionsWithOneVolumeForceAndWaitsWhileAllAreInUse() throws Exception {
        Path state = directory.resolve("activity");
        AtomicInteger forces = new AtomicInteger();
        ActivityLog activity = ActivityLog.open(context.storage(), state, Clock.system(),
                new ActivityLog.Config(4096, 4), forces::incrementAndGet);
        for (long region = 0; region < 4; region++) {
            activity.enter(region * 4096, 4096).close();
        }
        assertEquals(0, forces.get(), "regions cool only when the log is full");
        activity.enter(4 * 4096, 4096).close();
        assertEquals(1, forces.get(), "one volume force cools several idle regions");
        assertTrue(activity.hotRegions() <= 4);
        List<long[]> recorded = ActivityLog.open(context.storage(), state, Clock.system(),
                new ActivityLog.Config(4096, 4), () -> { }).regionsHotAtOpen();
        assertTrue(recorded.stream().anyMatch(range -> range[0] == 4 * 4096), "the new region is durable");
        assertTrue(recorded.stream().noneMatch(range -> range[0] == 0), "the least recently used one cooled");

        // every hot region in use: a write to another region waits until one is left
        List<ActivityLog.Entry> held = new java.util.ArrayList<>();
        for (long region = 10; region < 14; region++) {
            held.add(activity.enter(region * 4096, 4096));
        }
        CountDownLatch entered = new CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            try (ActivityLog.Entry entry = activity.enter(20 * 4096, 4096)) {
                entered.countDown();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.start();
        assertFalse(entered.await(300, TimeUnit.MILLISECONDS), "no region is idle: the write waits");
        held.remove(0).close();
        assertTrue(entered.await(10, TimeUnit.SECONDS), "a region left is cooled and the write goes on");
        waiting.join(10_000);
        held.forEach(ActivityLog.Entry::close);
    }

    @Test
    void aDamagedActivityLogIsRefusedWithWhatToDo() throws Exception {
        Path state = Files.createDirectories(directory.resolve("damaged"));
        Files.write(state.resolve(ActivityLog.FILE), new byte[] { 1, 2, 3 });
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ActivityLog.open(context.storage(), state, Clock.system(), SMALL, () -> { }));
        assertTrue(refused.getMessage().contains("damaged") && refused.getMessage().contains("resynchronise"),
                refused.getMessage());
    }

    private PrimaryReplicator newPrimary(Path state) throws IOException {
        return new PrimaryReplicator(primaryVolume, log, ReplicationSettings.defaults(), state, Thread::new, SMALL);
    }

    private void write(PrimaryReplicator primary, long offset, int blocks) throws Exception {
        primary.write(offset, randomBlocks(blocks));
    }

    private ByteBuffer randomBlocks(int blocks) {
        byte[] data = new byte[blocks * BLOCK];
        random.nextBytes(data);
        return ByteBuffer.wrap(data);
    }

    private void restartPrimaryVolumeAndLog() throws IOException {
        log.close();
        primaryVolume.close();
        primaryVolume = Volume.open(context, directory.resolve("primary.img"), BLOCK, directory.resolve("p"));
        log = InFlightLog.open(context.storage(), directory.resolve("log"), logConfig(), Clock.system());
    }

    private void awaitResyncFinished(PrimaryReplicator primary) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (primary.outage() != null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertNull(primary.outage(), "the resync should have finished");
    }

    private <T extends EngineEvent> T lastEventOf(Class<T> type) {
        List<T> all = events.stream().filter(type::isInstance).map(type::cast).toList();
        return all.get(all.size() - 1);
    }
}
