package dev.mirrorline.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.testsupport.FileDigests;
import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.node.PairState;

/**
 * The agent as a process of its own serving a primary in this JVM over mutual TLS on loopback:
 * pairing with the token it prints, a clean stop on SIGTERM, and a kill -9 in the middle of a
 * resync, after which the restarted agent finishes it and the volumes end byte-for-byte equal.
 */
class AgentProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final long SIZE = 128L << 20;
    private static final int WRITE = 64 << 10;

    @TempDir
    Path directory;

    private final List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();

    @Test
    void anAgentStopsCleanlyOnSigtermAndOneKilledDuringAResyncRecoversAndFinishesIt() throws Exception {
        Path state = directory.resolve("agent");
        Path secondaryImage = directory.resolve("agent-volumes/db.img");
        Path primaryImage = directory.resolve("primary.img");
        Random random = new Random(20261125);
        int port;
        try (MirrorlineNode primaryNode = MirrorlineNode.open(directory.resolve("primary"), listenerFailures::add)) {
            Pair pair;
            try (JvmProcess agent = JvmProcess.agent(List.of(), "--state-dir", state.toString(), "--listen",
                    "127.0.0.1:0", "--secondary", "db=" + secondaryImage + ",size=128M", "--pairing-token", "db")) {
                port = agent.port();
                String agentFingerprint = primaryNode.pairWithSecondary("127.0.0.1", port, agent.pairingToken("db"),
                        Duration.ofSeconds(10)).secondary().toString();
                pair = primaryNode.createPair(new PairSpec("db", primaryImage, SIZE,
                        new PairSpec.RemoteSecondary("127.0.0.1", port, agentFingerprint), ReplicationMode.ASYNCHRONOUS,
                        MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE, Duration.ofSeconds(2)));
                await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + pair.status());
                write(pair, random, 128); // 8 MiB replicated as they come
                await(() -> pair.status().unacknowledgedUpdates() == 0, () -> "all acknowledged, not " + pair.status());

                int exit = agent.terminate();
                String logged = Files.readString(state.resolve("agent.log"));
                assertTrue(logged.contains(" stopped cleanly"), () -> "the agent should log that it stopped cleanly (exit "
                        + exit + "): " + logged + "\nstdout: " + agent.lines());
                assertTrue(agent.lines().stream().anyMatch(line -> line.endsWith(" stopped cleanly")),
                        () -> "the agent should say it stopped cleanly on its standard output (exit " + exit + "): "
                                + agent.lines());
            }
            await(() -> pair.status().state() == PairState.INTERRUPTED, () -> "INTERRUPTED, not " + pair.status());
            write(pair, random, 1200); // 75 MiB while the agent is away: the resync has much to send

            String[] sameAgent = { "--state-dir", state.toString(), "--listen", "127.0.0.1:" + port };
            try (JvmProcess agent = JvmProcess.agent(List.of(), sameAgent)) {
                await(() -> pair.status().state() == PairState.RESYNCING && pair.status().resyncProgress() > 0,
                        () -> "a resync under way, not " + pair.status());
                double progress = pair.status().resyncProgress();
                agent.kill();
                assertTrue(progress < 1, "killed before the resync finished: " + progress);
                assertFalse(agent.lines().stream().anyMatch(line -> line.endsWith(" stopped cleanly")));
            }
            await(() -> pair.status().state() == PairState.INTERRUPTED, () -> "INTERRUPTED, not " + pair.status());
            write(pair, random, 16);

            try (JvmProcess agent = JvmProcess.agent(List.of(), sameAgent)) {
                await(() -> pair.status().state() == PairState.CONSISTENT && pair.status().unacknowledgedUpdates() == 0,
                        () -> "CONSISTENT with all acknowledged, not " + pair.status());
                primaryNode.deletePair("db", false); // closes the primary; the images stay
                agent.terminate();
            }
        }
        assertArrayEquals(FileDigests.sha256(primaryImage), FileDigests.sha256(secondaryImage),
                "the agent's volume equals the primary's");
        assertEquals(List.of(), listenerFailures);
    }

    private static void write(Pair pair, Random random, int count) throws Exception {
        byte[] data = new byte[WRITE];
        for (int i = 0; i < count; i++) {
            random.nextBytes(data);
            long offset = (long) random.nextInt((int) (SIZE / WRITE)) * WRITE;
            pair.write(offset, ByteBuffer.wrap(data));
        }
    }


    static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), () -> "timed out waiting for " + what.get());
    }
}
