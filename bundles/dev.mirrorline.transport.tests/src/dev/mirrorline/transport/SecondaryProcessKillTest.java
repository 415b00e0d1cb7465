package dev.mirrorline.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.PrimaryReplicator;
import dev.mirrorline.engine.replication.ReplicationSettings;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.testsupport.ChildJvm;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;

/**
 * The secondary in a process of its own, killed with SIGKILL in the middle of a resync and
 * restarted: the primary declares the outage again, resynchronises the restarted secondary, and
 * the secondary's image ends byte-for-byte equal to the primary.
 */
class SecondaryProcessKillTest {

    private static final int SIZE = 64 << 20;
    private static final int BLOCK = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final PairHandshake PAIR = new PairHandshake("kill-pair", VolumeGeometry.ofSize(SIZE), BLOCK,
            PairHandshake.PROTOCOL_VERSION);

    @TempDir
    Path directory;

    @Test
    void aSecondaryKilledDuringTheResyncAndRestartedEndsEqualToThePrimary() throws Exception {
        EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        }));
        Random random = new Random(12);
        try (Volume primaryVolume = Volume.create(context, directory.resolve("primary.img"),
                VolumeGeometry.ofSize(SIZE), directory.resolve("p"));
                InFlightLog log = InFlightLog.open(context.storage(), directory.resolve("log"),
                        InFlightLogConfig.defaults(), Clock.system());
                PrimaryReplicator primary = new PrimaryReplicator(primaryVolume, log,
                        ReplicationSettings.defaults().withLinkTimeout(Duration.ofSeconds(2)), directory.resolve("r"),
                        Thread::new)) {
            Process secondary = startSecondary();
            ReplicationClient link = replicateTo(primary, secondary);
            write(primary, random, 200);
            assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));

            primary.declareLinkDown("the test took the link down");
            link.close();
            write(primary, random, 3000); // the outage: a resync of about 3000 chunks to come
            link = replicateTo(primary, secondary);
            long resyncStart = primary.acknowledged();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (primary.acknowledged() < resyncStart + 300 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            secondary.destroyForcibly(); // SIGKILL in the middle of the resync
            assertTrue(secondary.waitFor(30, TimeUnit.SECONDS));
            assertTrue(primary.outage() != null, "the resync was not finished");
            awaitLocalOnly(primary);
            link.close();
            write(primary, random, 100);

            secondary = startSecondary();
            try (ReplicationClient restarted = replicateTo(primary, secondary)) {
                deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (primary.outage() != null && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertNull(primary.outage(), "the resync should have finished");
                assertTrue(primary.awaitAcknowledged(log.highestAssigned(), TIMEOUT));
            } finally {
                secondary.destroyForcibly();
                secondary.waitFor(30, TimeUnit.SECONDS);
            }
            assertArrayEquals(sha256(primaryVolume), sha256(Files.readAllBytes(directory.resolve("secondary.img"))));
        }
    }

    private static void awaitLocalOnly(PrimaryReplicator primary) throws Exception {
        // the primary notices the dead peer (stream reset or link timeout) and writes locally again
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (primary.write(0, ByteBuffer.wrap(new byte[BLOCK])) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, primary.write(0, ByteBuffer.wrap(new byte[BLOCK])), "writes should be local only again");
    }

    private ReplicationClient replicateTo(PrimaryReplicator primary, Process secondary) throws Exception {
        ReplicationClient link = new GrpcLinkConnector(new InetSocketAddress("127.0.0.1", portOf(secondary)), PAIR,
                Duration.ofSeconds(10), TransportSecurity.plaintextForLoopbackTesting()).open(primary);
        primary.reconnect(link, link.lastAppliedAtConnect(), link.secondaryGenerations());
        return link;
    }

    private final java.util.Map<Process, Integer> ports = new java.util.HashMap<>();

    private int portOf(Process secondary) {
        return ports.get(secondary);
    }

    private Process startSecondary() throws Exception {
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                ChildJvm.classpath(SecondaryProcess.class, NodeServer.class, Volume.class), SecondaryProcess.class.getName(), directory.resolve("secondary.img").toString(),
                directory.resolve("s").toString(), Integer.toString(SIZE), PAIR.pairId())
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                String read;
                while ((read = output.readLine()) != null && !read.startsWith("LISTENING ")) {
                    seen.add(read);
                }
                return read;
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        assertTrue(line != null, "the secondary process should have started; it printed: " + seen
                + "; its classpath: " + ChildJvm.classpath(SecondaryProcess.class, NodeServer.class, Volume.class) + "; bundle locations: " + ChildJvm.bundleLocations(SecondaryProcessKillTest.class));
        ports.put(process, Integer.parseInt(line.substring("LISTENING ".length())));
        CompletableFuture.runAsync(() -> {
            try {
                output.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the process is gone
            }
        });
        return process;
    }

    private static void write(PrimaryReplicator primary, Random random, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[BLOCK];
            random.nextBytes(data);
            primary.write((long) BLOCK * random.nextInt(SIZE / BLOCK), ByteBuffer.wrap(data));
        }
    }

    private static byte[] sha256(Volume volume) throws Exception {
        ByteBuffer all = ByteBuffer.allocate((int) volume.geometry().sizeBytes());
        volume.read(0, all);
        return sha256(all.array());
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
