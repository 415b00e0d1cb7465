package dev.mirrorline.nbd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mirrorline.testsupport.LoopbackTcpProxy;
import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.PrimaryReplicator;
import dev.mirrorline.engine.replication.ReplicationSettings;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;
import dev.mirrorline.transport.GrpcLinkConnector;
import dev.mirrorline.transport.NodeServer;
import dev.mirrorline.transport.ReplicationClient;
import dev.mirrorline.transport.TransportSecurity;

/**
 * A primary and a secondary replicating over real gRPC on 127.0.0.1 through a {@link LoopbackTcpProxy},
 * both exported by one NBD server: "primary" through the replication write path, "secondary"
 * read-only.
 */
final class ReplicatedPair implements AutoCloseable {

    static final String PRIMARY = "primary";
    static final String SECONDARY = "secondary";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    final EngineContext context;
    final Volume primaryVolume;
    final Volume secondaryVolume;
    final InFlightLog log;
    final SecondaryApplier applier;
    final NodeServer secondary;
    final LoopbackTcpProxy proxy;
    final PrimaryReplicator primary;
    final NbdServer nbd;
    final VolumeTarget secondaryTarget;
    private final PairHandshake pair;
    private ReplicationClient link;

    ReplicatedPair(Path directory, long size, ReplicationSettings settings) throws IOException {
        EventDispatcher dispatcher = new EventDispatcher(Runnable::run, e -> {
            throw e;
        });
        dispatcher.addListener(events::add);
        java.nio.file.Files.createDirectories(directory);
        context = EngineContext.system(dispatcher);
        pair = new PairHandshake("nbd-pair", VolumeGeometry.ofSize(size), settings.chunkSize(),
                PairHandshake.PROTOCOL_VERSION);
        secondaryVolume = Volume.create(context, directory.resolve("secondary.img"), VolumeGeometry.ofSize(size),
                directory.resolve("secondary-state"));
        applier = SecondaryApplier.open(context, secondaryVolume, directory.resolve("secondary-replication"));
        secondary = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0),
                TransportSecurity.plaintextForLoopbackTesting(), pair, applier);
        proxy = new LoopbackTcpProxy(secondary.port());
        primaryVolume = Volume.create(context, directory.resolve("primary.img"), VolumeGeometry.ofSize(size),
                directory.resolve("primary-state"));
        log = InFlightLog.open(context.storage(), directory.resolve("in-flight"), InFlightLogConfig.defaults(),
                Clock.system());
        primary = new PrimaryReplicator(primaryVolume, log, settings, directory.resolve("primary-replication"),
                Thread::new);
        nbd = new NbdServer(NbdServerSettings.defaults().withLoopbackPort(0));
        nbd.addExport(PRIMARY, new ReplicatedVolumeTarget(primaryVolume, primary));
        secondaryTarget = VolumeTarget.readOnly(secondaryVolume);
        nbd.addExport(SECONDARY, secondaryTarget);
        nbd.start();
    }

    String uri(String export) {
        return "nbd://127.0.0.1:" + nbd.address().getPort() + "/" + export;
    }

    /** Connects the replication link through the proxy; the primary resynchronises the secondary if needed. */
    void connectLink() throws Exception {
        ReplicationClient connected = new GrpcLinkConnector(new InetSocketAddress("127.0.0.1", proxy.port()), pair,
                CONNECT_TIMEOUT, TransportSecurity.plaintextForLoopbackTesting()).open(primary);
        primary.reconnect(connected, connected.lastAppliedAtConnect(), connected.secondaryGenerations());
        link = connected;
    }

    /** Cuts the network path and waits until the primary has declared the outage. */
    void cutLink(Duration timeout) throws Exception {
        proxy.cut();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (primary.outage() == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the primary did not declare the cut link down within " + timeout);
            }
            Thread.sleep(10);
        }
        link.close();
        link = null;
    }

    /** Restores the network path and reconnects: the resync begins. */
    void restoreLink() throws Exception {
        proxy.restore();
        connectLink();
    }

    /** Waits until no outage is left and the secondary acknowledged everything written. */
    void awaitInSync(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (primary.outage() != null || primary.acknowledged() < log.highestAssigned()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not in sync within " + timeout + ": outage " + primary.outage()
                        + ", acknowledged " + primary.acknowledged() + " of " + log.highestAssigned());
            }
            Thread.sleep(10);
        }
    }

    static byte[] sha256(Volume volume) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        for (long offset = 0; offset < volume.geometry().sizeBytes(); offset += chunk.capacity()) {
            chunk.clear();
            volume.read(offset, chunk);
            digest.update(chunk.array());
        }
        return digest.digest();
    }

    @Override
    public void close() throws Exception {
        nbd.stop();
        if (link != null) {
            link.close();
        }
        primary.close();
        proxy.close();
        secondary.close();
        log.close();
        primaryVolume.close();
        secondaryVolume.close();
    }
}
