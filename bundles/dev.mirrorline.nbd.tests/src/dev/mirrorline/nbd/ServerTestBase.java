package dev.mirrorline.nbd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.volume.Volume;

/** A 4 MiB volume exported as "disk" by a server on 127.0.0.1 at a free port. */
abstract class ServerTestBase {

    static final int SIZE = 4 << 20;
    static final int BLOCK = 4096;
    static final String EXPORT = "disk";

    @TempDir
    Path directory;

    final EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        throw e;
    }));
    Volume volume;
    VolumeTarget target;
    NbdServer server;

    @BeforeEach
    void startServer() throws IOException {
        volume = Volume.create(context, directory.resolve("disk.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("disk-state"));
        target = VolumeTarget.writable(volume);
        server = new NbdServer(settings());
        server.addExport(EXPORT, target);
        server.start();
    }

    /** @return the server's settings; tests override to tighten limits */
    NbdServerSettings settings() {
        return NbdServerSettings.defaults().withLoopbackPort(0);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.stop();
        volume.close();
    }

    InetSocketAddress address() {
        return server.address();
    }

    RawNbdClient connect() throws IOException {
        return new RawNbdClient(address()).fixedNewstyle();
    }

    byte[] volumeBytes(long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        volume.read(offset, buffer);
        return buffer.array();
    }

    static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
