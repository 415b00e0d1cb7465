package dev.mirrorline.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.testsupport.LoopbackTcpProxy;
import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.PrimaryReplicator;
import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.engine.replication.ReplicationSettings;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;

/**
 * Steady-state replication end to end: writes to a primary volume from several threads are
 * sequenced, journaled, streamed over real gRPC with mutual TLS on 127.0.0.1 and applied to a secondary volume,
 * which ends byte-for-byte equal.
 */
class PrimaryReplicationTest {

    private static final int SIZE = 8 << 20;
    private static final int BLOCK = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ReplicationSettings SYNCHRONOUS = ReplicationSettings.defaults()
            .withMode(ReplicationMode.SYNCHRONOUS);
    private static final PairHandshake PAIR = new PairHandshake("db-pair", VolumeGeometry.ofSize(SIZE), 4096,
            PairHandshake.PROTOCOL_VERSION);

    @TempDir
    Path directory;

    private final EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        throw e;
    }));
    private Volume primaryVolume;
    private Volume secondaryVolume;
    private InFlightLog log;
    private NodeServer secondary;
    private SecondaryApplier applier;
    private PairedNodes nodes;

    @BeforeEach
    void startBothSides() throws IOException {
        nodes = PairedNodes.forPair(directory, PAIR.pairId());
        secondaryVolume = Volume.create(context, directory.resolve("secondary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("secondary-state"));
        applier = SecondaryApplier.open(context, secondaryVolume, directory.resolve("secondary-replication"));
        secondary = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0), nodes.secondary, PAIR, applier);
        primaryVolume = Volume.create(context, directory.resolve("primary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("primary-state"));
        log = InFlightLog.open(context.storage(), directory.resolve("in-flight"),
                InFlightLogConfig.defaults().withWindowBytes(1 << 20), Clock.system());
    }

    @AfterEach
    void stopBothSides() throws IOException {
        secondary.close();
        log.close();
        primaryVolume.close();
        secondaryVolume.close();
    }

    @Test
    void asynchronousWritesFromFourThreadsLeaveTheSecondaryByteForByteEqual() throws Exception {
        try (PrimaryReplicator primary = newPrimary(ReplicationSettings.defaults());
                ReplicationClient link = replicateTo(primary, address(), TIMEOUT)) {

            long last = writeFromThreads(primary, 4, 150);
            assertTrue(primary.awaitAcknowledged(last, TIMEOUT), "acknowledged only up to " + primary.acknowledged());

            assertNull(primary.linkFailure());
            assertEquals(0, log.outstandingUpdates(), "acknowledged updates leave the in-flight log");
            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
        }
    }

    @Test
    void aSynchronousWriteReturnsOnlyWhenTheSecondaryHasAcknowledgedIt() throws Exception {
        try (PrimaryReplicator primary = newPrimary(SYNCHRONOUS);
                ReplicationClient link = replicateTo(primary, address(), TIMEOUT)) {
            Random random = new Random(3);

            for (int i = 0; i < 100; i++) {
                long sequence = primary.write((long) BLOCK * random.nextInt(SIZE / BLOCK), randomBlocks(random, 1));
                assertTrue(primary.acknowledged() >= sequence,
                        "write " + sequence + " returned before its acknowledgement");
            }
            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
        }
    }

    @Test
    void overlappingWritesReachTheSecondaryInTheOrderTheyWereApplied() throws Exception {
        try (PrimaryReplicator primary = newPrimary(ReplicationSettings.defaults());
                ReplicationClient link = replicateTo(primary, address(), TIMEOUT)) {

            // every thread hammers the same 16 blocks: a wrong order would leave other bytes on the secondary
            long last = writeFromThreads(primary, 4, 150, 16);
            assertTrue(primary.awaitAcknowledged(last, TIMEOUT), "acknowledged only up to " + primary.acknowledged());

            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
        }
    }

    @Test
    void aLinkCutByStoppingTheSecondaryIsResynchronisedWhenItReturns() throws Exception {
        try (PrimaryReplicator primary = newPrimary(ReplicationSettings.defaults())) {
            try (ReplicationClient link = replicateTo(primary, address(), TIMEOUT)) {
                writeFromThreads(primary, 2, 100);
                assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

                secondary.close(); // the secondary goes away: its end of the stream is cancelled
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (primary.outage() == null && System.nanoTime() < deadline) {
                    writeFromThreads(primary, 1, 5);
                }
                assertTrue(primary.outage() != null, "the broken stream should have been declared an outage");
                writeFromThreads(primary, 2, 150);
            }

            secondary = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0),
                    nodes.secondary, PAIR, applier);
            try (ReplicationClient link = replicateTo(primary, address(), TIMEOUT)) {
                writeFromThreads(primary, 2, 50); // live writes during the resync
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (primary.outage() != null && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertNull(primary.outage(), "the resync should have finished");
                assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

                assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
                assertTrue(primaryVolume.snapshots().isEmpty(), "the outage snapshot is deleted");
                assertEquals(primary.generations(), applier.generations(), "the secondary is marked consistent");
                assertFalse(applier.resyncInProgress(), "the secondary applied what it staged during the resync");
            }
        }
    }

    @Test
    void aSecondaryThatTakesLongerThanTheLinkTimeoutToApplyWhatItStagedStaysConnectedAndIsWaitedFor()
            throws Exception {
        // a secondary on a slow disk: writing the resync's staged writes into its volume takes about 2.4 s
        Duration linkTimeout = Duration.ofSeconds(1);
        SlowStorage slowDisk = new SlowStorage("slow-secondary.img");
        EngineContext slowContext = new EngineContext(slowDisk, Clock.system(), context.events());
        List<EngineEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        context.events().addListener(events::add);
        try (Volume slowVolume = Volume.create(slowContext, directory.resolve("slow-secondary.img"),
                VolumeGeometry.ofSize(SIZE), directory.resolve("slow-secondary-state"));
                PrimaryReplicator primary = newPrimary(ReplicationSettings.defaults().withLinkTimeout(linkTimeout))) {
            SecondaryApplier slowApplier = SecondaryApplier.open(slowContext, slowVolume,
                    directory.resolve("slow-secondary-replication"));
            NodeServer slowSecondary = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0),
                    nodes.secondary, PAIR, slowApplier);
            InetSocketAddress slowAddress = new InetSocketAddress("127.0.0.1", slowSecondary.port());
            try {
                try (ReplicationClient link = replicateTo(primary, slowAddress, linkTimeout)) {
                    writeFromThreads(primary, 1, 20);
                    assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
                }
                primary.declareLinkDown("the test took the link down");
                // 600 distinct blocks changed during the outage: 600 staged writes, 4 ms each to apply
                Random random = new Random(11);
                for (int block = 0; block < 600; block++) {
                    primary.write((long) block * 3 * BLOCK, randomBlocks(random, 1));
                }
                slowDisk.delayPerWrite = Duration.ofMillis(4);

                try (ReplicationClient link = replicateTo(primary, slowAddress, linkTimeout)) {
                    long deadline = System.nanoTime() + TIMEOUT.toNanos();
                    while (primary.outage() != null && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    assertNull(primary.outage(), "the resync should have finished");
                    assertNull(primary.linkFailure(), "the link stayed up while the secondary applied");
                    assertEquals(1, events.stream().filter(EngineEvent.LinkDown.class::isInstance).count(),
                            "only the test's own cut: " + events.stream()
                                    .filter(EngineEvent.LinkDown.class::isInstance).toList());
                    assertTrue(slowDisk.delayedWrites.get() >= 600, slowDisk.delayedWrites + " slow writes");
                    assertArrayEquals(sha256(primaryVolume), sha256(slowVolume));
                }
            } finally {
                slowSecondary.close();
            }
        }
    }

    @Test
    void aNetworkPathThatSilentlySwallowsEverythingIsDeclaredDownByTheLinkTimeout() throws Exception {
        ReplicationSettings settings = ReplicationSettings.defaults().withLinkTimeout(Duration.ofSeconds(1));
        try (LoopbackTcpProxy proxy = new LoopbackTcpProxy(secondary.port());
                PrimaryReplicator primary = newPrimary(settings)) {
            try (ReplicationClient link = new GrpcLinkConnector(new InetSocketAddress("127.0.0.1", proxy.port()), PAIR,
                    Duration.ofSeconds(1), nodes.primary).open(primary)) {
                primary.connect(link, link.lastAppliedAtConnect());
                writeFromThreads(primary, 2, 50);
                assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

                proxy.blackhole();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (primary.outage() == null && System.nanoTime() < deadline) {
                    writeFromThreads(primary, 1, 5);
                }
                assertTrue(primary.outage() != null, "the silent link should have been declared down");
                writeFromThreads(primary, 2, 100);
            }

            // the path heals: reconnect directly, resync, and compare
            try (ReplicationClient link = replicateTo(primary, address(), TIMEOUT)) {
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (primary.outage() != null && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertNull(primary.outage(), "the resync should have finished");
                assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
                assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
            }
        }
    }

    @Test
    void whenBothSidesWroteWhileApartTheReconnectIsRefusedAsSplitBrainAndNeitherVolumeChanges() throws Exception {
        try (PrimaryReplicator primary = newPrimary(ReplicationSettings.defaults())) {
            try (ReplicationClient link = replicateTo(primary, address(), TIMEOUT)) {
                writeFromThreads(primary, 1, 20);
                assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
            }
            // the link drops and the primary goes on writing
            primary.declareLinkDown("the test took the link down");
            writeFromThreads(primary, 1, 20);
            // meanwhile the secondary is promoted and written too
            applier.startNewGeneration(java.util.UUID.randomUUID());
            secondaryVolume.write(0, randomBlocks(new Random(1), 4));
            secondaryVolume.flush();
            byte[] primaryBefore = sha256(primaryVolume);
            byte[] secondaryBefore = sha256(secondaryVolume);

            PeerRefusedException refusal = assertThrows(PeerRefusedException.class,
                    () -> ReplicationClient.connect(address(), PAIR, primary.generations(), TIMEOUT, nodes.primary));

            assertTrue(refusal.getMessage().startsWith("Split brain: both sides wrote while apart (primary generation "
                    + primary.generations().shortCurrent() + ", secondary generation "
                    + applier.generations().shortCurrent() + ")"), refusal.getMessage());
            assertArrayEquals(primaryBefore, sha256(primaryVolume));
            assertArrayEquals(secondaryBefore, sha256(secondaryVolume));
            assertTrue(primary.outage() != null, "the primary stays in its outage");
        }
    }

    @Test
    void aSecondaryPromotedWhileThePrimaryDidNotWriteIsAheadAndRefusesTheOldPrimary() throws Exception {
        try (PrimaryReplicator primary = newPrimary(ReplicationSettings.defaults())) {
            try (ReplicationClient link = replicateTo(primary, address(), TIMEOUT)) {
            }
            applier.startNewGeneration(java.util.UUID.randomUUID());

            PeerRefusedException refusal = assertThrows(PeerRefusedException.class,
                    () -> ReplicationClient.connect(address(), PAIR, primary.generations(), TIMEOUT, nodes.primary));

            assertTrue(refusal.getMessage().startsWith("The secondary was written after it left this primary"),
                    refusal.getMessage());
        }
    }

    private long writeFromThreads(PrimaryReplicator primary, int threads, int writesEach) throws Exception {
        return writeFromThreads(primary, threads, writesEach, SIZE / BLOCK);
    }

    /** @return the highest sequence number assigned */
    private long writeFromThreads(PrimaryReplicator primary, int threads, int writesEach, int blocks)
            throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(t);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < writesEach; i++) {
                        int length = 1 + random.nextInt(4);
                        long block = random.nextInt(blocks - length + 1);
                        primary.write(block * BLOCK, randomBlocks(random, length));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join(TIMEOUT.toMillis());
        }
        if (failure.get() != null) {
            throw new AssertionError("a writer failed", failure.get());
        }
        return log.highestAssigned();
    }

    private PrimaryReplicator newPrimary(ReplicationSettings settings) throws IOException {
        return new PrimaryReplicator(primaryVolume, log, settings, directory.resolve("primary-replication"),
                Thread::new);
    }

    /**
     * Connects a replication stream from the primary to a secondary and hands it to the primary,
     * which resynchronises the secondary if it is behind.
     */
    private ReplicationClient replicateTo(PrimaryReplicator primary, InetSocketAddress secondaryAddress,
            Duration timeout) throws Exception {
        ReplicationClient link = new GrpcLinkConnector(secondaryAddress, PAIR, timeout, nodes.primary).open(primary);
        primary.reconnect(link, link.lastAppliedAtConnect(), link.secondaryGenerations());
        return link;
    }

    /** The real file system, with writes to one file slowed down on demand: a slow disk. */
    private static final class SlowStorage implements dev.mirrorline.engine.storage.Storage {
        private final dev.mirrorline.engine.storage.Storage disk = new dev.mirrorline.engine.storage.FileSystemStorage();
        private final String slowFileName;
        volatile Duration delayPerWrite = Duration.ZERO;
        final java.util.concurrent.atomic.AtomicLong delayedWrites = new java.util.concurrent.atomic.AtomicLong();

        SlowStorage(String slowFileName) {
            this.slowFileName = slowFileName;
        }

        private dev.mirrorline.engine.storage.StorageFile wrap(dev.mirrorline.engine.storage.StorageFile file) {
            if (!file.path().getFileName().toString().equals(slowFileName)) {
                return file;
            }
            return new dev.mirrorline.engine.storage.StorageFile() {
                @Override
                public Path path() {
                    return file.path();
                }

                @Override
                public long size() throws IOException {
                    return file.size();
                }

                @Override
                public void read(long position, ByteBuffer dst) throws IOException {
                    file.read(position, dst);
                }

                @Override
                public void write(long position, ByteBuffer src) throws IOException {
                    Duration delay = delayPerWrite;
                    if (!delay.isZero()) {
                        delayedWrites.incrementAndGet();
                        java.util.concurrent.locks.LockSupport.parkNanos(delay.toNanos());
                    }
                    file.write(position, src);
                }

                @Override
                public void force() throws IOException {
                    file.force();
                }

                @Override
                public void truncate(long sizeBytes) throws IOException {
                    file.truncate(sizeBytes);
                }

                @Override
                public boolean tryLockExclusively() throws IOException {
                    return file.tryLockExclusively();
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
        }

        @Override
        public dev.mirrorline.engine.storage.StorageFile create(Path path, long sizeBytes) throws IOException {
            return wrap(disk.create(path, sizeBytes));
        }

        @Override
        public dev.mirrorline.engine.storage.StorageFile open(Path path, Access access) throws IOException {
            return wrap(disk.open(path, access));
        }

        @Override
        public boolean exists(Path path) {
            return disk.exists(path);
        }

        @Override
        public void deleteIfExists(Path path) throws IOException {
            disk.deleteIfExists(path);
        }

        @Override
        public List<Path> list(Path directory) throws IOException {
            return disk.list(directory);
        }

        @Override
        public void move(Path source, Path target) throws IOException {
            disk.move(source, target);
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            disk.forceDirectory(directory);
        }

        @Override
        public void createDirectories(Path directory) throws IOException {
            disk.createDirectories(directory);
        }

        @Override
        public void writeAtomically(Path path, byte[] content) throws IOException {
            disk.writeAtomically(path, content);
        }

        @Override
        public byte[] readAll(Path path) throws IOException {
            return disk.readAll(path);
        }
    }

    private InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", secondary.port());
    }

    private static ByteBuffer randomBlocks(Random random, int blocks) {
        byte[] bytes = new byte[blocks * BLOCK];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private static byte[] sha256(Volume volume) throws Exception {
        ByteBuffer all = ByteBuffer.allocate((int) volume.geometry().sizeBytes());
        volume.read(0, all);
        return MessageDigest.getInstance("SHA-256").digest(all.array());
    }
}
