package dev.mirrorline.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.engine.replication.ReplicationSettings;

/** The primary's export writes through the replication write path; the secondary's is read-only until promoted. */
class ReplicatedExportTest {

    private static final long SIZE = 8L << 20;
    private static final int BLOCK = 4096;

    @TempDir
    Path directory;

    @Test
    void inSynchronousModeAnAnsweredWriteIsOnTheSecondaryAlready() throws Exception {
        ReplicationSettings synchronous = ReplicationSettings.defaults().withMode(ReplicationMode.SYNCHRONOUS);
        try (ReplicatedPair pair = new ReplicatedPair(directory, SIZE, synchronous)) {
            pair.connectLink();
            try (RawNbdClient client = new RawNbdClient(pair.nbd.address()).fixedNewstyle()) {
                client.go(ReplicatedPair.PRIMARY);
                for (int i = 0; i < 50; i++) {
                    byte[] data = ServerTestBase.randomBytes(i, 2 * BLOCK);
                    long offset = (long) (i * 7 % 1000) * BLOCK;
                    assertEquals(0, client.write(offset, data).error());
                    assertTrue(pair.primary.acknowledged() >= pair.log.highestAssigned(),
                            "write " + i + " was answered before the secondary acknowledged it");
                    assertArrayEquals(data, read(pair.secondaryVolume, offset, data.length),
                            "the secondary holds write " + i + " when it is answered");
                }
                assertEquals(0, client.command(0, 3, 0, 0).error(), "NBD_CMD_FLUSH");
                assertEquals(0, client.command(1, 6, 0, 16 * BLOCK).error(), "NBD_CMD_WRITE_ZEROES with FUA");
                assertArrayEquals(new byte[16 * BLOCK], read(pair.secondaryVolume, 0, 16 * BLOCK),
                        "zeroes are replicated like any write");
            }
            assertArrayEquals(ReplicatedPair.sha256(pair.primaryVolume), ReplicatedPair.sha256(pair.secondaryVolume));
        }
    }

    @Test
    void asynchronousWritesThroughTheExportReachTheSecondaryAndSurviveAnOutage() throws Exception {
        try (ReplicatedPair pair = new ReplicatedPair(directory, SIZE, ReplicationSettings.defaults())) {
            pair.connectLink();
            try (RawNbdClient client = new RawNbdClient(pair.nbd.address()).fixedNewstyle()) {
                client.go(ReplicatedPair.PRIMARY);
                writeSome(client, 0);
                pair.cutLink(Duration.ofSeconds(20));
                writeSome(client, 100); // during the outage: local, tracked by the outage snapshot
                assertTrue(pair.primary.outage().snapshot().changedChunks().count() > 0);
                pair.restoreLink();
                writeSome(client, 200); // during the resync
            }
            pair.awaitInSync(Duration.ofSeconds(120));
            assertArrayEquals(ReplicatedPair.sha256(pair.primaryVolume), ReplicatedPair.sha256(pair.secondaryVolume));
        }
    }

    @Test
    void theSecondarysExportIsReadOnlyUntilItIsPromoted() throws Exception {
        try (ReplicatedPair pair = new ReplicatedPair(directory, SIZE, ReplicationSettings.defaults())) {
            pair.connectLink();
            byte[] data = ServerTestBase.randomBytes(1, BLOCK);
            try (RawNbdClient primary = new RawNbdClient(pair.nbd.address()).fixedNewstyle()) {
                primary.go(ReplicatedPair.PRIMARY);
                primary.write(0, data);
            }
            pair.awaitInSync(Duration.ofSeconds(30));
            try (RawNbdClient reader = new RawNbdClient(pair.nbd.address()).fixedNewstyle()) {
                assertTrue(reader.go(ReplicatedPair.SECONDARY).readOnly());
                assertArrayEquals(data, reader.read(0, BLOCK).data(), "the secondary's export reads the replica");
                assertEquals(1, reader.write(0, new byte[BLOCK]).error(), "EPERM while it is a secondary");
            }

            // promotion: a new generation on the secondary, then writes are allowed
            pair.primary.declareLinkDown("the test fails over");
            pair.applier.startNewGeneration(UUID.randomUUID());
            pair.secondaryTarget.setWritable(true);
            byte[] after = ServerTestBase.randomBytes(2, BLOCK);
            try (RawNbdClient writer = new RawNbdClient(pair.nbd.address()).fixedNewstyle()) {
                assertFalse(writer.go(ReplicatedPair.SECONDARY).readOnly());
                assertEquals(0, writer.write(0, after).error());
            }
            assertArrayEquals(after, read(pair.secondaryVolume, 0, BLOCK));
        }
    }

    private static void writeSome(RawNbdClient client, int seed) throws Exception {
        for (int i = 0; i < 40; i++) {
            long offset = (long) ((seed + i) * 13 % 2000) * BLOCK;
            assertEquals(0, client.write(offset, ServerTestBase.randomBytes(seed + i, BLOCK)).error());
        }
    }

    private static byte[] read(dev.mirrorline.engine.volume.Volume volume, long offset, int length) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        volume.read(offset, buffer);
        return buffer.array();
    }
}
