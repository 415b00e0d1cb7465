package dev.mirrorline.ui.timeline.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEvent.LinkDown;
import dev.mirrorline.history.EventHistory;
import dev.mirrorline.ui.timeline.DrillStep;
import dev.mirrorline.ui.timeline.LinkSpan;
import dev.mirrorline.ui.timeline.ResyncSpan;
import dev.mirrorline.ui.timeline.SnapshotSpan;
import dev.mirrorline.ui.timeline.TimelineItem;
import dev.mirrorline.ui.timeline.TimelineLane;
import dev.mirrorline.ui.timeline.TimelineModelListener;
import dev.mirrorline.ui.timeline.TimelineRow;
import dev.mirrorline.ui.timeline.WriteFreeze;

class HistoryTimelineModelTest {

    private static final long MS = EventFoldingTest.MS;

    @TempDir
    Path directory;
    private EventHistory history;
    private HistoryTimelineModel model;

    @BeforeEach
    void recordAnOutageOfDemoAndAnEventOfOther() throws Exception {
        history = EventHistory.open(directory.resolve("history"));
        for (EngineEvent event : EventFoldingTest.outage()) {
            history.record("demo", event);
        }
        history.record("other", new LinkDown(EventFoldingTest.T0.plusSeconds(10), "q", "refused"));
        assertTrue(history.awaitRecorded(Duration.ofSeconds(30)));
        model = new HistoryTimelineModel(history);
    }

    @AfterEach
    void close() {
        model.close();
        history.close();
    }

    private List<TimelineItem> itemsOnceLoaded(String lane, long from, long to) throws InterruptedException {
        model.itemsIn(lane, from, to, 1);
        assertTrue(model.awaitLoaded(Duration.ofSeconds(30)));
        return model.itemsIn(lane, from, to, 1);
    }

    @Test
    void everyPairOfTheHistoryIsALane() {
        assertEquals(List.of(new TimelineLane("demo", "demo"), new TimelineLane("other", "other")), model.lanes());
        assertArrayEquals(new long[] { MS, MS + 150_000 }, model.extent());
    }

    @Test
    void aRangeIsLoadedInTheBackgroundAndFoldedIntoSpansAndMarkers() throws Exception {
        List<TimelineItem> items = itemsOnceLoaded("demo", MS, MS + 200_000);

        assertTrue(items.contains(new LinkSpan("link-" + (MS + 60_000), MS + 60_000, MS + 120_000,
                LinkSpan.State.INTERRUPTED, "link cut")), items::toString);
        assertTrue(items.contains(new SnapshotSpan("snap-1", MS + 60_000, MS + 150_000, "snap-1", 61_440)),
                items::toString);
        assertTrue(items.stream().anyMatch(item -> item instanceof WriteFreeze freeze && freeze.at() == MS + 60_000
                && freeze.pauseNanos() == 420_000), items::toString);
        assertTrue(items.contains(new ResyncSpan("resync-" + (MS + 120_000), MS + 120_000, MS + 150_000, 61_440,
                61_440, 2048)), items::toString);
        assertEquals(6, items.size(), items::toString);
    }

    @Test
    void aRangeInsideTheOutageShowsTheSpansThatBeganBeforeItWithTheirFiguresAtItsEnd() throws Exception {
        // 1:25 to 1:50: the link has been down since 1:00, the snapshot holds 15 chunks.
        List<TimelineItem> items = itemsOnceLoaded("demo", MS + 85_000, MS + 110_000);

        assertTrue(items.stream().anyMatch(item -> item instanceof LinkSpan link
                && link.state() == LinkSpan.State.INTERRUPTED && link.start() == MS + 60_000), items::toString);
        SnapshotSpan snapshot = (SnapshotSpan) items.stream().filter(item -> item.row() == TimelineRow.SNAPSHOT)
                .findFirst().orElseThrow();
        assertEquals(MS + 60_000, snapshot.start());
    }

    @Test
    void eventsRecordedLaterAppearInTheirLaneAndItsListenersHearOfThem() throws Exception {
        itemsOnceLoaded("demo", MS, MS + 200_000);
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        model.addListener(new TimelineModelListener() {
            @Override
            public void itemsChanged(String laneId, long from, long to) {
                heard.add(laneId);
            }

            @Override
            public void lanesChanged() {
                heard.add("lanes");
            }
        });

        history.record("demo", new LinkDown(EventFoldingTest.T0.plusSeconds(180), "p", "peer reset"));
        history.record("third", new LinkDown(EventFoldingTest.T0.plusSeconds(181), "r", "timeout"));
        assertTrue(history.awaitRecorded(Duration.ofSeconds(30)));

        LinkSpan expected = new LinkSpan("link-" + (MS + 180_000), MS + 180_000, TimelineItem.OPEN,
                LinkSpan.State.INTERRUPTED, "peer reset");
        for (int attempt = 0; attempt < 300 && !model.itemsIn("demo", MS + 180_000, MS + 181_000, 1)
                .contains(expected); attempt++) {
            Thread.sleep(20);
        }
        assertTrue(model.itemsIn("demo", MS + 180_000, MS + 181_000, 1).contains(expected));
        // The connected span before it is closed where the link went down.
        assertTrue(model.itemsIn("demo", MS + 150_000, MS + 160_000, 1).contains(new LinkSpan(
                "link-" + (MS + 120_000), MS + 120_000, MS + 180_000, LinkSpan.State.CONNECTED, "")));
        assertTrue(heard.contains("demo") && heard.contains("lanes"), heard::toString);
        assertEquals(List.of("demo", "other", "third"), model.lanes().stream().map(TimelineLane::id).toList());
    }

    @Test
    void drillStepsOfThePairAreMarkersOnItsLane() throws Exception {
        history.record("demo", new EngineEvent.DrillStepChanged(EventFoldingTest.T0.plusSeconds(20), "p", "d-1",
                "link-outage", 2, "Cut the link", "STARTED", ""));
        history.record("demo", new EngineEvent.DrillStepChanged(EventFoldingTest.T0.plusSeconds(21), "p", "d-1",
                "link-outage", 2, "Cut the link", "PASSED", "1 update unacknowledged"));
        assertTrue(history.awaitRecorded(Duration.ofSeconds(30)));
        model.close();
        model = new HistoryTimelineModel(history);

        List<TimelineItem> items = itemsOnceLoaded("demo", MS, MS + 200_000);
        List<DrillStep> steps = items.stream().filter(DrillStep.class::isInstance).map(DrillStep.class::cast)
                .sorted(java.util.Comparator.comparingLong(DrillStep::at)).toList();
        assertEquals(2, steps.size(), items::toString);
        assertEquals(MS + 20_000, steps.get(0).at());
        assertEquals("2. Cut the link", steps.get(0).step());
        assertEquals("STARTED", steps.get(0).detail());
        assertEquals("PASSED: 1 update unacknowledged", steps.get(1).detail());
        assertEquals(TimelineRow.DRILL, steps.get(1).row());
    }
}
