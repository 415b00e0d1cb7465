package dev.mirrorline.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.replication.ReplicationMode;

/**
 * Roles that change on a pair with a local secondary, over real gRPC on loopback and real image
 * files: a planned switchover (demote, drain, switch) and back; a node restart in the reversed
 * direction; an unplanned failover whose old primary, coming back with its own writes, is refused
 * as a split brain until the failback, which sends only the chunks changed on either side.
 */
class PairRolesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int BLOCK = 4096;
    private static final long SIZE = 16L << 20;

    @TempDir
    Path directory;

    private final List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void afterASwitchoverWritesOnTheNewPrimaryArriveByteForByteOnTheNewSecondaryAndSwitchingBackRestoresTheRoles()
            throws Exception {
        try (MirrorlineNode node = open()) {
            Pair pair = createPair(node);
            pair.write(0, block(1));
            pair.demote("a planned switchover is under way");
            WritesRefusedException refused = assertThrows(WritesRefusedException.class, () -> pair.write(BLOCK,
                    block(2)));
            assertTrue(refused.getMessage().contains("primary.img") && refused.getMessage().contains("switchover"),
                    refused.getMessage());
            assertThrows(IllegalStateException.class, pair::startLoad);
            assertFalse(node.nbdExports().exportsOf("roles").isEmpty());

            Pair.Drained drained = pair.drain(TIMEOUT, () -> false);
            assertNotNull(drained);
            pair.switchRoles();
            assertEquals(PairDirection.REVERSED, pair.direction());
            assertEquals("secondary.img", pair.primaryVolumeName());
            assertEquals(volumes().resolve("primary.img").toString(), pair.secondaryDescription());
            assertTrue(pair.acceptsWrites());
            await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + pair.status());

            byte[] written = pattern(7);
            pair.write(5L * BLOCK, ByteBuffer.wrap(written));
            Pair.VerifyResult verify = pair.verify(bytes -> { }, () -> false);
            assertTrue(verify.equal(), verify.toString());
            assertArrayEquals(written, readImage("primary.img", 5L * BLOCK), "the write on the new primary is on the"
                    + " new secondary's image");
            assertEquals(List.of("DEMOTED", "PROMOTED", "GENERATIONS_ADOPTED", "REVERSED"), roleChanges());
            assertEquals(0, resyncsFinished(), "a switchover needs no resync");

            pair.demote("switching back");
            pair.drain(TIMEOUT, () -> false);
            pair.switchRoles();
            assertEquals(PairDirection.ORIGINAL, pair.direction());
            assertEquals("primary.img", pair.primaryVolumeName());
            await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + pair.status());
            byte[] again = pattern(9);
            pair.write(6L * BLOCK, ByteBuffer.wrap(again));
            assertTrue(pair.verify(bytes -> { }, () -> false).equal());
            assertArrayEquals(again, readImage("secondary.img", 6L * BLOCK));
        }
        assertEquals(List.of(), listenerFailures);
    }

    @Test
    void aNodeRestartedAfterASwitchoverComesBackInTheReversedDirection() throws Exception {
        try (MirrorlineNode node = open()) {
            Pair pair = createPair(node);
            pair.demote("a planned switchover is under way");
            pair.drain(TIMEOUT, () -> false);
            pair.switchRoles();
        }
        try (MirrorlineNode node = open()) {
            Pair pair = node.pair("roles").orElseThrow();
            assertEquals(PairDirection.REVERSED, pair.direction());
            assertEquals("secondary.img", pair.primaryVolumeName());
            await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + pair.status());
            byte[] written = pattern(3);
            pair.write(9L * BLOCK, ByteBuffer.wrap(written));
            assertTrue(pair.verify(bytes -> { }, () -> false).equal());
            assertArrayEquals(written, readImage("primary.img", 9L * BLOCK));
            assertEquals(0, resyncsFinished(), "the restart found both sides in sync");
        }
        assertEquals(List.of(), listenerFailures);
    }

    @Test
    void anOldPrimaryThatWroteAfterTheFailoverIsRefusedAsSplitBrainUntilTheFailbackWhichSendsOnlyTheChangedChunks()
            throws Exception {
        try (MirrorlineNode node = open()) {
            Pair pair = createPair(node);
            for (int i = 0; i < 32; i++) {
                pair.write(i * 2L * BLOCK, block(i + 1));
            }
            assertTrue(pair.verify(bytes -> { }, () -> false).equal());
            pair.interruptLink();
            // the old primary writes alone: 3 chunks its secondary never gets
            byte[] alone = pattern(11);
            pair.write(100L * BLOCK, ByteBuffer.wrap(alone));
            pair.write(101L * BLOCK, block(12));
            pair.write(2L * BLOCK, block(13));

            Pair.Failover failover = pair.failover("the test says it burnt down");
            assertEquals(0, failover.lostUpdates(), "everything before the cut was acknowledged");
            assertEquals(3, failover.oldPrimaryChangedChunks());
            assertEquals(PairDirection.REVERSED, pair.direction());
            assertEquals(PairState.INTERRUPTED, pair.status().state(), "the old primary is lost");
            assertTrue(pair.failbackPending());
            // the new primary takes writes: 2 chunks, one of them also written by the old primary
            pair.write(200L * BLOCK, block(21));
            pair.write(2L * BLOCK, block(22));

            pair.rejoinOldPrimary();
            await(() -> pair.status().state() == PairState.REFUSED, () -> "REFUSED, not " + pair.status());
            assertTrue(pair.status().lastError().contains("Split brain"), pair.status().lastError());
            assertArrayEquals(alone, readImage("primary.img", 100L * BLOCK), "the refused old primary is untouched");

            int mark = events.size();
            Pair.FailbackPlan plan = pair.failback();
            assertEquals(3, plan.oldPrimaryChunks());
            assertEquals(2, plan.promotedChunks());
            assertEquals(4, plan.unionChunks());
            await(() -> !pair.failbackRunning() && pair.status().state() == PairState.CONSISTENT,
                    () -> "the failback's end, not " + pair.status());
            Pair.VerifyResult verify = pair.verify(bytes -> { }, () -> false);
            assertTrue(verify.equal(), verify.toString());
            assertArrayEquals(readImage("secondary.img", 100L * BLOCK), readImage("primary.img", 100L * BLOCK));
            EngineEvent.ResyncFinished finished = events.stream().skip(mark)
                    .filter(EngineEvent.ResyncFinished.class::isInstance).map(EngineEvent.ResyncFinished.class::cast)
                    .findFirst().orElseThrow();
            assertEquals(4, finished.chunks(), "the union of both sides' changed chunks, nothing else");
            assertEquals(plan.unionBytes(), finished.bytes());
            assertTrue(roleChanges().containsAll(List.of("LOST", "PROMOTED", "REJOINED", "FAILBACK_STARTED",
                    "GENERATIONS_ADOPTED")), roleChanges().toString());
            assertFalse(pair.failbackPending());

            // the old primary is an ordinary secondary now: a write on the new primary reaches it
            byte[] after = pattern(5);
            pair.write(300L * BLOCK, ByteBuffer.wrap(after));
            assertTrue(pair.verify(bytes -> { }, () -> false).equal());
            assertArrayEquals(after, readImage("primary.img", 300L * BLOCK));
        }
        assertEquals(List.of(), listenerFailures);
    }

    private MirrorlineNode open() throws IOException {
        MirrorlineNode node = MirrorlineNode.openWithoutStarting(directory.resolve("state"), listenerFailures::add);
        node.events().addListener(events::add);
        node.startRecordedPairs();
        return node;
    }

    private Pair createPair(MirrorlineNode node) throws Exception {
        Pair pair = node.createPair(new PairSpec("roles", volumes().resolve("primary.img"), SIZE,
                new PairSpec.LocalSecondary(volumes().resolve("secondary.img"), true), ReplicationMode.ASYNCHRONOUS,
                MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                MirrorlineNode.DEFAULT_LINK_TIMEOUT));
        await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + pair.status());
        return pair;
    }

    private Path volumes() {
        return directory.resolve("volumes");
    }

    private List<String> roleChanges() {
        return events.stream().filter(EngineEvent.RoleChanged.class::isInstance)
                .map(event -> ((EngineEvent.RoleChanged) event).change()).toList();
    }

    private long resyncsFinished() {
        return events.stream().filter(EngineEvent.ResyncFinished.class::isInstance).count();
    }

    private byte[] readImage(String image, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(volumes().resolve(image), StandardOpenOption.READ)) {
            ByteBuffer read = ByteBuffer.allocate(BLOCK);
            channel.read(read, offset);
            return read.array();
        }
    }

    private static ByteBuffer block(int seed) {
        return ByteBuffer.wrap(pattern(seed));
    }

    private static byte[] pattern(int seed) {
        byte[] data = new byte[BLOCK];
        Arrays.fill(data, (byte) seed);
        data[0] = (byte) (seed * 31 + 7);
        return data;
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), () -> "timed out waiting for " + what.get());
    }
}
