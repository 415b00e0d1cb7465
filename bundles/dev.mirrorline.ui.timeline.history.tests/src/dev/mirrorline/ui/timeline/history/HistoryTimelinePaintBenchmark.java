package dev.mirrorline.ui.timeline.history;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent.ChunksCopied;
import dev.mirrorline.engine.event.EngineEvent.LinkDown;
import dev.mirrorline.engine.event.EngineEvent.LinkUp;
import dev.mirrorline.engine.event.EngineEvent.ResyncFinished;
import dev.mirrorline.engine.event.EngineEvent.ResyncProgress;
import dev.mirrorline.engine.event.EngineEvent.ResyncStarted;
import dev.mirrorline.engine.event.EngineEvent.SnapshotCreated;
import dev.mirrorline.engine.event.EngineEvent.SnapshotDeleted;
import dev.mirrorline.engine.event.EngineEvent.WritesFrozen;
import dev.mirrorline.engine.event.EngineEvent.WritesResumed;
import dev.mirrorline.history.EventHistory;
import dev.mirrorline.history.EventQuery;
import dev.mirrorline.ui.timeline.TimelineWidget;

/**
 * Prints the timeline's paint time per frame when its model is the event store itself: 1,000,
 * 10,000 and 100,000 events recorded in the H2 {@link EventHistory} for 20 pairs over a day, shown
 * through {@link HistoryTimelineModel} in a {@link TimelineWidget} on the screen. For each size it
 * prints how long the visible range took to load from the database (in the background: the widget
 * paints what it has meanwhile), then the paint time of a full repaint once loaded, with the whole
 * day in view and with one hour in view, in a window showing 20 lanes. Not part of the test run:
 * scripts/run-benchmarks runs it (it needs an X display). Bounded in frames; no timing assertions.
 * The target is below 16 ms a frame at 100,000 events in the store and 20 lanes. Each frame measured
 * is also written as a PNG among the test screenshots ({@code timeline-benchmark-<events>-<range>.png}),
 * to be looked at and compared when the drawing changes.
 */
class HistoryTimelinePaintBenchmark {

    private static final int LANES = 20;
    private static final int EVENTS_PER_OUTAGE = 12;
    private static final int WARM_UP = 10;
    /** Frames measured per case; more with -Dmirrorline.benchmark.frames=N (to profile, say). */
    private static final int FRAMES = Integer.getInteger("mirrorline.benchmark.frames", 40);
    private static final long DAY_MILLIS = 86_400_000;
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path directory;

    @Test
    void paintTimePerFrameWith1kTo100kEventsInTheStoreAnd20Lanes() throws Exception {
        // Some of the sizes only with -Dmirrorline.benchmark.events=100000 (comma-separated).
        int[] sizes = Arrays.stream(System.getProperty("mirrorline.benchmark.events", "1000,10000,100000").split(","))
                .mapToInt(size -> Integer.parseInt(size.trim())).toArray();
        for (int events : sizes) {
            try (EventHistory history = EventHistory.open(directory.resolve("history-" + events))) {
                long recordStart = System.nanoTime();
                long recorded = recordADayOfOutages(history, events);
                System.out.printf(Locale.ROOT, "BENCH timeline over the event store: %,7d events recorded for %d pairs"
                        + " in %.1f s%n", recorded, LANES, (System.nanoTime() - recordStart) / 1e9);
                try (HistoryTimelineModel model = new HistoryTimelineModel(history)) {
                    measure(model, recorded);
                }
            }
        }
    }

    /** Records outages of seconds to minutes, spread over the day in every lane; returns how many events. */
    private static long recordADayOfOutages(EventHistory history, int events) throws InterruptedException {
        Random random = new Random(11);
        int outagesPerLane = Math.max(1, events / LANES / EVENTS_PER_OUTAGE);
        long slot = DAY_MILLIS / outagesPerLane;
        for (int lane = 0; lane < LANES; lane++) {
            String pair = "pair-" + lane;
            String volume = pair + "-primary";
            for (int outage = 0; outage < outagesPerLane; outage++) {
                Instant down = START.plusMillis(outage * slot + random.nextLong(slot / 4 + 1));
                Instant up = down.plusMillis(1 + random.nextLong(slot / 4 + 1));
                Instant resynced = up.plusMillis(1 + random.nextLong(slot / 4 + 1));
                String snapshot = pair + "-snap-" + outage;
                long chunks = 1 + random.nextInt(100_000);
                history.record(pair, new LinkDown(down, volume, "keepalive missed"));
                history.record(pair, new WritesFrozen(down, volume));
                history.record(pair, new SnapshotCreated(down, volume, snapshot, 4096));
                history.record(pair, new WritesResumed(down, volume, Duration.ofNanos(200_000 + random.nextInt(800_000))));
                history.record(pair, new ChunksCopied(down.plusMillis(1), snapshot, chunks / 2, chunks / 2 * 4096, chunks / 2));
                history.record(pair, new ChunksCopied(up.minusMillis(1), snapshot, chunks - chunks / 2,
                        (chunks - chunks / 2) * 4096, chunks));
                history.record(pair, new LinkUp(up, volume, "127.0.0.1:7001", 1 + outage % 3));
                history.record(pair, new ResyncStarted(up, volume, chunks, chunks * 4096, 17, 17 * 4096));
                history.record(pair, new ResyncProgress(up.plusMillis(1), volume, chunks / 3, chunks, chunks / 3 * 4096));
                history.record(pair, new ResyncProgress(resynced.minusMillis(1), volume, chunks * 2 / 3, chunks,
                        chunks * 2 / 3 * 4096));
                history.record(pair, new ResyncFinished(resynced, volume, chunks, chunks * 4096,
                        Duration.between(up, resynced)));
                history.record(pair, new SnapshotDeleted(resynced, volume, snapshot, chunks, chunks * 4096));
            }
        }
        if (!history.awaitRecorded(LOAD_TIMEOUT)) {
            throw new IllegalStateException("the history did not record the events within " + LOAD_TIMEOUT);
        }
        return history.count(EventQuery.all());
    }

    private static void measure(HistoryTimelineModel model, long events) throws InterruptedException, IOException {
        Display display = Display.getDefault();
        Shell shell = new Shell(display, SWT.SHELL_TRIM);
        try {
            shell.setLayout(new FillLayout());
            TimelineWidget widget = new TimelineWidget(shell, SWT.NONE);
            widget.setZone(ZoneOffset.UTC);
            widget.setClock(() -> START.toEpochMilli() + DAY_MILLIS);
            widget.setModel(model);
            shell.setBounds(0, 0, 1260, 60 + LANES * 108);
            shell.open();
            // Tall enough for all 20 lanes: the widget shows its scroll bar while some are out of view.
            for (int grown = 0; widget.getVerticalBar().getVisible(); grown++) {
                if (grown == 100) {
                    throw new IllegalStateException("the window did not grow to show all " + LANES + " lanes");
                }
                Rectangle bounds = shell.getBounds();
                shell.setSize(bounds.width, bounds.height + 20);
                while (display.readAndDispatch()) {
                    // let the resize through
                }
            }
            long start = START.toEpochMilli();
            show(display, widget, model, events, start - 60_000, start + DAY_MILLIS + 60_000,
                    "the whole day, " + LANES + " lanes", "day");
            show(display, widget, model, events, start + 12 * 3_600_000L, start + 13 * 3_600_000L,
                    "one hour, " + LANES + " lanes", "hour");
        } finally {
            shell.dispose();
            while (display.readAndDispatch()) {
                // let the disposal finish
            }
        }
    }

    private static void show(Display display, TimelineWidget widget, HistoryTimelineModel model, long events,
            long from, long to, String what, String pictureName) throws InterruptedException, IOException {
        long loadStart = System.nanoTime();
        widget.setVisibleRange(from, to);
        repaint(display, widget); // asks the model for the range: the loads start
        if (!model.awaitLoaded(LOAD_TIMEOUT)) {
            throw new IllegalStateException("the range did not load within " + LOAD_TIMEOUT);
        }
        double loadMillis = (System.nanoTime() - loadStart) / 1e6;
        double[] frames = new double[FRAMES];
        for (int frame = -WARM_UP; frame < FRAMES; frame++) {
            double millis = repaint(display, widget);
            if (frame >= 0) {
                frames[frame] = millis;
            }
        }
        double[] sorted = frames.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "BENCH timeline over the event store: %,7d events, %-22s loaded in %7.1f ms;"
                + " paint min %5.2f, median %5.2f, p95 %6.2f, max %6.2f ms (%d frames of %dx%d pixels)%n", events,
                what + ":", loadMillis, sorted[0], sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95)],
                sorted[sorted.length - 1], FRAMES, paintedArea.width, paintedArea.height);
        widget.exportPng(Path.of(System.getProperty("mirrorline.screenshots", "target/screenshots"),
                "timeline-benchmark-" + events + "-" + pictureName + ".png"));
    }

    /** The area the last paint event covered: the whole widget, or the frames measured would show less. */
    private static Rectangle paintedArea;

    /** A full repaint on the screen; returns the time the widget's paint event took, in milliseconds. */
    private static double repaint(Display display, TimelineWidget widget) {
        int[] paints = { 0 };
        org.eclipse.swt.widgets.Listener counter = event -> {
            paints[0]++;
            paintedArea = new Rectangle(event.x, event.y, event.width, event.height);
        };
        widget.addListener(SWT.Paint, counter);
        try {
            widget.redraw();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (paints[0] == 0 && System.nanoTime() < deadline) {
                if (!display.readAndDispatch()) {
                    Thread.onSpinWait();
                }
            }
            if (paints[0] == 0) {
                throw new IllegalStateException("the timeline was not repainted within two seconds");
            }
            return widget.lastPaintNanos() / 1e6;
        } finally {
            widget.removeListener(SWT.Paint, counter);
        }
    }
}
