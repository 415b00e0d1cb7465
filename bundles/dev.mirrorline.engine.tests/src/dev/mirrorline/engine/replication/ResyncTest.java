package dev.mirrorline.engine.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;

/**
 * The whole method on one machine, with a link the test cuts and restores: outage, local writes,
 * reconnect, resync of the unacknowledged updates and the changed chunks while live writes go on,
 * and a secondary that ends byte-for-byte equal to the primary, with the snapshot deleted.
 */
class ResyncTest extends TwoVolumesTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Random random = new Random(21);

    /**
     * @param lostInFlight whether the updates sent just before the cut never reached the secondary
     *        (else they were applied, only their acknowledgements were lost)
     */
    @ParameterizedTest(name = "updates lost in flight: {0}")
    @ValueSource(booleans = { false, true })
    void afterTheLinkReturnsTheSecondaryEqualsThePrimaryAndTheSnapshotIsGone(boolean lostInFlight) throws Exception {
        try (PrimaryReplicator primary = new PrimaryReplicator(primaryVolume, log,
                ReplicationSettings.defaults().withMode(ReplicationMode.ASYNCHRONOUS), directory.resolve("primary-replication"), Thread::new)) {
            ApplierLink first = new ApplierLink(primary, applier);
            primary.connect(first, 0);
            writeRandomly(primary, 60);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            first.acknowledging = false;
            first.applying = !lostInFlight;
            writeRandomly(primary, 25);
            awaitSent(first, log.highestAssigned());
            first.cut();
            Outage outage = awaitOutage(primary);
            writeRandomly(primary, 400);
            Path snapshotDirectory = primaryVolume.context().storage().list(directory.resolve("p/snapshots")).get(0);
            long changedBytes = outage.snapshot().changedChunkCount() * 4096;

            ApplierLink second = new ApplierLink(primary, applier);
            primary.reconnect(second, applier.lastAppliedSequence());
            long liveBytes = writeRandomly(primary, 150); // live writes while the resync runs
            awaitResyncFinished(primary);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
            assertTrue(primaryVolume.snapshots().isEmpty(), "the outage snapshot is deleted");
            assertTrue(!Files.exists(snapshotDirectory), "its files are gone");
            assertEquals(primary.generations(), applier.generations(),
                    "the secondary takes over the primary's generations once it is a copy again");
            assertEquals(1, primary.generations().history().size(), "the outage started one new generation");
            EngineEvent.ResyncFinished finished = eventOf(EngineEvent.ResyncFinished.class);
            assertEquals(changedBytes, finished.bytes(), "every changed chunk is sent once");
            long resentUpdateBytes = lostInFlight ? outage.unacknowledgedBytes() : 0;
            assertTrue(second.bytesSent.get() <= changedBytes + resentUpdateBytes + liveBytes,
                    "sent " + second.bytesSent.get() + " bytes; the minimum is " + changedBytes + " changed + "
                            + resentUpdateBytes + " unacknowledged + " + liveBytes + " live");
        }
    }

    @org.junit.jupiter.api.Test
    void aResyncCutMidwayResumesAboveWhatTheSecondaryAcknowledgedAndSendsTheChunksWrittenSince() throws Exception {
        try (PrimaryReplicator primary = newPrimary()) {
            ApplierLink first = new ApplierLink(primary, applier);
            primary.connect(first, 0);
            writeRandomly(primary, 40);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
            first.cut();
            awaitOutage(primary);
            long changed = writeBlocks(primary, 1500).size(); // most of the volume's 1,024 chunks

            ApplierLink second = new ApplierLink(primary, applier);
            second.cutAfterBatches = 1;
            primary.reconnect(second, applier.lastAppliedSequence());
            Outage interrupted = awaitOutageWithSnapshots(primary, 2);
            java.util.Set<Long> acknowledgedBySecond = offsetsAcknowledged(second);
            assertTrue(!acknowledgedBySecond.isEmpty() && acknowledgedBySecond.size() < changed,
                    "one batch of resync chunks was acknowledged: " + acknowledgedBySecond.size() + " of " + changed);
            java.util.Set<Long> rewritten = writeBlocks(primary, 200); // some of them over chunks already resynchronised
            assertEquals(rewritten.size(), interrupted.snapshots().get(1).changedChunkCount(),
                    "the second snapshot tracks every write since the second cut");

            ApplierLink third = new ApplierLink(primary, applier);
            primary.reconnect(third, applier.lastAppliedSequence());
            awaitResyncFinished(primary);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
            assertTrue(primaryVolume.snapshots().isEmpty(), "both outage snapshots are deleted");
            java.util.Set<Long> sentAgain = new java.util.TreeSet<>(offsetsSent(third));
            sentAgain.retainAll(acknowledgedBySecond);
            sentAgain.removeAll(rewritten);
            assertEquals(java.util.Set.of(), sentAgain, "nothing the secondary acknowledged is sent again");
            long expectedChunks = interrupted.snapshot().changedChunks().after(java.util.Collections.max(
                    acknowledgedBySecond) / BLOCK).union(interrupted.snapshots().get(1).changedChunks()).count();
            assertEquals(expectedChunks * BLOCK, lastEventOf(EngineEvent.ResyncFinished.class).bytes(),
                    "the resumed resync sends the rest of the first snapshot's chunks and all of the second's");
        }
    }

    @org.junit.jupiter.api.Test
    void aResyncWithMoreChangedChunksThanTheWindowHoldsFinishes() throws Exception {
        log.close(); // a window of 64 chunks, far fewer than the resync forces at once
        log = InFlightLog.open(primaryVolume.context().storage(), directory.resolve("small-log"),
                InFlightLogConfig.defaults().withWindowBytes(64 * BLOCK), Clock.system());
        try (PrimaryReplicator primary = newPrimary()) {
            ApplierLink first = new ApplierLink(primary, applier);
            primary.connect(first, 0);
            first.cut();
            awaitOutage(primary);
            writeBlocks(primary, 600);

            primary.reconnect(new ApplierLink(primary, applier), applier.lastAppliedSequence());
            awaitResyncFinished(primary);

            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
        }
    }

    @org.junit.jupiter.api.Test
    void aPrimaryRestartedAfterAnInterruptedResyncResumesWhereTheResyncStopped() throws Exception {
        long resyncedThrough;
        try (PrimaryReplicator primary = newPrimary()) {
            ApplierLink first = new ApplierLink(primary, applier);
            primary.connect(first, 0);
            first.cut();
            awaitOutage(primary);
            writeBlocks(primary, 1500);
            ApplierLink second = new ApplierLink(primary, applier);
            second.cutAfterBatches = 1;
            primary.reconnect(second, applier.lastAppliedSequence());
            awaitOutageWithSnapshots(primary, 2);
            resyncedThrough = java.util.Collections.max(offsetsAcknowledged(second)) / BLOCK;
            writeBlocks(primary, 50);
        }
        restartPrimaryVolumeAndLog();

        try (PrimaryReplicator restarted = newPrimary()) {
            Outage outage = restarted.outage();
            assertNotNull(outage, "the outage should survive the restart");
            assertEquals(2, outage.snapshots().size());
            long expectedChunks = outage.snapshot().changedChunks().after(resyncedThrough)
                    .union(outage.snapshots().get(1).changedChunks()).count();

            restarted.reconnect(new ApplierLink(restarted, applier), applier.lastAppliedSequence());
            awaitResyncFinished(restarted);
            assertTrue(restarted.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
            assertTrue(primaryVolume.snapshots().isEmpty());
            assertEquals(expectedChunks * BLOCK, lastEventOf(EngineEvent.ResyncFinished.class).bytes(),
                    "the restarted primary resumes above the chunks the secondary had acknowledged");
        }
    }

    @org.junit.jupiter.api.Test
    void aPrimaryRestartedDuringTheOutageFindsItAgainAndResynchronises() throws Exception {
        String snapshotId;
        int unacknowledged;
        try (PrimaryReplicator primary = newPrimary()) {
            ApplierLink first = new ApplierLink(primary, applier);
            primary.connect(first, 0);
            writeRandomly(primary, 40);
            first.applying = false;
            first.acknowledging = false;
            writeRandomly(primary, 10);
            awaitSent(first, log.highestAssigned());
            first.cut();
            Outage outage = awaitOutage(primary);
            snapshotId = outage.snapshot().id();
            unacknowledged = outage.unacknowledged().size();
            writeRandomly(primary, 100);
        }
        // restart the primary: volume, in-flight log and replicator
        restartPrimaryVolumeAndLog();

        try (PrimaryReplicator restarted = newPrimary()) {
            Outage outage = restarted.outage();
            assertNotNull(outage, "the outage should survive the restart");
            assertEquals(snapshotId, outage.snapshot().id());
            assertEquals(unacknowledged, outage.unacknowledged().size());
            assertEquals(0, restarted.write(0, ByteBuffer.wrap(new byte[BLOCK])), "writes stay local only");

            restarted.reconnect(new ApplierLink(restarted, applier), applier.lastAppliedSequence());
            awaitResyncFinished(restarted);
            assertTrue(restarted.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
            assertTrue(primaryVolume.snapshots().isEmpty());
        }
        try (PrimaryReplicator again = newPrimary()) {
            assertEquals(null, again.outage(), "a finished resync leaves no outage behind");
        }
    }

    @org.junit.jupiter.api.Test
    void anOutageWhoseSnapshotNeverReceivedACopyEndsWithTheRestart() throws Exception {
        Path state = directory.resolve("primary-replication");
        new OutageRecord(java.util.UUID.randomUUID(), java.time.Instant.now(), "crashed before the first copy")
                .write(primaryVolume.context().storage(), state);

        try (PrimaryReplicator primary = newPrimary()) {
            assertEquals(null, primary.outage());
            assertTrue(OutageRecord.read(primaryVolume.context().storage(), state).isEmpty());
        }
    }

    @org.junit.jupiter.api.Test
    void aRateLimitedResyncKeepsToItsLimitUntilTheLimitIsLiftedAndThenEndsEqual() throws Exception {
        long limit = 64 * 1024;
        try (PrimaryReplicator primary = new PrimaryReplicator(primaryVolume, log,
                ReplicationSettings.defaults().withResyncRate(limit), directory.resolve("primary-replication"),
                Thread::new)) {
            ApplierLink first = new ApplierLink(primary, applier);
            primary.connect(first, 0);
            writeRandomly(primary, 40);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
            first.cut();
            awaitOutage(primary);
            long changed = writeBlocks(primary, 400).size(); // about 1.3 MiB: some 20 seconds at the limit

            ApplierLink second = new ApplierLink(primary, applier);
            long start = System.nanoTime();
            primary.reconnect(second, applier.lastAppliedSequence());
            Thread.sleep(1000);
            long sent = offsetsSent(second).size();
            double elapsed = (System.nanoTime() - start) / 1e9;

            assertNotNull(primary.outage(), "the limited resync is still going on");
            // a token bucket never sends more than the limit over the time plus what it may start with
            assertTrue(sent * BLOCK <= limit * elapsed + limit / 10 + BLOCK, sent + " chunks of " + changed
                    + " sent in " + elapsed + " s at " + limit + " bytes/s");
            assertEquals(limit, primary.resyncRate());

            primary.setResyncRate(0);
            awaitResyncFinished(primary);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
            assertEquals(changed * BLOCK, lastEventOf(EngineEvent.ResyncFinished.class).bytes(),
                    "every changed chunk is sent once, limited or not");
        }
    }

    /** Closes and reopens the primary volume and its in-flight log, as a restarted primary does. */
    private void restartPrimaryVolumeAndLog() throws IOException {
        log.close();
        primaryVolume.close();
        EngineContext context = primaryVolume.context();
        primaryVolume = Volume.open(context, directory.resolve("primary.img"), BLOCK, directory.resolve("p"));
        log = InFlightLog.open(context.storage(), directory.resolve("log"), InFlightLogConfig.defaults(),
                Clock.system());
    }

    private PrimaryReplicator newPrimary() throws IOException {
        return new PrimaryReplicator(primaryVolume, log,
                ReplicationSettings.defaults().withMode(ReplicationMode.ASYNCHRONOUS), directory.resolve("primary-replication"), Thread::new);
    }

    /** @return the bytes written */
    private long writeRandomly(PrimaryReplicator primary, int count) throws Exception {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            int blocks = 1 + random.nextInt(3);
            long block = random.nextInt(SIZE / BLOCK - blocks);
            byte[] data = new byte[blocks * BLOCK];
            random.nextBytes(data);
            primary.write(block * BLOCK, ByteBuffer.wrap(data));
            bytes += data.length;
        }
        return bytes;
    }

    /** Writes single blocks at random; @return the offsets written (one chunk each) */
    private java.util.Set<Long> writeBlocks(PrimaryReplicator primary, int count) throws Exception {
        java.util.Set<Long> offsets = new java.util.TreeSet<>();
        for (int i = 0; i < count; i++) {
            long block = random.nextInt(SIZE / BLOCK);
            byte[] data = new byte[BLOCK];
            random.nextBytes(data);
            primary.write(block * BLOCK, ByteBuffer.wrap(data));
            offsets.add(block * BLOCK);
        }
        return offsets;
    }

    /** @return the offsets of the writes a link sent whose acknowledgement it delivered */
    private static java.util.Set<Long> offsetsAcknowledged(ApplierLink link) {
        long acknowledged = link.highestAcknowledged.get();
        java.util.Set<Long> offsets = new java.util.TreeSet<>();
        synchronized (link.writesSent) {
            for (long[] write : link.writesSent) {
                if (write[0] <= acknowledged) {
                    offsets.add(write[1]);
                }
            }
        }
        return offsets;
    }

    private static java.util.List<Long> offsetsSent(ApplierLink link) {
        synchronized (link.writesSent) {
            return link.writesSent.stream().map(write -> write[1]).toList();
        }
    }

    private static Outage awaitOutageWithSnapshots(PrimaryReplicator primary, int snapshots)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while ((primary.outage() == null || primary.outage().snapshots().size() < snapshots)
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(snapshots, primary.outage().snapshots().size(), "the cut during the resync should be declared");
        return primary.outage();
    }

    private static void awaitSent(ApplierLink link, long sequence) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (link.highestSent.get() < sequence && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(sequence, link.highestSent.get(), "everything should have been sent before the cut");
    }

    private static Outage awaitOutage(PrimaryReplicator primary) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (primary.outage() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertNotNull(primary.outage(), "the cut should have been declared an outage");
        return primary.outage();
    }

    private void awaitResyncFinished(PrimaryReplicator primary) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (primary.outage() != null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(null, primary.outage(), "the resync should have finished");
    }

    private <T extends EngineEvent> T lastEventOf(Class<T> type) {
        List<T> all = events.stream().filter(type::isInstance).map(type::cast).toList();
        return all.get(all.size() - 1);
    }

    private <T extends EngineEvent> T eventOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

}
