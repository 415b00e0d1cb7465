package dev.mirrorline.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.transport.CertificateFingerprint;
import dev.mirrorline.transport.NodeIdentity;
import dev.mirrorline.transport.NodeServer;
import dev.mirrorline.transport.PinnedPeers;
import dev.mirrorline.transport.TransportSecurity;

/**
 * A pair whose secondary is served by an agent on another node (here a second identity on
 * 127.0.0.1): the agent probed before pairing (unreachable, not Mirrorline, not paired yet, paired),
 * its fingerprint pinned when the pair is created, and replication over mutual TLS to it.
 */
class RemoteSecondaryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final long SIZE = 4L << 20;
    private static final String PAIR = "remote-pair";

    @TempDir
    Path directory;

    private final List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();
    private final EngineContext agentContext = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        throw e;
    }));
    private MirrorlineNode node;
    private NodeIdentity agentIdentity;
    private PinnedPeers agentPins;
    private Volume agentVolume;
    private NodeServer agent;

    @BeforeEach
    void openTheConsoleNodeAndTheAgent() throws IOException {
        node = MirrorlineNode.open(directory.resolve("console"), listenerFailures::add);
        agentIdentity = NodeIdentity.loadOrCreate(directory.resolve("agent"), "agent");
        agentPins = PinnedPeers.open(directory.resolve("agent").resolve("pinned-peers"));
        agentVolume = Volume.create(agentContext, directory.resolve("agent-secondary.img"),
                VolumeGeometry.ofSize(SIZE), directory.resolve("agent-volume"));
        agent = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0),
                TransportSecurity.mutualTls(agentIdentity, agentPins),
                new PairHandshake(PAIR, agentVolume.geometry(), MirrorlineNode.DEFAULT_CHUNK_SIZE,
                        PairHandshake.PROTOCOL_VERSION),
                SecondaryApplier.open(agentContext, agentVolume, directory.resolve("agent-replication")));
    }

    @AfterEach
    void closeThem() throws IOException {
        node.close();
        agent.close();
        agentVolume.close();
        assertEquals(List.of(), listenerFailures);
    }

    @Test
    void aClosedPortIsReportedUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RemoteProbe probe = node.probeRemote("127.0.0.1", closedPort, PROBE_TIMEOUT);

        assertTrue(probe.problem().orElseThrow().startsWith("Peer 127.0.0.1:" + closedPort + " is unreachable"),
                probe.toString());
        assertNull(probe.fingerprint());
    }

    @Test
    void aServerThatIsNotAMirrorlineAgentIsReportedIncompatible() throws Exception {
        try (ServerSocket web = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket client = web.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the probe hung up first
                }
            });
            server.start();
            RemoteProbe probe = node.probeRemote("127.0.0.1", web.getLocalPort(), PROBE_TIMEOUT);
            server.join();

            assertTrue(probe.problem().orElseThrow().contains("did not complete a TLS handshake"), probe.toString());
        }
    }

    @Test
    void anAgentNotPairedYetShowsItsFingerprintAndThatItDoesNotKnowThisNode() {
        RemoteProbe probe = node.probeRemote("127.0.0.1", agent.port(), PROBE_TIMEOUT);

        assertEquals(Optional.empty(), probe.problem());
        assertEquals(agentIdentity.fingerprint().toString(), probe.fingerprint());
        assertFalse(probe.admitsThisNode());
        assertNull(probe.nodeName());
    }

    @Test
    void aPairWithAConfirmedAgentReplicatesToItAndItsPinGoesWithIt() throws Exception {
        agentPins.pin(PAIR, CertificateFingerprint.parse(node.fingerprint()));
        RemoteProbe probe = node.probeRemote("127.0.0.1", agent.port(), PROBE_TIMEOUT);
        assertEquals(Optional.empty(), probe.problem());
        assertTrue(probe.admitsThisNode());
        assertEquals("secondary of " + PAIR, probe.nodeName());

        PairSpec spec = new PairSpec(PAIR, directory.resolve("primary.img"), SIZE,
                new PairSpec.RemoteSecondary("127.0.0.1", agent.port(), probe.fingerprint()),
                ReplicationMode.SYNCHRONOUS, MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                MirrorlineNode.DEFAULT_LINK_TIMEOUT);
        assertEquals(Optional.empty(), node.problemWith(spec));
        Pair pair = node.createPair(spec);
        await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + pair.status());
        assertEquals("127.0.0.1:" + agent.port(), pair.secondaryDescription());

        node.deletePair(PAIR, true);
        assertFalse(Files.exists(directory.resolve("primary.img")));
        assertEquals(Optional.empty(), node.problemWith(spec), "the name and the primary are free again");
    }

    @Test
    void aRemoteSecondaryNeedsAConfirmedWellFormedFingerprint() throws IOException {
        Path primary = directory.resolve("p.img");
        Files.write(primary, new byte[8192]);

        assertEquals("Confirm the certificate fingerprint of the agent at agent.example:7400",
                node.problemWith(remote(primary, "")).orElse(null));
        assertEquals("A certificate fingerprint is hex digits, optionally separated by colons: 'AB:CD:XY' is not",
                node.problemWith(remote(primary, "AB:CD:XY")).orElse(null));
        assertEquals(Optional.empty(), node.problemWith(remote(primary, agentIdentity.fingerprint().toString())));
    }

    @Test
    void eachPartIsCheckedOnItsOwn() throws IOException {
        Path primary = directory.resolve("p.img");
        Files.write(primary, new byte[8192]);
        PairSpec badNameGoodRest = new PairSpec("no spaces please", primary, 0,
                new PairSpec.LocalSecondary(directory.resolve("s.img"), true), ReplicationMode.ASYNCHRONOUS,
                MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                MirrorlineNode.DEFAULT_LINK_TIMEOUT);
        PairSpec goodNameNoSecondary = new PairSpec("p", primary, 0, new PairSpec.LocalSecondary(Path.of(""), false),
                ReplicationMode.ASYNCHRONOUS, MirrorlineNode.DEFAULT_WINDOW_BYTES, 3000,
                MirrorlineNode.DEFAULT_LINK_TIMEOUT);

        assertTrue(node.problemWith(badNameGoodRest, PairSpec.Part.NAME_AND_PRIMARY).isPresent());
        assertEquals(Optional.empty(), node.problemWith(badNameGoodRest, PairSpec.Part.SECONDARY));
        assertEquals(Optional.empty(), node.problemWith(badNameGoodRest, PairSpec.Part.REPLICATION));
        assertEquals(Optional.empty(), node.problemWith(goodNameNoSecondary, PairSpec.Part.NAME_AND_PRIMARY));
        assertEquals("Choose the secondary volume",
                node.problemWith(goodNameNoSecondary, PairSpec.Part.SECONDARY).orElse(null));
        assertEquals("The chunk size must be a power of two from 4 KiB to 1 MiB",
                node.problemWith(goodNameNoSecondary, PairSpec.Part.REPLICATION).orElse(null));
        assertEquals("Choose the secondary volume", node.problemWith(goodNameNoSecondary).orElse(null));
    }

    @Test
    void anEmptyFileOrADirectoryIsNoVolume() throws IOException {
        Path empty = Files.createFile(directory.resolve("empty.img"));

        assertEquals("The primary volume " + empty + " is empty",
                node.problemWith(local(empty), PairSpec.Part.NAME_AND_PRIMARY).orElse(null));
        assertEquals("The primary volume " + directory + " is a directory: choose an image file or a block device",
                node.problemWith(local(directory), PairSpec.Part.NAME_AND_PRIMARY).orElse(null));
    }

    private PairSpec remote(Path primary, String fingerprint) {
        return new PairSpec("r", primary, 0, new PairSpec.RemoteSecondary("agent.example", 7400, fingerprint),
                ReplicationMode.ASYNCHRONOUS, MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                MirrorlineNode.DEFAULT_LINK_TIMEOUT);
    }

    private PairSpec local(Path primary) {
        return new PairSpec("l", primary, 0, new PairSpec.LocalSecondary(directory.resolve("s.img"), true),
                ReplicationMode.ASYNCHRONOUS, MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                MirrorlineNode.DEFAULT_LINK_TIMEOUT);
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), () -> "timed out waiting for " + what.get());
    }
}
