package dev.mirrorline.transport;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.volume.Volume;

/**
 * A secondary node in a process of its own, for tests that kill it: serves the replication
 * stream for one volume on 127.0.0.1, in plaintext, until it is killed.
 *
 * <p>Arguments: volume image (created if missing), state directory, volume size in bytes, pair id.
 * Prints {@code LISTENING <port>} once it accepts connections.
 */
public final class SecondaryProcess {

    private SecondaryProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        Path state = Path.of(args[1]);
        VolumeGeometry geometry = VolumeGeometry.ofSize(Long.parseLong(args[2]));
        EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        }));
        Volume volume = Files.exists(image) ? Volume.open(context, image, geometry.blockSize(), state.resolve("volume"))
                : Volume.create(context, image, geometry, state.resolve("volume"));
        SecondaryApplier applier = SecondaryApplier.open(context, volume, state.resolve("replication"));
        NodeServer server = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0),
                TransportSecurity.plaintextForLoopbackTesting(), new PairHandshake(args[3], geometry, geometry.blockSize(),
                        PairHandshake.PROTOCOL_VERSION), applier);
        System.out.println("LISTENING " + server.port());
        System.out.flush();
        new CountDownLatch(1).await(); // until killed; the test bounds its life
    }
}
