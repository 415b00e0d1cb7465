package dev.mirrorline.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineWidgetTest extends TimelineFixture {

    @Test
    void theScriptedHistoryIsDrawnAtTheXOfItsTimes() {
        ImageData image = capture();
        Rectangle link = row("alpha", TimelineRow.LINK);
        Rectangle freeze = row("alpha", TimelineRow.FREEZE);
        Rectangle snapshot = row("alpha", TimelineRow.SNAPSHOT);
        Rectangle resync = row("alpha", TimelineRow.RESYNC);
        Rectangle drill = row("alpha", TimelineRow.DRILL);

        // Connected: a thin green line through the middle of the row.
        assertEquals(TimelinePalette.CONNECTED, pixel(image, xOf(T0 + 30_000), middleOf(link)));
        assertEquals(TimelinePalette.CONNECTED, pixel(image, xOf(T0 + 150_000), middleOf(link)));
        // Interrupted: a vermillion bar hatched with white, no green in it.
        List<RGB> outage = column(image, xOf(T0 + 110_000), link);
        assertTrue(outage.contains(TimelinePalette.INTERRUPTED), outage::toString);
        assertTrue(outage.contains(TimelinePalette.HATCH), outage::toString);
        assertFalse(outage.contains(TimelinePalette.CONNECTED), outage::toString);
        // The freeze marker at the drop, the drill flag at 0:50.
        assertEquals(TimelinePalette.FREEZE, pixel(image, xOf(FREEZE.at()), middleOf(freeze)));
        assertFalse(column(image, xOf(FREEZE.at()) - 20, freeze).contains(TimelinePalette.FREEZE));
        assertEquals(TimelinePalette.DRILL, pixel(image, xOf(DRILL.at()), middleOf(drill)));
        // The snapshot from the drop to 2:30 (its label sits at its left end, its edges are blue lines).
        assertEquals(TimelinePalette.SNAPSHOT, pixel(image, xOf(SNAPSHOT.start()) + 1, middleOf(snapshot)));
        assertEquals(TimelinePalette.SNAPSHOT, pixel(image, xOf(SNAPSHOT.end()) - 2, middleOf(snapshot)));
        assertFalse(column(image, xOf(SNAPSHOT.start()) - 3, snapshot).contains(TimelinePalette.SNAPSHOT));
        assertFalse(column(image, xOf(SNAPSHOT.end()) + 3, snapshot).contains(TimelinePalette.SNAPSHOT));
        // The finished resync is filled; nothing of it after its end.
        assertEquals(TimelinePalette.RESYNC, pixel(image, xOf(RESYNC.end()) - 2, middleOf(resync)));
        assertFalse(column(image, xOf(RESYNC.end()) + 3, resync).contains(TimelinePalette.RESYNC));
    }

    @Test
    void aRunningResyncIsFilledByItsProgressUpToThePresent() {
        // An hour in view: the resync is narrower than its label, so only the bar is drawn.
        driver.onUi(() -> widget.setVisibleRange(T0 - 55 * MINUTE, T0 + 5 * MINUTE));
        ImageData image = capture();
        Rectangle resync = row("beta", TimelineRow.RESYNC);
        int x0 = xOf(RUNNING_RESYNC.start());
        int x1 = xOf(clock.get());
        assertTrue(x1 - x0 > 10, "a bar of " + (x1 - x0) + " px");

        // 40% done: the left part is blue, the right part pale.
        assertEquals(TimelinePalette.RESYNC, pixel(image, x0 + 2, middleOf(resync)));
        assertEquals(TimelinePalette.RESYNC_REMAINING, pixel(image, x1 - 3, middleOf(resync)));
        int boundary = x0 + (int) Math.round((x1 - x0) * 0.4);
        assertEquals(TimelinePalette.RESYNC, pixel(image, boundary - 1, middleOf(resync)));
        assertEquals(TimelinePalette.RESYNC_REMAINING, pixel(image, boundary + 1, middleOf(resync)));
    }

    @Test
    void hitTestingFindsTheItemOfTheRowUnderAPoint() {
        int link = middleOf(row("alpha", TimelineRow.LINK));
        int freeze = middleOf(row("alpha", TimelineRow.FREEZE));
        int snapshot = middleOf(row("alpha", TimelineRow.SNAPSHOT));
        int running = middleOf(row("beta", TimelineRow.RESYNC));
        int empty = middleOf(row("beta", TimelineRow.SNAPSHOT));

        assertEquals(new TimelineSelection(new TimelineLane("alpha", "alpha"), INTERRUPTED), itemAt(T0 + 90_000, link));
        assertEquals(FREEZE, itemAt(FREEZE.at(), freeze).item());
        assertEquals(SNAPSHOT, itemAt(T0 + 140_000, snapshot).item());
        assertEquals(RUNNING_RESYNC, itemAt(T0 + 170_000, running).item());
        // Two pixels beside a marker still hit it; ten do not.
        assertEquals(FREEZE, driver.onUi(() -> widget.itemAt(widget.xOf(FREEZE.at()) + 2, freeze)).item());
        assertNull(driver.onUi(() -> widget.itemAt(widget.xOf(FREEZE.at()) + 10, freeze)).item());
        // A lane without an item there, and a point on no lane.
        assertEquals(new TimelineSelection(new TimelineLane("beta", "beta"), null), itemAt(T0 + 30_000, empty));
        assertNull(driver.onUi(() -> widget.itemAt(widget.xOf(T0 + 30_000), 5)));
    }

    private TimelineSelection itemAt(long time, int y) {
        return driver.onUi(() -> widget.itemAt(widget.xOf(time), y));
    }

    @Test
    void theMouseWheelZoomsAroundThePointer() {
        int x = xOf(T0 + 45_000);
        int y = middleOf(row("alpha", TimelineRow.SNAPSHOT));
        moveTo(x, y);
        TimeScale before = scale();

        wheel(1);
        driver.waitUntil("the wheel zoomed in", () -> widget.getScale().span() < before.span());
        TimeScale in = scale();
        assertEquals(T0 + 45_000, driver.onUi(() -> widget.timeAt(x)), 2.0 * before.resolution());

        wheel(-1);
        driver.waitUntil("the wheel zoomed out", () -> widget.getScale().span() > in.span());
        assertEquals(T0 + 45_000, driver.onUi(() -> widget.timeAt(x)), 2.0 * before.resolution());
    }

    @Test
    void plusAndMinusZoomTwofoldAroundTheMiddle() {
        focusWidget();
        TimeScale before = scale();
        long middle = before.start() + before.span() / 2;

        driver.pressKey('+');
        driver.waitUntil("+ zoomed in", () -> widget.getScale().span() < before.span());
        assertEquals(before.span() / 2, scale().span(), 1);
        assertEquals(middle, scale().start() + scale().span() / 2, 2 * before.resolution());

        driver.pressKey('-');
        driver.pressKey('-');
        driver.waitUntil("- zoomed out twice", () -> widget.getScale().span() > before.span());
        assertEquals(before.span() * 2, scale().span(), 2);
    }

    @Test
    void draggingAndTheArrowKeysPan() {
        TimeScale before = scale();
        int y = middleOf(row("beta", TimelineRow.SNAPSHOT));

        drag(xOf(T0 + 60_000), y, xOf(T0 + 60_000) + 200, y);

        driver.waitUntil("the drag panned", () -> widget.getScale().start() < before.start());
        assertEquals(before.start() - 200 * before.span() / before.width(), scale().start(), before.resolution() + 1);
        assertEquals(before.span(), scale().span());
        assertNull(driver.onUi(() -> widget.getSelection()), "a drag selects nothing");

        TimeScale dragged = scale();
        focusWidget();
        driver.pressKey(SWT.ARROW_RIGHT);
        driver.waitUntil("the arrow panned", () -> widget.getScale().start() > dragged.start());
        assertEquals(dragged.start() + dragged.span() / 10, scale().start(), dragged.resolution() + 1);
    }

    @Test
    void shiftDraggingZoomsToTheRangeDraggedOver() {
        int y = middleOf(row("alpha", TimelineRow.RESYNC));
        int from = xOf(T0 + 60_000);
        int to = xOf(T0 + 90_000);
        TimeScale before = scale();

        pressShift();
        try {
            drag(from, y, to, y);
        } finally {
            releaseShift();
        }

        driver.waitUntil("the range dragged over is shown", () -> widget.getScale().span() < before.span());
        assertEquals(T0 + 60_000, scale().start(), 2 * before.resolution());
        assertEquals(T0 + 90_000, scale().end(), 2 * before.resolution());
    }

    @Test
    void homeZoomsToFitEverythingUpToThePresent() {
        driver.onUi(() -> widget.setVisibleRange(T0 + 10_000, T0 + 20_000));
        focusWidget();

        driver.pressKey(SWT.HOME);

        driver.waitUntil("all items are in view", () -> widget.getScale().span() > 20_000);
        TimeScale fitted = scale();
        assertTrue(fitted.start() < T0 && fitted.end() > clock.get(), fitted::toString);
        assertTrue(fitted.span() < 4 * MINUTE, fitted::toString);
    }

    @Test
    void followingLiveKeepsThePresentInViewUntilTheUserPansBack() throws Exception {
        driver.onUi(() -> widget.setFollowLive(true));
        clock.set(T0 + 30 * MINUTE);

        driver.waitUntil("the present is in view", () -> widget.getScale().end() > T0 + 30 * MINUTE
                && widget.getScale().start() < T0 + 30 * MINUTE);
        TimeScale following = scale();
        assertEquals(T0 + 30 * MINUTE, following.time(following.width() * TimelineWidget.LIVE_POSITION),
                2 * following.resolution());

        int y = middleOf(row("beta", TimelineRow.SNAPSHOT));
        drag(xOf(T0 + 29 * MINUTE), y, xOf(T0 + 29 * MINUTE) + 150, y);
        driver.waitUntil("panning back stopped following", () -> !widget.isFollowLive());
        // The drag's last moves may still be on their way (a loaded machine): wait for all 150 pixels.
        driver.waitUntil("the drag panned 150 pixels", () -> Math.abs(widget.getScale().start()
                - (following.start() - 150 * following.span() / following.width())) <= 2 * following.resolution());
        TimeScale panned = scale();
        clock.set(T0 + 60 * MINUTE);
        TimeUnit.MILLISECONDS.sleep(3 * TimelineWidget.LIVE_INTERVAL);
        assertEquals(panned, scale(), "no longer following");

        focusWidget();
        driver.pressKey(SWT.END);
        driver.waitUntil("End follows again", () -> widget.isFollowLive() && widget.getScale().end() > T0 + 60 * MINUTE);
    }

    @Test
    void hoveringShowsTheItemsDetailsAsATooltip() {
        moveTo(xOf(T0 + 100_000), middleOf(row("alpha", TimelineRow.SNAPSHOT)));

        driver.waitUntil("the snapshot is hovered", () -> SNAPSHOT.equals(widget.getHoveredItem()));
        String tooltip = driver.onUi(() -> widget.getToolTipText());
        assertEquals("alpha\nSnapshot snap-1: 12.5 MiB\nFrom 2026-03-01 12:01:00.000 to 2026-03-01 12:02:30.000"
                + " (1 min 30 s)", tooltip);

        moveTo(xOf(T0 + 100_000), middleOf(row("alpha", TimelineRow.RESYNC)));
        driver.waitUntil("nothing is hovered", () -> widget.getHoveredItem() == null);
        assertNull(driver.onUi(() -> widget.getToolTipText()));
    }

    @Test
    void aClickSelectsTheItemUnderThePointerAndTellsTheListeners() {
        List<TimelineSelection> heard = new ArrayList<>();
        driver.onUi(() -> widget.addSelectionListener(heard::add));

        click(xOf(T0 + 90_000), middleOf(row("alpha", TimelineRow.LINK)));

        TimelineSelection expected = new TimelineSelection(new TimelineLane("alpha", "alpha"), INTERRUPTED);
        driver.waitUntil("the listener heard of the selection", () -> heard.size() == 1);
        assertEquals(List.of(expected), driver.onUi(() -> List.copyOf(heard)));
        assertEquals(expected, driver.onUi(() -> widget.getSelection()));
        // The selected item is outlined in black.
        ImageData image = capture();
        Rectangle link = row("alpha", TimelineRow.LINK);
        assertTrue(column(image, xOf(T0 + 90_000), link).contains(TimelinePalette.EMPHASIS));

        click(xOf(T0 + 30_000), middleOf(row("beta", TimelineRow.LINK)));
        driver.waitUntil("the listener heard of the lane", () -> heard.size() == 2);
        assertEquals(new TimelineSelection(new TimelineLane("beta", "beta"), null), driver.onUi(() -> heard.get(1)));
    }

    @Test
    void aLaneSelectedByTheProgramIsScrolledIntoViewWithoutTellingTheListeners() {
        for (int i = 0; i < 20; i++) {
            model.putLane(new TimelineLane("pair-" + i, "Pair " + i));
        }
        driver.waitUntil("the widget lists 22 lanes", () -> widget.getLanes().size() == 22);
        List<TimelineSelection> heard = new ArrayList<>();
        driver.onUi(() -> widget.addSelectionListener(heard::add));
        Rectangle client = driver.onUi(() -> widget.getClientArea());
        assertTrue(row("pair-19", TimelineRow.DRILL).y > client.height, "the last lane starts out of view");

        driver.onUi(() -> widget.setSelectedLane("pair-19"));

        assertEquals("pair-19", driver.onUi(() -> widget.getSelection().lane().id()));
        Rectangle last = row("pair-19", TimelineRow.DRILL);
        assertTrue(last.y >= 0 && last.y + last.height <= client.height, last::toString);
        focusWidget();
        driver.pressKey(SWT.ARROW_UP);
        driver.waitUntil("the arrow selected the lane above", () -> heard.size() == 1);
        assertEquals("pair-18", driver.onUi(() -> heard.get(0).lane().id()));
        assertNull(driver.onUi(() -> heard.get(0).item()));
    }

    @Test
    void anItemArrivingFromAnotherThreadAppearsAndOnlyItsRangeOfItsLaneIsRepainted() throws Exception {
        clock.set(T0 + 10 * MINUTE);
        driver.onUi(() -> widget.setVisibleRange(T0, T0 + 3 * MINUTE));
        capture();
        awaitNoPainting();
        List<Rectangle> painted = new ArrayList<>();
        driver.onUi(() -> widget.addListener(SWT.Paint, event -> painted.add(
                new Rectangle(event.x, event.y, event.width, event.height))));
        DrillStep arriving = new DrillStep("d2", T0 + 100_000, "Promote", "");

        CompletableFuture.runAsync(() -> model.put("beta", arriving)).get(10, TimeUnit.SECONDS);

        Rectangle drill = row("beta", TimelineRow.DRILL);
        int x = xOf(arriving.at());
        driver.waitUntil("the new step is drawn", () -> {
            widget.update();
            return !painted.isEmpty();
        });
        List<Rectangle> repainted = driver.onUi(() -> List.copyOf(painted));
        assertEquals(TimelinePalette.DRILL, pixel(capture(), x, middleOf(drill)));
        Rectangle lane = row("beta", TimelineRow.LINK).union(drill);
        int plotWidth = scale().width();
        for (Rectangle rectangle : repainted) {
            assertTrue(rectangle.y >= lane.y - 1 && rectangle.y + rectangle.height <= lane.y + lane.height + 10,
                    () -> rectangle + " is outside the lane " + lane);
            assertTrue(rectangle.x >= x - 10 && rectangle.width < plotWidth / 2,
                    () -> rectangle + " is wider than the new item's range from " + x);
        }
    }

    @Test
    void exportWritesAPngOfTheWidgetsSizeShowingTheVisibleRange(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("reports/timeline.png");

        driver.onUi(() -> {
            try {
                widget.exportPng(file);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });

        ImageData image = new ImageLoader().load(file.toString())[0];
        Rectangle client = driver.onUi(() -> widget.getClientArea());
        assertEquals(client.width, image.width);
        assertEquals(client.height, image.height);
        Rectangle link = row("alpha", TimelineRow.LINK);
        assertTrue(column(image, xOf(T0 + 110_000), link).contains(TimelinePalette.INTERRUPTED));
        assertEquals(TimelinePalette.CONNECTED, pixel(image, xOf(T0 + 30_000), middleOf(link)));
    }

    private void focusWidget() {
        driver.onUi(() -> widget.setFocus());
        driver.waitUntil("the timeline has the focus", () -> widget.isFocusControl());
    }
}
