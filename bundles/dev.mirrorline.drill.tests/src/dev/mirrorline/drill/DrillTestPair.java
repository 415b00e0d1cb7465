package dev.mirrorline.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.node.PairState;

/**
 * A node with one pair for drill tests: two 16 MiB images, the secondary served over mutual TLS
 * on loopback, replicating asynchronously; every engine event of the node is kept.
 */
final class DrillTestPair implements AutoCloseable {

    static final String PAIR = "drilled";
    static final long SIZE = 16L << 20;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final Path directory;
    final MirrorlineNode node;
    final Pair pair;
    final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    final List<RuntimeException> listenerFailures;

    private DrillTestPair(Path directory, MirrorlineNode node, Pair pair, List<RuntimeException> listenerFailures) {
        this.directory = directory;
        this.node = node;
        this.pair = pair;
        this.listenerFailures = listenerFailures;
    }

    /** Creates the pair on a fresh node and waits until it is consistent. */
    static DrillTestPair create(Path directory) throws IOException, InterruptedException {
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        MirrorlineNode node = MirrorlineNode.open(directory.resolve("state"), failures::add);
        Path volumes = directory.resolve("volumes");
        Pair pair = node.createPair(new PairSpec(PAIR, volumes.resolve("primary.img"), SIZE,
                new PairSpec.LocalSecondary(volumes.resolve("secondary.img"), true), ReplicationMode.ASYNCHRONOUS,
                MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                MirrorlineNode.DEFAULT_LINK_TIMEOUT));
        DrillTestPair test = new DrillTestPair(directory, node, pair, failures);
        node.events().addListener(test.events::add);
        await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + pair.status());
        return test;
    }

    /** Opens the node again, on the same state directory. */
    static MirrorlineNode reopen(Path directory) throws IOException {
        return MirrorlineNode.open(directory.resolve("state"), failure -> {
            throw new AssertionError(failure);
        });
    }

    <T extends EngineEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<EngineEvent.DrillStepChanged> stepEventsOf(String drillId) {
        return eventsOf(EngineEvent.DrillStepChanged.class).stream().filter(event -> event.drillId().equals(drillId))
                .toList();
    }

    /** The pair is consistent, and both volumes are equal once the load is stopped. */
    void assertConsistentAndEqual() throws Exception {
        await(() -> pair.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + pair.status());
        pair.stopLoad();
        Pair.VerifyResult verify = pair.verify(bytes -> { }, () -> false);
        assertTrue(verify.equal(), verify.toString());
    }

    /**
     * Keeps a copy of a drill's report under the directory the build names (the test module's
     * {@code target/drill-reports/}), to look at in a browser.
     */
    static void keepReport(DrillResult result, String name) throws IOException {
        String kept = System.getProperty("mirrorline.drillReports");
        if (kept != null && !kept.isBlank()) {
            java.nio.file.Files.createDirectories(Path.of(kept));
            java.nio.file.Files.copy(result.report(), Path.of(kept).resolve(name + ".html"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), () -> "timed out waiting for " + what.get());
    }

    @Override
    public void close() throws IOException {
        node.close();
        assertEquals(List.of(), listenerFailures);
    }
}
