package dev.mirrorline.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.replication.ReplicationMode;

/**
 * The embedded engine as the console uses it: the demo pair on a fresh node, replicating over mutual
 * TLS on loopback; a link interrupted and restored; a node restarted during an outage; and the
 * checks that keep bad pairs from being created.
 */
class MirrorlineNodeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();

    @Test
    void aFreshNodeRunsTheDemoPairWhichSurvivesAnInterruptionAndVerifiesEqual() throws Exception {
        try (MirrorlineNode node = open()) {
            Pair demo = node.createDemoPairIfNone().orElseThrow();
            assertEquals(Optional.empty(), node.createDemoPairIfNone(), "only on a node without pairs");
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());
            assertTrue(demo.status().loadRunning());

            demo.interruptLink();
            assertEquals(PairState.INTERRUPTED, demo.status().state());
            Thread.sleep(300); // the load writes locally meanwhile
            assertTrue(demo.status().snapshotBytes() > 0, "the outage snapshot records the load's writes");

            List<PairState> seen = new CopyOnWriteArrayList<>();
            demo.restoreLink();
            await(() -> {
                PairState state = demo.status().state();
                if (seen.isEmpty() || seen.get(seen.size() - 1) != state) {
                    seen.add(state);
                }
                return state == PairState.CONSISTENT;
            }, () -> "CONSISTENT again, not " + demo.status());
            demo.stopLoad();

            Pair.VerifyResult result = demo.verify(bytes -> { }, () -> false);
            assertTrue(result.equal(), result.toString());
            assertEquals(List.of(), listenerFailures);
        }
    }

    @Test
    void aNodeRestartedDuringAnOutageFindsItAndResynchronises() throws Exception {
        try (MirrorlineNode node = open()) {
            Pair demo = node.createDemoPairIfNone().orElseThrow();
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());
            demo.interruptLink();
            Thread.sleep(300);
            demo.stopLoad();
            assertTrue(demo.status().snapshotBytes() > 0);
        }
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        try (MirrorlineNode node = MirrorlineNode.openWithoutStarting(directory.resolve("state"),
                listenerFailures::add)) {
            node.events().addListener(events::add); // before the pairs start: the resync can be quick
            node.startRecordedPairs();
            Pair demo = node.pair(MirrorlineNode.DEMO_PAIR).orElseThrow();
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());

            assertTrue(events.stream().anyMatch(EngineEvent.ResyncFinished.class::isInstance),
                    "the outage found at the start was resynchronised");
            assertTrue(demo.verify(bytes -> { }, () -> false).equal());
        }
    }

    @Test
    void theLinkIsHeldFromItsInterruptionUntilItsRestoreAndNotWhenItMerelyRetries() throws Exception {
        try (MirrorlineNode node = open()) {
            Pair demo = node.createDemoPairIfNone().orElseThrow();
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());
            assertFalse(demo.linkHeld());

            demo.interruptLink();
            assertTrue(demo.linkHeld());
            demo.resyncNow(); // a retry does not lift the administrator's hold
            Thread.sleep(300);
            assertTrue(demo.linkHeld());
            assertEquals(PairState.INTERRUPTED, demo.status().state());

            demo.restoreLink();
            assertFalse(demo.linkHeld());
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT again, not " + demo.status());
            demo.stopLoad();
        }
    }

    @Test
    void stoppingTheWriteLoadInTheMiddleOfItsWritesLeavesThePairReplicating() throws Exception {
        try (MirrorlineNode node = open()) {
            Pair demo = node.createDemoPairIfNone().orElseThrow();
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());
            for (int i = 0; i < 40; i++) { // a stop that lands during a write must not break the pair
                demo.stopLoad();
                demo.startLoad();
                Thread.sleep(15);
            }
            demo.stopLoad();

            assertEquals(null, demo.status().lastError());
            Pair.VerifyResult result = demo.verify(bytes -> { }, () -> false);
            assertTrue(result.equal(), result.toString());
            assertEquals(PairState.CONSISTENT, demo.status().state());
        }
    }

    @Test
    void aResyncRateLimitHoldsTheResyncUntilLiftedAndIsRecordedWithThePair() throws Exception {
        try (MirrorlineNode node = open()) {
            Pair demo = node.createDemoPairIfNone().orElseThrow();
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());
            demo.stopLoad();
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> demo.setResyncRate(1000));
            assertEquals("The resync rate limit must be at least 64 KiB/s, or 0 for no limit", refused.getMessage());
            demo.setResyncRate(MirrorlineNode.MINIMUM_RESYNC_RATE);

            demo.interruptLink();
            java.util.Random random = new java.util.Random(5);
            for (int i = 0; i < 256; i++) { // 1 MiB in distinct chunks: some 16 seconds at 64 KiB/s
                byte[] block = new byte[4096];
                random.nextBytes(block);
                demo.write(i * 65536L, java.nio.ByteBuffer.wrap(block));
            }
            demo.restoreLink();
            await(() -> demo.status().state() == PairState.RESYNCING, () -> "RESYNCING, not " + demo.status());
            Thread.sleep(1000);
            assertEquals(PairState.RESYNCING, demo.status().state(), "a second later, the limited resync goes on");

            demo.setResyncRate(0);
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());
            assertTrue(demo.verify(bytes -> { }, () -> false).equal());
            demo.setResyncRate(10L << 20);
        }
        try (MirrorlineNode node = open()) {
            assertEquals(10L << 20, node.pair(MirrorlineNode.DEMO_PAIR).orElseThrow().spec().resyncBytesPerSecond(),
                    "the limit last set is recorded with the pair");
            node.pair(MirrorlineNode.DEMO_PAIR).orElseThrow().stopLoad();
        }
    }

    @Test
    void aPairMadeOfAPrimaryThatHoldsDataGivesTheSecondaryAFullCopyFirst() throws Exception {
        Path existing = directory.resolve("existing.img");
        byte[] data = new byte[4 << 20];
        new java.util.Random(21).nextBytes(data);
        Files.write(existing, data);
        try (MirrorlineNode node = open()) {
            List<EngineEvent> events = new CopyOnWriteArrayList<>();
            node.events().addListener(events::add);
            Pair pair = node.createPair(spec("existing", existing, local(directory.resolve("copy.img"), true)));
            await(() -> pair.status().state() == PairState.CONSISTENT
                    && events.stream().anyMatch(EngineEvent.ResyncFinished.class::isInstance),
                    () -> "CONSISTENT after the copy, not " + pair.status());

            EngineEvent.ResyncStarted started = events.stream().filter(EngineEvent.ResyncStarted.class::isInstance)
                    .map(EngineEvent.ResyncStarted.class::cast).findFirst().orElseThrow();
            assertEquals(1024, started.changedChunks(), "every 4 KiB chunk of the 4 MiB volume");
            Pair.VerifyResult result = pair.verify(bytes -> { }, () -> false);
            assertTrue(result.equal(), result.toString());
            assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(directory.resolve("copy.img"))),
                    "the secondary image holds the primary's data");
            node.deletePair("existing", false);
            assertEquals(List.of(), listenerFailures);
        }
    }

    @Test
    void badPairsAreRefusedWithAMessageThatSaysWhatIsWrong() throws Exception {
        try (MirrorlineNode node = open()) {
            node.createDemoPairIfNone().orElseThrow().stopLoad();
            Path small = directory.resolve("small.img");
            Files.write(small, new byte[8192]);
            Path big = directory.resolve("big.img");
            Files.write(big, new byte[16384]);
            Path demoPrimary = node.pair(MirrorlineNode.DEMO_PAIR).orElseThrow().spec().primaryImage();

            assertEquals("The primary volume " + directory.resolve("missing.img") + " does not exist",
                    problem(node, spec("p1", directory.resolve("missing.img"), local(big))));
            assertEquals("The volumes differ in size: the primary has 8192 bytes, the secondary 16384",
                    problem(node, spec("p1", small, local(big))));
            assertEquals("The primary volume " + demoPrimary + " is already in the pair demo",
                    problem(node, spec("p1", demoPrimary, local(big))));
            assertEquals("The secondary volume cannot be the primary volume itself",
                    problem(node, spec("p1", small, local(small))));
            assertEquals("A pair named demo exists already", problem(node, spec("demo", small, local(big))));
            assertEquals("The resync rate limit must be at least 64 KiB/s, or 0 for no limit",
                    problem(node, spec("p1", small, local(directory.resolve("small-copy.img"), true))
                            .withResyncRate(4096)));
            assertEquals(null, problem(node, spec("p1", small, local(directory.resolve("small-copy.img"), true))));
        }
    }

    private static String problem(MirrorlineNode node, PairSpec spec) {
        return node.problemWith(spec).orElse(null);
    }

    private static PairSpec spec(String name, Path primary, PairSpec.SecondaryLocation secondary) {
        return new PairSpec(name, primary, 0, secondary, ReplicationMode.ASYNCHRONOUS,
                MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                MirrorlineNode.DEFAULT_LINK_TIMEOUT);
    }

    private static PairSpec.LocalSecondary local(Path image) {
        return new PairSpec.LocalSecondary(image, false);
    }

    private static PairSpec.LocalSecondary local(Path image, boolean create) {
        return new PairSpec.LocalSecondary(image, create);
    }

    private MirrorlineNode open() throws IOException {
        return MirrorlineNode.open(directory.resolve("state"), listenerFailures::add);
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), () -> "timed out waiting for " + what.get());
    }
}
