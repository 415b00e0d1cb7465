package dev.mirrorline.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.Generations;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.ReplicatedWrite;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.volume.Volume;

/** The replication stream over real gRPC and mutual TLS on 127.0.0.1, into a real secondary volume. */
class ReplicationStreamTest {

    private static final int SIZE = 4 << 20;
    private static final int BLOCK = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final PairHandshake PAIR = new PairHandshake("db-pair", VolumeGeometry.ofSize(SIZE), 4096,
            PairHandshake.PROTOCOL_VERSION);
    private static final Generations GENERATIONS = Generations.initial(java.util.UUID.randomUUID());

    @TempDir
    Path directory;

    private final EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        throw e;
    }));
    private Volume secondaryVolume;
    private SecondaryApplier applier;
    private PairedNodes nodes;
    private NodeServer secondary;
    private final byte[] primaryBytes = new byte[SIZE];
    private final Random random = new Random(99);
    private long nextSequence = 1;

    @BeforeEach
    void startTheSecondary() throws IOException {
        nodes = PairedNodes.forPair(directory, PAIR.pairId());
        secondaryVolume = Volume.create(context, directory.resolve("secondary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("secondary-state"));
        applier = SecondaryApplier.open(context, secondaryVolume, directory.resolve("replication"));
        secondary = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0), nodes.secondary, PAIR, applier);
    }

    @AfterEach
    void stopTheSecondary() throws IOException {
        secondary.close();
        secondaryVolume.close();
    }

    @Test
    void batchesSentOverLoopbackLeaveTheSecondaryByteForByteEqualAndAreAcknowledged() throws Exception {
        try (ReplicationClient client = ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, nodes.primary)) {
            assertEquals(0, client.lastAppliedAtConnect());
            List<Long> acknowledgements = new java.util.concurrent.CopyOnWriteArrayList<>();
            client.onAcknowledgement(acknowledgements::add);

            for (int batch = 0; batch < 200; batch++) {
                client.send(randomWrites(1 + random.nextInt(16)));
            }
            client.awaitAcknowledged(nextSequence - 1, TIMEOUT);

            assertEquals(nextSequence - 1, client.acknowledged());
            assertEquals(nextSequence - 1, acknowledgements.get(acknowledgements.size() - 1));
            assertArrayEquals(sha256(primaryBytes), sha256(readAll(secondaryVolume)));
        }
    }

    @Test
    void batchesThatArriveWhileTheSecondaryIsBusyAreAppliedAndAcknowledgedAsOneGroup() throws Exception {
        try (ReplicationClient client = ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, nodes.primary)) {
            List<Long> acknowledgements = new java.util.concurrent.CopyOnWriteArrayList<>();
            client.onAcknowledgement(acknowledgements::add);
            int batches = SecondaryReplicationService.QUEUED_MESSAGES + 1;
            synchronized (applier) { // a slow disk: the applier is busy until the test lets it go
                for (int batch = 0; batch < batches; batch++) {
                    client.send(randomWrites(4));
                }
                Thread.sleep(1000); // the batches arrive and wait
            }
            client.awaitAcknowledged(nextSequence - 1, TIMEOUT);

            // the first batch alone (it was being applied), then the queue's batches as one group
            assertTrue(acknowledgements.size() <= 3, "acknowledged " + acknowledgements + " for " + batches
                    + " batches");
            assertEquals(nextSequence - 1, acknowledgements.get(acknowledgements.size() - 1));
            assertArrayEquals(sha256(primaryBytes), sha256(readAll(secondaryVolume)));
        }
    }

    @Test
    void aReconnectingPrimaryLearnsWhereTheSecondaryStands() throws Exception {
        try (ReplicationClient client = ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, nodes.primary)) {
            client.send(randomWrites(7));
            client.awaitAcknowledged(7, TIMEOUT);
        }
        try (ReplicationClient again = ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, nodes.primary)) {
            assertEquals(7, again.lastAppliedAtConnect());
        }
    }

    @Test
    void aPrimaryOfAnotherPairIsRefusedWithTheReason() throws IOException {
        PairHandshake stranger = new PairHandshake("web-pair", VolumeGeometry.ofSize(SIZE), 4096,
                PairHandshake.PROTOCOL_VERSION);
        nodes.primaryPins.pin("web-pair", nodes.secondaryIdentity.fingerprint()); // paired for both pairs

        PeerRefusedException refusal = assertThrows(PeerRefusedException.class,
                () -> ReplicationClient.connect(secondaryAddress(), stranger, GENERATIONS, TIMEOUT, nodes.primary));

        assertEquals("The peer belongs to pair 'web-pair', not to pair 'db-pair': check the peer's address",
                refusal.getMessage());
    }

    @Test
    void aPrimaryWithAVolumeOfAnotherSizeIsRefused() {
        PairHandshake smaller = new PairHandshake("db-pair", VolumeGeometry.ofSize(SIZE / 2), 4096,
                PairHandshake.PROTOCOL_VERSION);

        PeerRefusedException refusal = assertThrows(PeerRefusedException.class,
                () -> ReplicationClient.connect(secondaryAddress(), smaller, GENERATIONS, TIMEOUT, nodes.primary));

        assertTrue(refusal.getMessage().contains("a pair needs equal sizes"), refusal.getMessage());
    }

    @Test
    void aWriteDamagedOnTheWayEndsTheStreamWithDataLossAndIsNotApplied() throws Exception {
        try (ReplicationClient client = ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, nodes.primary)) {
            byte[] data = new byte[BLOCK];
            random.nextBytes(data);
            int crc = ReplicatedWrite.checksum(ByteBuffer.wrap(data));
            data[100] ^= 1; // a bit flipped after the checksum was computed

            client.send(List.of(new ReplicatedWrite(1, 0, ByteBuffer.wrap(data), crc)));
            LinkDownException down = assertThrows(LinkDownException.class, () -> client.awaitAcknowledged(1, TIMEOUT));

            assertTrue(down.getMessage().contains("DATA_LOSS (Write 1 (4096 bytes at offset 0) arrived damaged"),
                    down.getMessage());
            assertArrayEquals(new byte[SIZE], readAll(secondaryVolume));
        }
    }

    @Test
    void aSecondPrimaryIsRefusedWhileOneIsReplicating() throws Exception {
        try (ReplicationClient first = ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, nodes.primary)) {
            PeerRefusedException refusal = assertThrows(PeerRefusedException.class,
                    () -> ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, nodes.primary));

            assertEquals("Another primary is already replicating to this secondary", refusal.getMessage());
            first.send(randomWrites(1));
            first.awaitAcknowledged(1, TIMEOUT);
        }
    }

    private InetSocketAddress secondaryAddress() {
        return new InetSocketAddress("127.0.0.1", secondary.port());
    }

    private List<ReplicatedWrite> randomWrites(int count) {
        List<ReplicatedWrite> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int blocks = 1 + random.nextInt(8);
            long offset = (long) BLOCK * random.nextInt(SIZE / BLOCK - blocks);
            byte[] data = new byte[blocks * BLOCK];
            random.nextBytes(data);
            System.arraycopy(data, 0, primaryBytes, (int) offset, data.length);
            writes.add(ReplicatedWrite.of(nextSequence++, offset, ByteBuffer.wrap(data)));
        }
        return writes;
    }

    private static byte[] readAll(Volume volume) throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) volume.geometry().sizeBytes());
        volume.read(0, all);
        return all.array();
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
