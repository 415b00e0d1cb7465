package dev.mirrorline.ui.timeline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.ui.testdriver.UiThreadExtension;
import dev.mirrorline.ui.testdriver.UiDriver;

/**
 * Prints the time to paint a frame of the timeline with 1,000, 10,000 and 100,000 items in 20
 * lanes over a day, from a {@link SortedTimelineModel} (an in-memory sorted index answering the
 * widget's range queries): the whole day in view, one hour in view, all 20 lanes at once, and a
 * repaint on the screen (the widget's paint event). Not part of the test run: scripts/run-benchmarks runs it. Bounded in
 * frames; no timing assertions. The target is below 16 ms a frame at 100,000 items.
 */
@ExtendWith(UiThreadExtension.class)
class TimelinePaintBenchmark {

    private static final int LANES = 20;
    private static final int WARM_UP = 10;
    private static final int FRAMES = 40;
    private static final long DAY = 86_400_000;
    private static final long START = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

    @Test
    void paintTimePerFrameFor1kTo100kItemsIn20Lanes(UiDriver driver) {
        Display display = driver.display();
        for (int items : new int[] { 1_000, 10_000, 100_000 }) {
            SortedTimelineModel model = history(items);
            driver.onUi(() -> {
                Shell shell = new Shell(display, SWT.SHELL_TRIM);
                shell.setLayout(new FillLayout());
                TimelineWidget widget = new TimelineWidget(shell, SWT.NONE);
                widget.setZone(ZoneOffset.UTC);
                widget.setClock(() -> START + DAY);
                widget.setModel(model);
                shell.setBounds(0, 0, 1260, 1000);
                shell.open();
                try {
                    measure(display, widget, model.size());
                } finally {
                    shell.dispose();
                }
            });
        }
    }

    private static void measure(Display display, TimelineWidget widget, int items) {
        Rectangle client = widget.getClientArea();
        int lanesInView = Math.min(LANES, client.height / 108 + 1);
        widget.setVisibleRange(START - 60_000, START + DAY + 60_000);
        report(items, "the whole day in view, " + lanesInView + " lanes", paintIntoImage(display, widget, client));
        widget.setVisibleRange(START + 12 * 3_600_000L, START + 13 * 3_600_000L);
        report(items, "one hour in view, " + lanesInView + " lanes", paintIntoImage(display, widget, client));
        widget.setVisibleRange(START - 60_000, START + DAY + 60_000);
        Rectangle tall = new Rectangle(0, 0, client.width, client.height + 20 * 108);
        report(items, "the whole day, all 20 lanes", paintIntoImage(display, widget, tall));
        // On the screen: the time the widget's paint event took, for a full repaint.
        int[] paints = { 0 };
        widget.addListener(SWT.Paint, event -> paints[0]++);
        double[] onScreen = new double[FRAMES];
        for (int frame = -WARM_UP; frame < FRAMES; frame++) {
            int before = paints[0];
            widget.redraw();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (paints[0] == before && System.nanoTime() < deadline) {
                if (!display.readAndDispatch()) {
                    Thread.onSpinWait();
                }
            }
            if (frame >= 0) {
                onScreen[frame] = widget.lastPaintNanos() / 1e6;
            }
        }
        report(items, "the whole day on the screen, " + lanesInView + " lanes", onScreen);
    }

    private static double[] paintIntoImage(Display display, TimelineWidget widget, Rectangle area) {
        double[] times = new double[FRAMES];
        Image image = new Image(display, area.width, area.height);
        try {
            for (int frame = -WARM_UP; frame < FRAMES; frame++) {
                GC gc = new GC(image);
                try {
                    long start = System.nanoTime();
                    widget.paintFrame(gc, area, area);
                    if (frame >= 0) {
                        times[frame] = (System.nanoTime() - start) / 1e6;
                    }
                } finally {
                    gc.dispose();
                }
            }
        } finally {
            image.dispose();
        }
        return times;
    }

    private static void report(int items, String what, double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(times).average().orElse(0);
        System.out.printf(Locale.ROOT, "BENCH timeline paint: %,7d items, %-46s min %5.2f, median %5.2f, mean %5.2f,"
                + " p95 %6.2f, max %6.2f ms (%d frames)%n", items, what + ":", sorted[0], sorted[sorted.length / 2],
                mean, sorted[(int) (sorted.length * 0.95)], sorted[sorted.length - 1], times.length);
    }

    /**
     * A day of outages in 20 lanes: each outage is an interruption (seconds to minutes) with its
     * freeze, snapshot and resync after a connected span; every tenth brings a drill step.
     */
    private static SortedTimelineModel history(int items) {
        SortedTimelineModel model = new SortedTimelineModel();
        Random random = new Random(8);
        int perLane = items / LANES;
        for (int lane = 0; lane < LANES; lane++) {
            String id = "pair-" + lane;
            model.putLane(new TimelineLane(id, "pair " + lane));
            List<TimelineItem> laneItems = new ArrayList<>(perLane);
            int outages = Math.max(1, perLane / 5);
            long slot = DAY / outages;
            long time = START;
            for (int outage = 0; outage < outages && laneItems.size() < perLane; outage++) {
                long down = START + outage * slot + random.nextLong(slot / 2 + 1);
                long up = down + 1 + random.nextLong(Math.max(1, slot / 4));
                long resynced = up + 1 + random.nextLong(Math.max(1, slot / 8));
                laneItems.add(new LinkSpan("c" + outage, time, down, LinkSpan.State.CONNECTED, ""));
                laneItems.add(new LinkSpan("i" + outage, down, up, LinkSpan.State.INTERRUPTED, "timeout"));
                laneItems.add(new WriteFreeze("f" + outage, down, 200_000 + random.nextInt(800_000)));
                laneItems.add(new SnapshotSpan("s" + outage, down, resynced, "snap", random.nextInt(1 << 30)));
                laneItems.add(outage % 10 == 9 ? new DrillStep("d" + outage, down, "Cut link", "")
                        : new ResyncSpan("r" + outage, up, resynced, 1 << 20, 1 << 20, 3e7));
                time = up;
            }
            laneItems.add(new LinkSpan("c-last", time, TimelineItem.OPEN, LinkSpan.State.CONNECTED, ""));
            model.putAll(id, laneItems);
        }
        return model;
    }
}
