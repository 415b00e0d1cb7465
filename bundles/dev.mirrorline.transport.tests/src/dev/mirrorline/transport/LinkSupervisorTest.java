package dev.mirrorline.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

/** The primary's link supervisor against real gRPC secondaries: late, refusing, held down by the administrator. */
class LinkSupervisorTest {

    private static final int SIZE = 4 << 20;
    private static final int BLOCK = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final PairHandshake PAIR = new PairHandshake("supervised", VolumeGeometry.ofSize(SIZE), BLOCK,
            PairHandshake.PROTOCOL_VERSION);

    @TempDir
    Path directory;

    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private final EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        throw e;
    }));
    private final Random random = new Random(5);
    private PairedNodes nodes;
    private Volume primaryVolume;
    private Volume secondaryVolume;
    private InFlightLog log;
    private PrimaryReplicator primary;
    private NodeServer secondary;

    @BeforeEach
    void openPrimary() throws IOException {
        context.events().addListener(events::add);
        nodes = PairedNodes.forPair(directory, PAIR.pairId()); // mutual TLS, as in production
        primaryVolume = Volume.create(context, directory.resolve("primary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("primary-state"));
        secondaryVolume = Volume.create(context, directory.resolve("secondary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("secondary-state"));
        log = InFlightLog.open(context.storage(), directory.resolve("in-flight"), InFlightLogConfig.defaults(),
                Clock.system());
        primary = new PrimaryReplicator(primaryVolume, log, ReplicationSettings.defaults(),
                directory.resolve("primary-replication"), Thread::new);
    }

    @AfterEach
    void closeEverything() throws Exception {
        primary.close();
        if (secondary != null) {
            secondary.close();
        }
        log.close();
        primaryVolume.close();
        secondaryVolume.close();
    }

    @Test
    void aSecondaryThatIsNotThereYetIsTriedAgainWhileWritesGoOnLocally() throws Exception {
        int port = freePort();
        try (LinkSupervisor supervisor = supervise(connectorTo(port, PAIR, new AtomicInteger()))) {
            await(() -> supervisor.state() == LinkSupervisor.State.WAITING_TO_RETRY, "a failed first attempt");
            assertNotNull(primary.outage(), "an unreachable secondary puts the primary in an outage");
            for (int i = 0; i < 50; i++) {
                assertEquals(0, primary.write(randomOffset(), randomBlock()), "written locally only");
            }

            startSecondary(port, PAIR);
            await(() -> primary.outage() == null, () -> "the resync after the secondary appeared; the supervisor is "
                    + supervisor.state() + ", last error: " + supervisor.lastError() + ", events " + events);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            assertEquals(LinkSupervisor.State.CONNECTED, supervisor.state());
            assertTrue(lastOf(EngineEvent.LinkUp.class).attempt() > 1, "it took more than one attempt");
            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
        }
    }

    @Test
    void aSecondaryThatRefusesThePrimaryIsNotAskedAgainUntilRetry() throws Exception {
        int port = freePort();
        startSecondary(port, new PairHandshake("another-pair", VolumeGeometry.ofSize(SIZE), BLOCK,
                PairHandshake.PROTOCOL_VERSION));
        AtomicInteger attempts = new AtomicInteger();
        try (LinkSupervisor supervisor = supervise(connectorTo(port, PAIR, attempts))) {
            await(() -> supervisor.state() == LinkSupervisor.State.REFUSED, "the refusal");
            Thread.sleep(300); // several backoff periods

            assertEquals(1, attempts.get(), "a refusal is not retried by itself");
            assertTrue(lastOf(EngineEvent.LinkRefused.class).reason().contains("another-pair"),
                    lastOf(EngineEvent.LinkRefused.class).reason());
            assertNotNull(primary.outage(), "writes go on locally while refused");

            supervisor.retry();
            await(() -> attempts.get() == 2, "the retry the administrator asked for");
        }
    }

    @Test
    void aLinkHeldDownStaysDownUntilReleased() throws Exception {
        int port = freePort();
        startSecondary(port, PAIR);
        try (LinkSupervisor supervisor = supervise(connectorTo(port, PAIR, new AtomicInteger()))) {
            await(() -> supervisor.state() == LinkSupervisor.State.CONNECTED, "the first connection");
            primary.write(0, randomBlock());

            supervisor.hold("drill: the administrator interrupted the link");
            Thread.sleep(200);
            assertEquals(LinkSupervisor.State.HELD, supervisor.state());
            assertEquals("drill: the administrator interrupted the link", primary.outage().reason());
            for (int i = 0; i < 20; i++) {
                assertEquals(0, primary.write(randomOffset(), randomBlock()), "written locally only");
            }

            supervisor.release();
            await(() -> primary.outage() == null, "the resync after the release");
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
            assertArrayEquals(sha256(primaryVolume), sha256(secondaryVolume));
        }
    }

    private LinkSupervisor supervise(LinkSupervisor.Connector connector) {
        return new LinkSupervisor(primary, primaryVolume, connector, Duration.ofMillis(20), Duration.ofMillis(100),
                Thread::new);
    }

    private LinkSupervisor.Connector connectorTo(int port, PairHandshake handshake, AtomicInteger attempts) {
        GrpcLinkConnector grpc = new GrpcLinkConnector(new InetSocketAddress("127.0.0.1", port), handshake,
                Duration.ofSeconds(5), nodes.primary);
        return primary -> {
            attempts.incrementAndGet();
            return grpc.connect(primary);
        };
    }

    private void startSecondary(int port, PairHandshake handshake) throws IOException {
        SecondaryApplier applier = SecondaryApplier.open(context, secondaryVolume,
                directory.resolve("secondary-replication"));
        secondary = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", port),
                nodes.secondary, handshake, applier);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private long randomOffset() {
        return (long) random.nextInt(SIZE / BLOCK) * BLOCK;
    }

    private ByteBuffer randomBlock() {
        byte[] data = new byte[BLOCK];
        random.nextBytes(data);
        return ByteBuffer.wrap(data);
    }

    private <T extends EngineEvent> T lastOf(Class<T> type) {
        List<T> all = events.stream().filter(type::isInstance).map(type::cast).toList();
        assertTrue(!all.isEmpty(), "no " + type.getSimpleName() + " event");
        return all.get(all.size() - 1);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, () -> what);
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), () -> "timed out waiting for " + what.get());
    }

    private static byte[] sha256(Volume volume) throws Exception {
        ByteBuffer all = ByteBuffer.allocate((int) volume.geometry().sizeBytes());
        volume.read(0, all);
        return MessageDigest.getInstance("SHA-256").digest(all.array());
    }
}
