package dev.mirrorline.ui.timeline;

import java.awt.AWTException;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.ui.testdriver.UiThreadExtension;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;

/**
 * Base of the widget's tests in a real window: a shell with a timeline over a scripted history of
 * two pairs, a clock the test sets, real input posted through the display, and the widget's pixels
 * as the screen shows them.
 *
 * <p>The history, in UTC from T0 = 2026-03-01 12:00: pair "alpha" is connected for a minute, then
 * interrupted ("link cut") for a minute, then connected again; writes freeze for 0.42 ms when the
 * link drops; a snapshot of 12.5 MiB lives from the drop to 2:30; a resync runs from the return of
 * the link to 2:30; a drill step "Cut the link" is at 0:50. Pair "beta" has a resync still running,
 * 40% done, since 2:00. The clock says 3:00; the widget shows 0:00 to 3:00.
 */
@ExtendWith({ UiThreadExtension.class, ScreenshotOnFailure.class })
abstract class TimelineFixture {

    static final long T0 = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;

    static final LinkSpan CONNECTED = new LinkSpan("c1", T0, T0 + MINUTE, LinkSpan.State.CONNECTED, "");
    static final LinkSpan INTERRUPTED = new LinkSpan("i1", T0 + MINUTE, T0 + 2 * MINUTE,
            LinkSpan.State.INTERRUPTED, "link cut");
    static final LinkSpan RECONNECTED = new LinkSpan("c2", T0 + 2 * MINUTE, TimelineItem.OPEN,
            LinkSpan.State.CONNECTED, "");
    static final WriteFreeze FREEZE = new WriteFreeze("f1", T0 + MINUTE, 420_000);
    static final SnapshotSpan SNAPSHOT = new SnapshotSpan("s1", T0 + MINUTE, T0 + 150_000, "snap-1", 13_107_200);
    static final ResyncSpan RESYNC = new ResyncSpan("r1", T0 + 2 * MINUTE, T0 + 150_000, 13_107_200, 13_107_200,
            437_000);
    static final DrillStep DRILL = new DrillStep("d1", T0 + 50_000, "Cut the link", "");
    static final ResyncSpan RUNNING_RESYNC = new ResyncSpan("r2", T0 + 2 * MINUTE, TimelineItem.OPEN, 4 << 20,
            10 << 20, 1 << 20);

    private static Display sharedDisplay;
    private static Robot robot;

    UiDriver driver;
    Display display;
    SortedTimelineModel model;
    private final AtomicInteger paints = new AtomicInteger();
    final AtomicLong clock = new AtomicLong(T0 + 3 * MINUTE);
    Shell shell;
    TimelineWidget widget;

    @BeforeEach
    void openTimeline(UiDriver uiDriver) {
        driver = uiDriver;
        display = uiDriver.display();
        sharedDisplay = display;
        closeAllShells(display);
        model = new SortedTimelineModel();
        model.putLane(new TimelineLane("alpha", "alpha"));
        model.putLane(new TimelineLane("beta", "beta"));
        model.putAll("alpha", java.util.List.of(CONNECTED, INTERRUPTED, RECONNECTED, FREEZE, SNAPSHOT, RESYNC, DRILL));
        model.put("beta", RUNNING_RESYNC);
        shell = driver.onUi(() -> {
            Shell created = new Shell(display, SWT.SHELL_TRIM);
            created.setText("Timeline");
            created.setLayout(new FillLayout());
            widget = new TimelineWidget(created, SWT.NONE);
            widget.addListener(SWT.Paint, event -> paints.incrementAndGet());
            widget.setZone(ZoneOffset.UTC);
            widget.setClock(clock::get);
            widget.setModel(model);
            widget.setVisibleRange(T0, T0 + 3 * MINUTE);
            created.setBounds(20, 20, 1100, 420);
            created.open();
            return created;
        });
        driver.activate(shell);
        driver.waitUntil("the timeline has its size", () -> widget.getScale().width() > 500);
    }

    @AfterAll
    static void closeShellsOfTheLastTest() {
        if (sharedDisplay != null && !sharedDisplay.isDisposed()) {
            closeAllShells(sharedDisplay);
        }
    }

    private static void closeAllShells(Display display) {
        new UiDriver(display).onUi(() -> {
            for (Shell open : display.getShells()) {
                open.dispose();
            }
        });
    }

    /**
     * What the screen shows of the widget: asks for a full repaint, waits until the widget has
     * painted and the X server has what it painted, then copies the widget's pixels.
     */
    ImageData capture() {
        int before = driver.onUi(() -> {
            widget.redraw();
            return paints.get();
        });
        driver.waitUntil("the timeline repainted", () -> {
            widget.update();
            return paints.get() > before;
        });
        settle();
        return driver.onUi(() -> {
            Rectangle client = widget.getClientArea();
            Image image = new Image(display, client.width, client.height);
            GC gc = new GC(widget);
            try {
                gc.copyArea(image, 0, 0);
                return image.getImageData();
            } finally {
                gc.dispose();
                image.dispose();
            }
        });
    }

    /**
     * Waits (a bounded while) until the widget has not painted for three checks in a row, so that
     * repaints caused by opening and activating the window are over.
     */
    void awaitNoPainting() throws InterruptedException {
        int quiet = 0;
        int last = paints.get();
        for (int check = 0; check < 50 && quiet < 3; check++) {
            Thread.sleep(100);
            settle();
            int now = paints.get();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    static RGB pixel(ImageData image, int x, int y) {
        return image.palette.getRGB(image.getPixel(x, y));
    }

    /** The pixels of a column across a row, top to bottom. */
    static java.util.List<RGB> column(ImageData image, int x, Rectangle row) {
        java.util.List<RGB> pixels = new java.util.ArrayList<>();
        for (int y = row.y; y < row.y + row.height; y++) {
            pixels.add(pixel(image, x, y));
        }
        return pixels;
    }

    Rectangle row(String lane, TimelineRow row) {
        return driver.onUi(() -> widget.getRowBounds(lane, row));
    }

    int xOf(long time) {
        return driver.onUi(() -> widget.xOf(time));
    }

    int middleOf(Rectangle row) {
        return row.y + row.height / 2;
    }

    TimeScale scale() {
        return driver.onUi(() -> widget.getScale());
    }

    // ---- real input, posted through the display ----

    void moveTo(int x, int y) {
        Point screen = driver.onUi(() -> widget.toDisplay(x, y));
        post(SWT.MouseMove, event -> {
            event.x = screen.x;
            event.y = screen.y;
        });
        driver.waitUntil("the pointer is at " + screen, () -> display.getCursorLocation().equals(screen));
        settle();
    }

    void press() {
        robot().mousePress(InputEvent.BUTTON1_DOWN_MASK);
    }

    void release() {
        robot().mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
    }

    void click(int x, int y) {
        moveTo(x, y);
        press();
        release();
        settle();
    }

    /** Drags with button 1 from one point to another in a few steps. */
    void drag(int fromX, int fromY, int toX, int toY) {
        moveTo(fromX, fromY);
        press();
        for (int step = 1; step <= 4; step++) {
            moveTo(fromX + (toX - fromX) * step / 4, fromY + (toY - fromY) * step / 4);
        }
        release();
        settle();
    }

    /** Presses Shift and waits until the display has it, so that the next button press carries it. */
    void pressShift() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        org.eclipse.swt.widgets.Listener shift = event -> {
            if (event.keyCode == SWT.SHIFT) {
                down.set(true);
            }
        };
        driver.onUi(() -> display.addFilter(SWT.KeyDown, shift));
        try {
            robot().keyPress(KeyEvent.VK_SHIFT);
            driver.waitUntil("Shift is down", down::get);
        } finally {
            driver.onUi(() -> display.removeFilter(SWT.KeyDown, shift));
        }
        settle();
    }

    void releaseShift() {
        robot().keyRelease(KeyEvent.VK_SHIFT);
        settle();
    }

    /** Turns the wheel by notches where the pointer is, positive away from the user. */
    void wheel(int notches) {
        robot().mouseWheel(-notches);
        settle();
    }

    /**
     * Real X input through XTest where the pointer is: SWT on GTK posts button events with the
     * screen's origin as their position, and buttons 4 and 5 as buttons rather than as scrolling.
     */
    private static synchronized Robot robot() {
        if (robot == null) {
            try {
                robot = new Robot();
            } catch (AWTException e) {
                throw new IllegalStateException("real input needs java.awt.Robot", e);
            }
        }
        return robot;
    }

    private void post(int type, java.util.function.Consumer<Event> filling) {
        driver.onUi(() -> {
            Event event = new Event();
            event.type = type;
            filling.accept(event);
            if (!display.post(event)) {
                throw new IllegalStateException("Display.post refused event type " + type);
            }
        });
    }

    /** Waits until the UI thread has handled the input posted so far. */
    void settle() {
        driver.onUi(() -> display.getCursorLocation());
        driver.onUi(() -> {
        });
    }
}
