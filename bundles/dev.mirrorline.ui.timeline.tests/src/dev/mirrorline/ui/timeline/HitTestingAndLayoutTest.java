package dev.mirrorline.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.Test;

class HitTestingAndLayoutTest {

    /** 10 ms a pixel from 0. */
    private final TimeScale scale = new TimeScale(0, 10_000, 1000);
    private final LinkSpan interrupted = new LinkSpan("i", 2000, 4000, LinkSpan.State.INTERRUPTED, "cut");
    private final WriteFreeze freeze = new WriteFreeze("f", 2000, 400_000);
    private final SnapshotSpan snapshot = new SnapshotSpan("s", 2000, TimelineItem.OPEN, "snap", 1);
    private final DrillStep step = new DrillStep("d", 5000, "cut", "");
    private final List<TimelineItem> items = List.of(interrupted, freeze, snapshot, step);

    @Test
    void aSpanIsHitAnywhereAlongItAndOnlyInItsRow() {
        assertSame(interrupted, ItemHits.pick(items, TimelineRow.LINK, scale, 300, 9000, 3));
        assertSame(interrupted, ItemHits.pick(items, TimelineRow.LINK, scale, 198, 9000, 3));
        assertNull(ItemHits.pick(items, TimelineRow.LINK, scale, 196, 9000, 3));
        assertNull(ItemHits.pick(items, TimelineRow.RESYNC, scale, 300, 9000, 3));
    }

    @Test
    void anOpenSpanEndsAtThePresent() {
        assertSame(snapshot, ItemHits.pick(items, TimelineRow.SNAPSHOT, scale, 700, 7000, 3));
        assertNull(ItemHits.pick(items, TimelineRow.SNAPSHOT, scale, 710, 7000, 3));
    }

    @Test
    void aMarkerIsHitWithinTheToleranceAndTheNearestWins() {
        assertSame(freeze, ItemHits.pick(items, TimelineRow.FREEZE, scale, 202, 9000, 3));
        assertNull(ItemHits.pick(items, TimelineRow.FREEZE, scale, 204, 9000, 3));
        DrillStep near = new DrillStep("n", 5030, "promote", "");
        assertSame(near, ItemHits.pick(List.of(step, near), TimelineRow.DRILL, scale, 503, 9000, 3));
        assertSame(step, ItemHits.pick(List.of(step, near), TimelineRow.DRILL, scale, 501, 9000, 3));
    }

    @Test
    void theLayoutMapsRowsToHeightsAndBack() {
        TimelineLayout layout = new TimelineLayout(20, 8, 40, 25, 150);
        Rectangle client = new Rectangle(0, 0, 1150, 600);

        assertEquals(new Rectangle(150, 40, 1000, 535), layout.plot(client));
        assertEquals(108, layout.laneHeight());
        assertEquals(40 + 108 + 3 * 20, layout.rowTop(client, 1, TimelineRow.RESYNC, 0));
        assertEquals(new TimelineLayout.RowHit(1, TimelineRow.RESYNC),
                layout.rowAt(client, 40 + 108 + 3 * 20 + 19, 0, 3));
        assertEquals(new TimelineLayout.RowHit(2, TimelineRow.LINK), layout.rowAt(client, 40 + 10, 216, 3));
        assertNull(layout.rowAt(client, 40 + 100 + 2, 0, 3), "the gap below a lane");
        assertNull(layout.rowAt(client, 39, 0, 3), "the axis");
        assertNull(layout.rowAt(client, 40 + 3 * 108 + 1, 0, 3), "below the last lane");
        assertNull(layout.rowAt(client, 580, 0, 20), "the legend");
        assertEquals(2, layout.firstLaneBelow(client, 40 + 2 * 108 + 5, 0));
    }
}
