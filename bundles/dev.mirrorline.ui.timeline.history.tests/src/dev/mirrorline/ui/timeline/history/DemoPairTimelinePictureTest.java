package dev.mirrorline.ui.timeline.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.history.EventHistory;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;
import dev.mirrorline.ui.timeline.LinkSpan;
import dev.mirrorline.ui.timeline.ResyncSpan;
import dev.mirrorline.ui.timeline.SnapshotSpan;
import dev.mirrorline.ui.timeline.TimelineItem;
import dev.mirrorline.ui.timeline.TimelineWidget;
import dev.mirrorline.ui.timeline.WriteFreeze;

/**
 * The whole way from the engine to the picture: the demo pair of an embedded node (replicating
 * over mutual TLS on loopback, with its write load) has its link interrupted and restored; its
 * events go into an event history as the console records them; the history's timeline model
 * folds them into an outage, a freeze, a snapshot and a resync; a timeline widget draws them and
 * exports {@code demo-pair-timeline.png} among the test screenshots.
 */
class DemoPairTimelinePictureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void aRealOutageAndResyncOfTheDemoPairAreDrawnFromTheHistory() throws Exception {
        List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();
        Instant cut;
        Instant end;
        try (MirrorlineNode node = MirrorlineNode.open(directory.resolve("state"), listenerFailures::add);
                EventHistory history = EventHistory.open(directory.resolve("history"),
                        volume -> node.pairOfVolume(volume).orElse(volume))) {
            node.events().addListener(history);
            Pair demo = node.createDemoPairIfNone().orElseThrow();
            await(() -> demo.status().state() == PairState.CONSISTENT, "the demo pair is consistent");
            Thread.sleep(1000);
            cut = Instant.now();
            demo.interruptLink();
            Thread.sleep(1500); // the load writes locally meanwhile, into the outage snapshot
            demo.restoreLink();
            await(() -> demo.status().state() == PairState.CONSISTENT, "the demo pair is consistent again");
            Thread.sleep(500);
            demo.stopLoad();
            end = Instant.now();
            assertTrue(history.awaitRecorded(TIMEOUT));
            assertEquals(List.of(), listenerFailures);

            try (HistoryTimelineModel model = new HistoryTimelineModel(history)) {
                long from = cut.toEpochMilli() - 1500;
                long to = end.toEpochMilli() + 500;
                model.itemsIn(MirrorlineNode.DEMO_PAIR, from, to, 1);
                assertTrue(model.awaitLoaded(TIMEOUT));
                List<TimelineItem> items = model.itemsIn(MirrorlineNode.DEMO_PAIR, from, to, 1);

                assertTrue(items.stream().anyMatch(item -> item instanceof LinkSpan link && !link.isOpen()
                        && link.state() == LinkSpan.State.INTERRUPTED), items::toString);
                assertTrue(items.stream().anyMatch(WriteFreeze.class::isInstance), items::toString);
                // The outage snapshot is deleted after the resync.
                assertTrue(items.stream().noneMatch(item -> item instanceof SnapshotSpan && item.isOpen()),
                        items::toString);
                assertTrue(items.stream().anyMatch(item -> item instanceof SnapshotSpan snapshot
                        && snapshot.sizeBytes() > 0), items::toString);
                assertTrue(items.stream().anyMatch(item -> item instanceof ResyncSpan resync && !resync.isOpen()
                        && resync.bytesSent() > 0), items::toString);

                Path file = Path.of(System.getProperty("mirrorline.screenshots", "target/screenshots"),
                        "demo-pair-timeline.png");
                ImageData picture = draw(model, from, to, end.toEpochMilli(), file);
                assertTrue(picture.width > 800 && picture.height > 150, picture.width + "x" + picture.height);
                System.out.println("Demo pair timeline: " + file);
            }
        }
    }

    private static ImageData draw(HistoryTimelineModel model, long from, long to, long now, Path file)
            throws IOException {
        Display display = new Display();
        try {
            Shell shell = new Shell(display, SWT.SHELL_TRIM);
            shell.setLayout(new FillLayout());
            TimelineWidget timeline = new TimelineWidget(shell, SWT.NONE);
            timeline.setClock(() -> now);
            timeline.setModel(model);
            timeline.setVisibleRange(from, to);
            shell.setBounds(30, 30, 1100, 260);
            shell.open();
            timeline.setSelectedLane(MirrorlineNode.DEMO_PAIR);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            // Until the loads the widget's paint asked for are done and their items painted.
            do {
                while (display.readAndDispatch()) {
                    // drain
                }
                timeline.redraw();
                timeline.update();
            } while (!awaitLoaded(model) && System.nanoTime() < deadline);
            while (display.readAndDispatch()) {
                // the repaints the loaded items asked for
            }
            Files.createDirectories(file.getParent());
            timeline.exportPng(file);
            return new ImageLoader().load(file.toString())[0];
        } finally {
            display.dispose();
        }
    }

    private static boolean awaitLoaded(HistoryTimelineModel model) {
        try {
            return model.awaitLoaded(Duration.ofMillis(100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
