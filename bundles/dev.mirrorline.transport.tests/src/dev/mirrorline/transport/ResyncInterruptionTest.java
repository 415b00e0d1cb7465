package dev.mirrorline.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.testsupport.LoopbackTcpProxy;
import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.LinkSupervisor;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.PrimaryReplicator;
import dev.mirrorline.engine.replication.ReplicationSettings;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;

/**
 * A resync over real gRPC whose TCP connection a proxy on loopback cuts again and again while the
 * resync runs, with writes going on between the cuts; the primary's {@link LinkSupervisor}
 * reconnects with backoff each time. The secondary must end byte-for-byte equal, every outage
 * snapshot deleted, and the bytes on the wire within the bound of a resync that resumes rather
 * than restarts. Seeded: the seed is printed on failure, and {@code -Dmirrorline.seed=N} replays it.
 */
class ResyncInterruptionTest {

    private static final int SIZE = 64 << 20;
    private static final int BLOCK = 4096;
    private static final int WRITE = 64 * 1024;
    private static final int WINDOW = 1 << 20;
    private static final int CUTS_DURING_RESYNC = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final PairHandshake PAIR = new PairHandshake("cut-pair", VolumeGeometry.ofSize(SIZE), BLOCK,
            PairHandshake.PROTOCOL_VERSION);

    @TempDir
    Path directory;

    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private final EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        throw e;
    }));
    private PairedNodes nodes;
    private Volume primaryVolume;
    private Volume secondaryVolume;
    private InFlightLog log;
    private NodeServer secondary;
    private SecondaryApplier applier;
    private LoopbackTcpProxy proxy;

    @BeforeEach
    void startBothSides() throws IOException {
        context.events().addListener(events::add);
        nodes = PairedNodes.forPair(directory, PAIR.pairId()); // mutual TLS, as in production
        secondaryVolume = Volume.create(context, directory.resolve("secondary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("secondary-state"));
        applier = SecondaryApplier.open(context, secondaryVolume, directory.resolve("secondary-replication"));
        secondary = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0), nodes.secondary, PAIR, applier);
        proxy = new LoopbackTcpProxy(secondary.port());
        primaryVolume = Volume.create(context, directory.resolve("primary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("primary-state"));
        log = InFlightLog.open(context.storage(), directory.resolve("in-flight"),
                InFlightLogConfig.defaults().withWindowBytes(WINDOW), Clock.system());
    }

    @AfterEach
    void stopBothSides() throws IOException {
        proxy.close();
        secondary.close();
        log.close();
        primaryVolume.close();
        secondaryVolume.close();
    }

    @Test
    void aResyncCutRepeatedlyResumesEachTimeAndEndsWithEqualVolumes() throws Throwable {
        long seed = Long.getLong("mirrorline.seed", System.nanoTime());
        try {
            run(new Random(seed));
        } catch (Throwable failure) {
            System.err.println("ResyncInterruptionTest failed with seed " + seed
                    + " (replay with -Dmirrorline.seed=" + seed + ")");
            throw failure;
        }
    }

    private void run(Random random) throws Exception {
        try (PrimaryReplicator primary = new PrimaryReplicator(primaryVolume, log, ReplicationSettings.defaults(),
                directory.resolve("primary-replication"), Thread::new);
                LinkSupervisor supervisor = new LinkSupervisor(primary, primaryVolume,
                        new GrpcLinkConnector(new InetSocketAddress("127.0.0.1", proxy.port()), PAIR,
                                Duration.ofSeconds(5), nodes.primary),
                        Duration.ofMillis(20), Duration.ofMillis(200), Thread::new)) {
            awaitCount(EngineEvent.LinkUp.class, 1);
            write(primary, random, 40);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            long wireBefore = proxy.bytesToTarget();
            supervisor.hold("the test holds the link down"); // a disconnect, kept down while the outage builds up
            write(primary, random, 400); // about 6,600 changed chunks of 4 KiB
            long changedAtFirstOutage = primary.outage().snapshot().changedChunkCount() * BLOCK;
            supervisor.release();

            long writtenBytes = 0;
            int cutsDuringResync = 0;
            for (int cut = 1; cut <= CUTS_DURING_RESYNC; cut++) {
                // cut when this run has sent a seeded share of what it has to send
                if (awaitResyncProgress(cut, 0.2 + 0.5 * random.nextDouble()) && primary.outage() != null) {
                    cutsDuringResync++;
                }
                proxy.resetConnections();
                awaitCount(EngineEvent.UnacknowledgedCaptured.class, cut + 1);
                writtenBytes += write(primary, random, 5 + random.nextInt(20));
            }
            awaitCount(EngineEvent.ResyncFinished.class, 1);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
            long wireBytes = proxy.bytesToTarget() - wireBefore;

            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
            assertNull(primary.outage());
            assertEquals(List.of(), primaryVolume.snapshots(), "every outage snapshot is deleted");
            assertFalse(applier.resyncInProgress(), "the secondary's staged writes are applied once it is a copy");
            assertTrue(cutsDuringResync >= 1, "at least one cut should land while a resync runs");
            // a resync that restarted from zero would send most of the first outage's chunks again at each cut
            long bound = (long) (1.1 * (changedAtFirstOutage + writtenBytes)) + (CUTS_DURING_RESYNC + 1L) * WINDOW
                    + (1 << 20);
            assertTrue(wireBytes <= bound, wireBytes + " bytes on the wire; a resumed resync sends at most " + bound
                    + " (changed " + changedAtFirstOutage + ", written between the cuts " + writtenBytes + ", "
                    + cutsDuringResync + " cuts during a resync)");
        }
    }

    /** @return the bytes written */
    private long write(PrimaryReplicator primary, Random random, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            long offset = (long) random.nextInt(SIZE / WRITE) * WRITE;
            byte[] data = new byte[WRITE];
            random.nextBytes(data);
            primary.write(offset, ByteBuffer.wrap(data));
        }
        return (long) count * WRITE;
    }

    /**
     * Waits until the {@code run}-th resync has sequenced {@code share} of its chunks.
     *
     * @return whether it did before it finished
     */
    private boolean awaitResyncProgress(int run, double share) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int started = 0;
            for (EngineEvent event : events) {
                if (event instanceof EngineEvent.ResyncStarted) {
                    started++;
                } else if (started == run && event instanceof EngineEvent.ResyncFinished) {
                    return false;
                } else if (started == run && event instanceof EngineEvent.ResyncProgress progress
                        && progress.chunksSent() >= share * progress.chunksTotal()) {
                    return true;
                }
            }
            Thread.sleep(1);
        }
        StringBuilder threads = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            threads.append('\n').append(thread.getName()).append(' ').append(thread.getState());
            for (StackTraceElement frame : stack) {
                threads.append("\n    at ").append(frame);
            }
        });
        throw new AssertionError("resync " + run + " did not reach " + share + " of its chunks; events: " + events
                + "\nthreads:" + threads);
    }

    private void awaitCount(Class<? extends EngineEvent> type, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (events.stream().filter(type::isInstance).count() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(events.stream().filter(type::isInstance).count() >= count,
                "expected " + count + " " + type.getSimpleName() + " events; events: " + events.size());
    }

    private static byte[] sha256(Volume volume) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (long offset = 0; offset < volume.geometry().sizeBytes(); offset += buffer.capacity()) {
            buffer.clear();
            volume.read(offset, buffer);
            digest.update(buffer.flip());
        }
        return digest.digest();
    }
}
