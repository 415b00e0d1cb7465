package dev.mirrorline.engine.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.write.InFlightLogConfig;
import dev.mirrorline.engine.write.Update;

/**
 * A primary whose link goes down: the outage snapshot and the captured unacknowledged updates
 * together cover every write the secondary does not have, and writes go on locally.
 */
class LinkOutageTest extends TwoVolumesTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Random random = new Random(8);

    @Override
    InFlightLogConfig logConfig() {
        // a window small enough that the withheld acknowledgements below would block writers
        return InFlightLogConfig.defaults().withWindowBytes(256 * 1024);
    }

    @Test
    void whenTheLinkFailsTheSnapshotAndTheCapturedUpdatesCoverEveryWriteTheSecondaryLacks() throws Exception {
        try (PrimaryReplicator primary = new PrimaryReplicator(primaryVolume, log,
                ReplicationSettings.defaults().withMode(ReplicationMode.ASYNCHRONOUS), directory.resolve("primary-replication"), Thread::new)) {
            ApplierLink link = new ApplierLink(primary, applier);
            primary.connect(link, 0);
            writeRandomly(primary, 50, null);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            link.withholdAcknowledgements();
            List<Long> withheld = writeRandomly(primary, 30, null);
            awaitApplied(withheld.get(withheld.size() - 1));
            link.cut();
            Outage outage = awaitOutage(primary);

            assertEquals(withheld, outage.unacknowledged().stream().map(Update::sequence).toList(),
                    "exactly the updates sent but not acknowledged are captured");
            TreeSet<Long> chunksWrittenDuringTheOutage = new TreeSet<>();
            List<Long> duringOutage = writeRandomly(primary, 300, chunksWrittenDuringTheOutage);

            assertTrue(duringOutage.stream().allMatch(sequence -> sequence == 0), "outage writes are local only");
            assertEquals(withheld.size(), log.outstandingUpdates(), "nothing new enters the in-flight log");
            assertEquals(chunksWrittenDuringTheOutage, asSet(outage.snapshot().changedChunks().toArray()));
            assertEquals(List.of(EngineEvent.LinkDown.class, EngineEvent.WritesFrozen.class,
                    EngineEvent.WritesResumed.class, EngineEvent.SnapshotCreated.class,
                    EngineEvent.UnacknowledgedCaptured.class), outageEventTypes());
            EngineEvent.UnacknowledgedCaptured captured = eventOf(EngineEvent.UnacknowledgedCaptured.class);
            assertEquals(withheld.size(), captured.updates());
            assertEquals(outage.snapshot().id(), captured.snapshotId());
        }
    }

    @Test
    void aSynchronousWriteWaitingForItsAcknowledgementReturnsWhenTheLinkFails() throws Exception {
        try (PrimaryReplicator primary = new PrimaryReplicator(primaryVolume, log,
                ReplicationSettings.defaults().withMode(ReplicationMode.SYNCHRONOUS), directory.resolve("primary-replication"), Thread::new)) {
            ApplierLink link = new ApplierLink(primary, applier);
            primary.connect(link, 0);
            link.withholdAcknowledgements();
            List<Long> sequence = new CopyOnWriteArrayList<>();
            Thread writer = new Thread(() -> {
                try {
                    sequence.add(primary.write(0, ByteBuffer.wrap(new byte[BLOCK])));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            writer.start();
            awaitApplied(1);
            writer.join(300);
            assertTrue(writer.isAlive(), "a synchronous write waits for its acknowledgement");

            link.cut();
            writer.join(TIMEOUT.toMillis());

            assertFalse(writer.isAlive(), "the write should return once the link is declared down");
            assertEquals(List.of(1L), sequence);
            assertNotNull(primary.outage());
            assertEquals(1, primary.outage().unacknowledged().size());
        }
    }

    @Test
    void aSecondaryThatStaysSilentPastTheLinkTimeoutIsDeclaredDown() throws Exception {
        ReplicationSettings settings = ReplicationSettings.defaults().withLinkTimeout(Duration.ofMillis(300));
        try (PrimaryReplicator primary = new PrimaryReplicator(primaryVolume, log, settings,
                directory.resolve("primary-replication"), Thread::new)) {
            ApplierLink link = new ApplierLink(primary, applier);
            primary.connect(link, 0);
            writeRandomly(primary, 10, null);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            link.silence(); // the network swallows everything from now on, and nothing reports an error
            writeRandomly(primary, 5, null);
            Outage outage = awaitOutage(primary);

            assertEquals("The secondary did not answer within 300 ms", outage.reason());
            assertEquals(5, outage.unacknowledged().size());
        }
    }

    @Test
    void anIdleLinkStaysUpBecauseTheSecondaryAnswersKeepalives() throws Exception {
        ReplicationSettings settings = ReplicationSettings.defaults().withLinkTimeout(Duration.ofMillis(300));
        try (PrimaryReplicator primary = new PrimaryReplicator(primaryVolume, log, settings,
                directory.resolve("primary-replication"), Thread::new)) {
            ApplierLink link = new ApplierLink(primary, applier);
            primary.connect(link, 0);
            writeRandomly(primary, 3, null);

            Thread.sleep(1500); // five link timeouts without a write

            assertEquals(null, primary.outage());
            assertTrue(link.keepalives > 3, "keepalives sent: " + link.keepalives);
        }
    }

    /** @return the sequence number of each write (0 for a local-only write) */
    private List<Long> writeRandomly(PrimaryReplicator primary, int count, TreeSet<Long> chunks) throws Exception {
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int blocks = 1 + random.nextInt(2);
            long block = random.nextInt(SIZE / BLOCK - blocks);
            byte[] bytes = new byte[blocks * BLOCK];
            random.nextBytes(bytes);
            sequences.add(primary.write(block * BLOCK, ByteBuffer.wrap(bytes)));
            if (chunks != null) {
                for (long b = block; b < block + blocks; b++) {
                    chunks.add(b);
                }
            }
        }
        return sequences;
    }

    private void awaitApplied(long sequence) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (applier.lastAppliedSequence() < sequence && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(sequence, applier.lastAppliedSequence(), "the secondary should have applied the writes");
    }

    private static Outage awaitOutage(PrimaryReplicator primary) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (primary.outage() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertNotNull(primary.outage(), "the link failure should have been declared an outage");
        return primary.outage();
    }

    private List<Class<?>> outageEventTypes() {
        List<Class<?>> types = new ArrayList<>();
        boolean afterLinkDown = false;
        for (EngineEvent event : events) {
            afterLinkDown |= event instanceof EngineEvent.LinkDown;
            if (afterLinkDown && !(event instanceof EngineEvent.ChunksCopied)) {
                types.add(event.getClass());
            }
        }
        return types;
    }

    private <T extends EngineEvent> T eventOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private static TreeSet<Long> asSet(long[] values) {
        TreeSet<Long> set = new TreeSet<>();
        for (long value : values) {
            set.add(value);
        }
        return set;
    }
}
