package dev.mirrorline.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.Test;

/**
 * A range where items lie a few pixels apart, as a day of a busy history does: every sliver is on
 * the screen where its time is (a row of many is painted as one strip, not rectangle by
 * rectangle), a stretch of close markers is one head and one unbroken bar, and hit-testing still
 * finds each item.
 */
class DenseRangeTest extends TimelineFixture {

    /** 150 snapshots of a tenth of a second, one a second: about five pixels apart, half a pixel wide. */
    private static final List<SnapshotSpan> SLIVERS = new ArrayList<>();
    /** 100 freezes, one a second. */
    private static final List<WriteFreeze> FREEZES = new ArrayList<>();

    static {
        for (int i = 0; i < 150; i++) {
            long start = T0 + 20_000 + i * 1_000L;
            SLIVERS.add(new SnapshotSpan("dense-s" + i, start, start + 100, "snap-" + i, 4096));
        }
        for (int i = 0; i < 100; i++) {
            FREEZES.add(new WriteFreeze("dense-f" + i, T0 + 30_000 + i * 1_000L, 300_000));
        }
    }

    private void showDenseItems() {
        model.putAll("beta", SLIVERS);
        model.putAll("beta", FREEZES);
        int spacing = xOf(T0 + 21_000) - xOf(T0 + 20_000);
        assertTrue(spacing >= 3 && spacing <= 7, "items " + spacing + " px apart: dense, yet apart");
    }

    @Test
    void everySliverOfADenseRowIsDrawnAtItsTimeAndNothingBetweenThem() {
        showDenseItems();
        ImageData image = capture();
        Rectangle snapshots = row("beta", TimelineRow.SNAPSHOT);
        int y = middleOf(snapshots);

        for (SnapshotSpan sliver : SLIVERS) {
            int x = xOf(sliver.start());
            assertEquals(TimelinePalette.SNAPSHOT, pixel(image, x, y), () -> sliver + " at x " + x);
            // Halfway to the next one: the lane's background.
            assertFalse(column(image, x + 3, snapshots).contains(TimelinePalette.SNAPSHOT),
                    () -> "something drawn right after " + sliver);
        }
        assertFalse(column(image, xOf(SLIVERS.get(0).start()) - 4, snapshots).contains(TimelinePalette.SNAPSHOT));
    }

    @Test
    void aStretchOfCloseFreezesIsOneHeadAndOneUnbrokenBar() {
        showDenseItems();
        ImageData image = capture();
        Rectangle freezes = row("beta", TimelineRow.FREEZE);
        int y = middleOf(freezes);
        int first = xOf(FREEZES.get(0).at());
        int last = xOf(FREEZES.get(FREEZES.size() - 1).at());

        for (int x = first - 1; x <= last; x++) {
            assertEquals(TimelinePalette.FREEZE, pixel(image, x, y), "column " + x + " of the freezes' bar");
        }
        assertFalse(column(image, first - 8, freezes).contains(TimelinePalette.FREEZE));
        assertFalse(column(image, last + 6, freezes).contains(TimelinePalette.FREEZE));
        // A head at the first freeze: its widest part, nine pixels at the top of the mark, reaches
        // left of the bar.
        int headY = freezes.y + 2;
        assertEquals(TimelinePalette.FREEZE, pixel(image, first - 4, headY));
        assertFalse(pixel(image, first - 4, y).equals(TimelinePalette.FREEZE));
    }

    @Test
    void hitTestingFindsEachItemOfADenseRow() {
        showDenseItems();
        capture();
        int snapshots = middleOf(row("beta", TimelineRow.SNAPSHOT));
        int freezes = middleOf(row("beta", TimelineRow.FREEZE));

        for (int i : new int[] { 0, 1, 74, 75, 148, 149 }) {
            SnapshotSpan sliver = SLIVERS.get(i);
            assertEquals(sliver, driver.onUi(() -> widget.itemAt(widget.xOf(sliver.start()), snapshots)).item());
        }
        for (int i : new int[] { 0, 1, 50, 98, 99 }) {
            WriteFreeze freeze = FREEZES.get(i);
            assertEquals(freeze, driver.onUi(() -> widget.itemAt(widget.xOf(freeze.at()), freezes)).item());
        }
    }
}
