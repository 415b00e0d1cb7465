package dev.mirrorline.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.testsupport.FileDigests;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.replication.ReplicationMode;

/**
 * A primary on one node replicating to a secondary hosted by another node (an agent), over mutual
 * TLS on loopback: pairing with a one-time token, replication, an agent restart in between, and
 * the refusals a stranger gets.
 */
class SecondaryHostTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long SIZE = 8L << 20;
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    @TempDir
    Path directory;

    private final List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();

    @Test
    void aPrimaryPairedWithATokenReplicatesToTheAgentsSecondaryAcrossAnAgentRestart() throws Exception {
        Path secondaryImage = directory.resolve("agent-volumes/remote-secondary.img");
        Path primaryImage = directory.resolve("primary.img");
        String token;
        int port;
        MirrorlineNode agent = MirrorlineNode.open(directory.resolve("agent"), listenerFailures::add);
        try (MirrorlineNode primaryNode = MirrorlineNode.open(directory.resolve("primary"), listenerFailures::add)) {
            SecondaryHost host = agent.secondaryHost();
            host.host(new SecondaryHost.Spec("remote", secondaryImage, SIZE, MirrorlineNode.DEFAULT_CHUNK_SIZE));
            port = host.listen(ANY_LOOPBACK_PORT).getPort();
            token = host.issuePairingToken("remote", Duration.ofMinutes(5));
            assertEquals("Confirm the certificate fingerprint of the agent at 127.0.0.1:" + port,
                    primaryNode.problemWith(remoteSpec("remote", primaryImage, port, "")).orElse(null));

            var paired = primaryNode.pairWithSecondary("127.0.0.1", port, token, Duration.ofSeconds(10));

            assertEquals("remote", paired.pairId());
            assertEquals(agent.fingerprint(), paired.secondary().toString());
            PairSpec spec = remoteSpec("remote", primaryImage, port, paired.secondary().toString());
            assertEquals(List.of(agent.fingerprint()), primaryNode.pinnedPeersOf("remote"));
            assertEquals(List.of(primaryNode.fingerprint()), host.secondaries().get(0).primaries());
            Pair pair = primaryNode.createPair(spec);
            await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + pair.status());
            pair.startLoad();
            Thread.sleep(300);

            agent.close(); // the agent goes away mid-load: the primary goes on alone
            await(() -> pair.status().state() == PairState.INTERRUPTED, () -> "INTERRUPTED, not " + pair.status());
            Thread.sleep(200);
            agent = MirrorlineNode.open(directory.resolve("agent"), listenerFailures::add);
            assertEquals(port, agent.secondaryHost().listen(new InetSocketAddress("127.0.0.1", port)).getPort());

            await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT again, not " + pair.status());
            pair.stopLoad();
            await(() -> pair.status().unacknowledgedUpdates() == 0 && pair.status().state() == PairState.CONSISTENT,
                    () -> "everything acknowledged, not " + pair.status());
        } finally {
            agent.close();
        }
        byte[] zeros = FileDigests.sha256(Files.write(directory.resolve("zeros.img"), new byte[(int) SIZE]));
        assertFalse(java.util.Arrays.equals(FileDigests.sha256(primaryImage), zeros), "the load wrote to the primary");
        assertArrayEquals(FileDigests.sha256(primaryImage), FileDigests.sha256(secondaryImage),
                "the agent's volume equals the primary's");
        assertEquals(List.of(), listenerFailures);
    }

    @Test
    void aStrangerAndAPairTheAgentDoesNotServeAreRefusedWithTheReason() throws Exception {
        try (MirrorlineNode agent = MirrorlineNode.open(directory.resolve("agent"), listenerFailures::add);
                MirrorlineNode stranger = MirrorlineNode.open(directory.resolve("stranger"), listenerFailures::add)) {
            SecondaryHost host = agent.secondaryHost();
            host.host(new SecondaryHost.Spec("remote", directory.resolve("secondary.img"), SIZE,
                    MirrorlineNode.DEFAULT_CHUNK_SIZE));
            int port = host.listen(ANY_LOOPBACK_PORT).getPort();
            String token = host.issuePairingToken("remote", Duration.ofMinutes(5));

            IOException wrongToken = assertThrows(IOException.class, () -> stranger.pairWithSecondary("127.0.0.1", port,
                    token.replaceFirst("^.", token.charAt(0) == 'A' ? "B" : "A"), Duration.ofSeconds(10)));
            assertTrue(wrongToken.getMessage().contains("Unknown pairing token"), wrongToken.getMessage());

            stranger.pairWithSecondary("127.0.0.1", port, token, Duration.ofSeconds(10));
            IOException again = assertThrows(IOException.class,
                    () -> stranger.pairWithSecondary("127.0.0.1", port, token, Duration.ofSeconds(10)));
            assertTrue(again.getMessage().contains("already used"), again.getMessage());

            // paired for "remote" only: a pair of another name finds no secondary there
            Pair other = stranger.createPair(remoteSpec("other", directory.resolve("other.img"), port,
                    agent.fingerprint())); // trusted by the fingerprint read off the agent
            await(() -> other.status().lastError() != null && other.status().lastError().contains("serves no"
                    + " secondary for the pair 'other'"), () -> "refused for the pair's name, not " + other.status());
            assertFalse(other.status().state() == PairState.CONSISTENT);
        }
    }

    @Test
    void aPrimaryTheAgentDoesNotTrustIsRefusedAndTheRefusalIsInTheAgentsEventLog() throws Exception {
        List<EngineEvent> agentEvents = new CopyOnWriteArrayList<>();
        try (MirrorlineNode agent = MirrorlineNode.open(directory.resolve("agent"), listenerFailures::add);
                MirrorlineNode stranger = MirrorlineNode.open(directory.resolve("stranger"), listenerFailures::add)) {
            agent.events().addListener(agentEvents::add);
            SecondaryHost host = agent.secondaryHost();
            host.host(new SecondaryHost.Spec("remote", directory.resolve("secondary.img"), SIZE,
                    MirrorlineNode.DEFAULT_CHUNK_SIZE));
            int port = host.listen(ANY_LOOPBACK_PORT).getPort();

            // the stranger trusts the agent, but the agent never pinned the stranger
            Pair refused = stranger.createPair(remoteSpec("remote", directory.resolve("stranger.img"), port,
                    agent.fingerprint()));

            await(() -> agentEvents.stream().anyMatch(EngineEvent.PeerRefused.class::isInstance),
                    () -> "a PeerRefused event on the agent, not " + agentEvents);
            EngineEvent.PeerRefused event = (EngineEvent.PeerRefused) agentEvents.stream()
                    .filter(EngineEvent.PeerRefused.class::isInstance).findFirst().orElseThrow();
            assertTrue(event.certificate() != null && event.certificate().contains(stranger.fingerprint()),
                    event.toString());
            assertTrue(event.reason().contains("is pinned for no pair"), event.reason());
            assertFalse(refused.status().state() == PairState.CONSISTENT);
        }
    }

    @Test
    void hostingRefusesWhatCannotWork() throws Exception {
        try (MirrorlineNode agent = MirrorlineNode.open(directory.resolve("agent"), listenerFailures::add)) {
            SecondaryHost host = agent.secondaryHost();
            Path image = directory.resolve("a.img");
            host.host(new SecondaryHost.Spec("a", image, SIZE, 4096));

            assertEquals("This node hosts the secondary of a already",
                    problem(host, new SecondaryHost.Spec("a", directory.resolve("b.img"), SIZE, 4096)));
            assertEquals(image + " is the secondary of a already",
                    problem(host, new SecondaryHost.Spec("b", image, 0, 4096)));
            assertEquals("The secondary volume " + directory.resolve("missing.img") + " does not exist",
                    problem(host, new SecondaryHost.Spec("b", directory.resolve("missing.img"), 0, 4096)));
            assertEquals("The chunk size must be a power of two of at least 4096 bytes, not 5000",
                    problem(host, new SecondaryHost.Spec("b", directory.resolve("b.img"), SIZE, 5000)));
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> host.issuePairingToken("b", Duration.ofMinutes(1)));
            assertEquals("This node hosts no secondary for b", unknown.getMessage());

            assertTrue(host.remove("a", false));
            assertTrue(Files.exists(image), "the volume is kept unless asked");
            assertEquals(List.of(), host.secondaries());
        }
        try (MirrorlineNode reopened = MirrorlineNode.open(directory.resolve("agent"), listenerFailures::add)) {
            assertEquals(List.of(), reopened.secondaryHost().secondaries(), "the removal is recorded");
        }
    }

    private static String problem(SecondaryHost host, SecondaryHost.Spec spec) {
        return host.problemWith(spec).orElse(null);
    }

    private static PairSpec remoteSpec(String name, Path primaryImage, int port, String agentFingerprint) {
        return new PairSpec(name, primaryImage, SIZE, new PairSpec.RemoteSecondary("127.0.0.1", port,
                agentFingerprint),
                ReplicationMode.ASYNCHRONOUS, MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                Duration.ofSeconds(2));
    }


    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), () -> "timed out waiting for " + what.get());
    }
}
