package dev.mirrorline.ui.timeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * A timeline: time runs left to right, one lane per pair, each lane with a row for the link's
 * state, write freezes, snapshots, resyncs and drill steps. It draws what a {@link TimelineModel}
 * returns for the visible range only, and repaints only the range a model change touches.
 *
 * <p>Interaction: the mouse wheel zooms around the pointer, {@code +} and {@code -} zoom around
 * the middle; dragging pans, the left and right arrow keys pan by a tenth; dragging with Shift
 * held zooms to the range dragged over; Home zooms to fit all items; End (or
 * {@link #setFollowLive(boolean)}) follows the present, until the user pans back in time; the up
 * and down arrow keys select the previous and next lane. Hovering shows an item's details as a
 * tooltip; a click selects an item (and its lane), and tells the {@link TimelineSelectionListener}s.
 */
public class TimelineWidget extends Canvas {

    /** How often the present is brought into view when following, and open items grow, in milliseconds. */
    static final int LIVE_INTERVAL = 250;
    /** Where the present sits when following: this fraction of the width from the left. */
    static final double LIVE_POSITION = 0.95;
    /** How far the pointer may move with a button held and still click, in pixels. */
    private static final int CLICK_SLOP = 3;
    /** How far from an item the pointer still hits it, in pixels. */
    static final int HIT_TOLERANCE = 3;
    private static final double KEY_ZOOM = 0.5;
    private static final double WHEEL_ZOOM = 0.8;
    private static final long DEFAULT_SPAN = 3_600_000;

    private final Font boldFont;
    private final LongSupplier systemClock = System::currentTimeMillis;
    private final List<TimelineSelectionListener> selectionListeners = new CopyOnWriteArrayList<>();
    private final TimelineModelListener modelListener = new ModelListener();

    private TimelineModel model;
    private List<TimelineLane> lanes = List.of();
    private TimelinePainter painter;
    private LongSupplier clock = systemClock;
    private ZoneId zone = ZoneId.systemDefault();

    private TimeScale scale;
    /** Until the widget has a width: the range to show when it gets one, or null to fit. */
    private long[] pendingRange;
    private boolean sized;
    private int scrollY;
    private boolean followLive;

    private String selectedLane;
    private TimelineItem selectedItem;
    private TimelineItem hoveredItem;

    private boolean buttonDown;
    private boolean dragging;
    private boolean banding;
    private int downX;
    private int downY;
    private int bandTo;
    private TimeScale downScale;

    private final Object dirtyLock = new Object();
    private Map<String, long[]> dirtyRanges = new LinkedHashMap<>();
    private boolean lanesDirty;
    private boolean flushScheduled;

    private final Runnable liveTick = this::liveTick;
    private long paintedNow;
    private long lastPaintNanos;

    /**
     * @param parent the parent
     * @param style SWT styles of a {@link Canvas}; the widget adds double buffering and a vertical scroll bar
     */
    public TimelineWidget(Composite parent, int style) {
        super(parent, style | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.V_SCROLL);
        FontData[] data = getFont().getFontData();
        for (FontData fontData : data) {
            fontData.setStyle(SWT.BOLD);
        }
        boldFont = new Font(getDisplay(), data);
        rebuildPainter();
        scale = new TimeScale(clock.getAsLong() - DEFAULT_SPAN, DEFAULT_SPAN, 1);

        addListener(SWT.Paint, this::onPaint);
        addListener(SWT.Resize, event -> onResize());
        addListener(SWT.MouseDown, this::onMouseDown);
        addListener(SWT.MouseMove, this::onMouseMove);
        addListener(SWT.MouseUp, this::onMouseUp);
        addListener(SWT.MouseExit, event -> setHovered(null));
        addListener(SWT.MouseVerticalWheel, this::onWheel);
        addListener(SWT.KeyDown, this::onKey);
        addListener(SWT.Traverse, this::onTraverse);
        addListener(SWT.Dispose, event -> onDispose());
        ScrollBar bar = getVerticalBar();
        if (bar != null) {
            bar.addListener(SWT.Selection, event -> {
                scrollY = bar.getSelection();
                redraw();
            });
        }
        getDisplay().timerExec(LIVE_INTERVAL, liveTick);
    }

    private void rebuildPainter() {
        GC gc = new GC(this);
        int fontHeight;
        try {
            gc.setFont(getFont());
            fontHeight = gc.getFontMetrics().getHeight();
        } finally {
            gc.dispose();
        }
        if (painter != null) {
            painter.dispose();
        }
        painter = new TimelinePainter(getDisplay(), getFont(), boldFont, fontHeight, TimelineLayout.forFontHeight(fontHeight),
                new TimeAxis(zone));
        fitHeader();
    }

    private void fitHeader() {
        int before = painter.layout().headerWidth();
        GC gc = new GC(this);
        try {
            painter.fitHeader(gc, lanes);
        } finally {
            gc.dispose();
        }
        if (painter.layout().headerWidth() != before && sized) {
            scale = scale.withWidth(plot().width);
        }
    }

    // ---- model ----

    /**
     * Shows another model's items; the widget listens to it until it is replaced or the widget disposed.
     *
     * @param newModel the model, or null for none
     */
    public void setModel(TimelineModel newModel) {
        checkWidget();
        if (model != null) {
            model.removeListener(modelListener);
        }
        model = newModel;
        if (model != null) {
            model.addListener(modelListener);
        }
        selectedItem = null;
        setHovered(null);
        refreshLanes();
        if (sized && pendingRange == null && !followLive) {
            zoomToFit();
        }
        redraw();
    }

    /** @return the model shown, or null */
    public TimelineModel getModel() {
        checkWidget();
        return model;
    }

    /** @return the lanes shown, as the model last listed them */
    public List<TimelineLane> getLanes() {
        checkWidget();
        return lanes;
    }

    private void refreshLanes() {
        lanes = model == null ? List.of() : List.copyOf(model.lanes());
        fitHeader();
        if (selectedLane != null && laneIndex(selectedLane) < 0) {
            selectedLane = null;
            selectedItem = null;
        }
        updateScrollBar();
    }

    private int laneIndex(String laneId) {
        for (int i = 0; i < lanes.size(); i++) {
            if (lanes.get(i).id().equals(laneId)) {
                return i;
            }
        }
        return -1;
    }

    private TimelineLane lane(String laneId) {
        int index = laneIndex(laneId);
        return index < 0 ? null : lanes.get(index);
    }

    // ---- clock and zone ----

    /**
     * @param newClock where the widget reads the present, in milliseconds since the epoch (for
     *        open items, the line at the present and following); null for the system clock
     */
    public void setClock(LongSupplier newClock) {
        checkWidget();
        clock = newClock == null ? systemClock : newClock;
        if (followLive) {
            follow();
        }
        redraw();
    }

    /** @param newZone the zone whose times the axis and the tooltips show */
    public void setZone(ZoneId newZone) {
        checkWidget();
        zone = Objects.requireNonNull(newZone);
        rebuildPainter();
        redraw();
    }

    @Override
    public void setFont(Font font) {
        super.setFont(font);
        rebuildPainter();
        updateScrollBar();
        redraw();
    }

    private long now() {
        return clock.getAsLong();
    }

    // ---- visible range ----

    /** @return the scale: the visible range and the plot's width */
    public TimeScale getScale() {
        checkWidget();
        return scale;
    }

    /**
     * Shows a time range (now, or as soon as the widget has a size), and stops following the present.
     *
     * @param from the time at the left edge
     * @param to the time at the right edge
     */
    public void setVisibleRange(long from, long to) {
        checkWidget();
        followLive = false;
        if (!sized) {
            pendingRange = new long[] { from, to };
            scale = TimeScale.of(from, to, 1);
            return;
        }
        setScale(TimeScale.of(from, to, plot().width));
    }

    private void setScale(TimeScale newScale) {
        if (!newScale.equals(scale)) {
            scale = newScale;
            redraw();
        }
    }

    /**
     * Zooms around an x of the widget.
     *
     * @param factor the new span over the old: below 1 zooms in
     * @param x the x (in widget coordinates) whose time stays in place
     */
    public void zoom(double factor, int x) {
        checkWidget();
        if (followLive) {
            setScale(scale.zoomed(factor, scale.width() * LIVE_POSITION));
            follow();
        } else {
            setScale(scale.zoomed(factor, x - plot().x));
        }
    }

    /** Zooms in twofold around the middle (or the present, when following it). */
    public void zoomIn() {
        zoom(KEY_ZOOM, plot().x + scale.width() / 2);
    }

    /** Zooms out twofold around the middle (or the present, when following it). */
    public void zoomOut() {
        zoom(1 / KEY_ZOOM, plot().x + scale.width() / 2);
    }

    /**
     * Moves the visible range; moving back in time stops following the present.
     *
     * @param dx how far the content moves right, in pixels: positive shows earlier times
     */
    public void pan(int dx) {
        checkWidget();
        if (dx > 0) {
            followLive = false;
        }
        setScale(scale.panned(dx));
        if (followLive) {
            follow();
        }
    }

    /** Shows all items of the model, with a small margin (the last hour when there are none). */
    public void zoomToFit() {
        checkWidget();
        long[] extent = model == null ? null : model.extent();
        long now = now();
        TimeScale fitted;
        if (extent == null) {
            fitted = TimeScale.of(now - DEFAULT_SPAN, now, plot().width);
        } else {
            long latest = hasOpenEnd(extent) ? Math.max(extent[1], now) : extent[1];
            fitted = TimeScale.fitting(extent[0], latest, plot().width, 0.02);
        }
        if (!sized) {
            pendingRange = new long[] { fitted.start(), fitted.end() };
        }
        setScale(fitted);
        if (followLive) {
            follow();
        }
    }

    private boolean hasOpenEnd(long[] extent) {
        // An open item reaches the present; the extent holds only its start.
        for (TimelineLane lane : lanes) {
            for (TimelineItem item : model.itemsIn(lane.id(), extent[1], Long.MAX_VALUE, 1)) {
                if (item.isOpen()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Zooms to a time range and stops following the present.
     *
     * @param from the earliest time
     * @param to the latest time
     */
    public void zoomToRange(long from, long to) {
        checkWidget();
        setVisibleRange(Math.min(from, to), Math.max(from, to));
    }

    /**
     * @param follow whether the widget keeps the present in view (at the right, as time passes
     *        and items arrive); panning back in time turns it off
     */
    public void setFollowLive(boolean follow) {
        checkWidget();
        followLive = follow;
        if (follow) {
            follow();
        }
    }

    /** @return whether the widget keeps the present in view */
    public boolean isFollowLive() {
        checkWidget();
        return followLive;
    }

    private void follow() {
        long target = now() + Math.round(scale.span() * (1 - LIVE_POSITION));
        setScale(scale.endingAt(target));
    }

    // ---- geometry and hit testing ----

    private Rectangle plot() {
        return painter.layout().plot(getClientArea());
    }

    /**
     * @param time a time
     * @return its x in widget coordinates (possibly outside the widget)
     */
    public int xOf(long time) {
        checkWidget();
        return plot().x + (int) Math.round(scale.x(time));
    }

    /**
     * @param x an x in widget coordinates
     * @return the time there
     */
    public long timeAt(int x) {
        checkWidget();
        return scale.time(x - plot().x);
    }

    /**
     * @param laneId a lane
     * @param row one of its rows
     * @return the row's bounds in the plot, in widget coordinates (outside the client area when
     *         scrolled out of view), or null for an unknown lane
     */
    public Rectangle getRowBounds(String laneId, TimelineRow row) {
        checkWidget();
        int index = laneIndex(laneId);
        if (index < 0) {
            return null;
        }
        Rectangle client = getClientArea();
        Rectangle plot = plot();
        TimelineLayout layout = painter.layout();
        return new Rectangle(plot.x, layout.rowTop(client, index, row, scrollY), plot.width, layout.rowHeight());
    }

    /**
     * The widget's hit test: the lane and item at a point.
     *
     * @param x an x in widget coordinates
     * @param y a y in widget coordinates
     * @return the lane there and the item of its row there, the lane alone when no item is near,
     *         or null when the point is on no lane
     */
    public TimelineSelection itemAt(int x, int y) {
        checkWidget();
        Rectangle client = getClientArea();
        TimelineLayout.RowHit hit = painter.layout().rowAt(client, y, scrollY, lanes.size());
        if (hit == null) {
            return null;
        }
        TimelineLane lane = lanes.get(hit.lane());
        Rectangle plot = plot();
        if (x < plot.x || x >= plot.x + plot.width || model == null) {
            return new TimelineSelection(lane, null);
        }
        double plotX = x - plot.x;
        long from = scale.time(plotX - HIT_TOLERANCE - 1);
        long to = scale.time(plotX + HIT_TOLERANCE + 1) + 1;
        List<TimelineItem> items = model.itemsIn(lane.id(), from, to, scale.resolution());
        return new TimelineSelection(lane, ItemHits.pick(items, hit.row(), scale, plotX, now(), HIT_TOLERANCE));
    }

    // ---- selection ----

    /** @return the selected lane and item, or null when no lane is selected */
    public TimelineSelection getSelection() {
        checkWidget();
        TimelineLane lane = selectedLane == null ? null : lane(selectedLane);
        return lane == null ? null : new TimelineSelection(lane, selectedItem);
    }

    /**
     * Selects a lane (and scrolls it into view) without an item; does not tell the selection listeners.
     *
     * @param laneId the lane, or null to select nothing
     */
    public void setSelectedLane(String laneId) {
        checkWidget();
        setSelection(laneId, null);
    }

    /**
     * Selects an item of a lane (and scrolls the lane into view); does not tell the selection
     * listeners, as SWT's own setters do not.
     *
     * @param laneId the lane, or null to select nothing
     * @param item an item of the lane, or null to select the lane only
     */
    public void setSelection(String laneId, TimelineItem item) {
        checkWidget();
        if (laneId != null && laneIndex(laneId) < 0) {
            laneId = null;
            item = null;
        }
        selectedLane = laneId;
        selectedItem = laneId == null ? null : item;
        if (laneId != null) {
            reveal(laneIndex(laneId));
        }
        redraw();
    }

    /** @param listener hears of selections the user makes */
    public void addSelectionListener(TimelineSelectionListener listener) {
        checkWidget();
        selectionListeners.add(Objects.requireNonNull(listener));
    }

    /** @param listener hears of no more selections */
    public void removeSelectionListener(TimelineSelectionListener listener) {
        checkWidget();
        selectionListeners.remove(listener);
    }

    private void selectByUser(TimelineSelection selection) {
        String laneId = selection == null ? null : selection.lane().id();
        TimelineItem item = selection == null ? null : selection.item();
        if (Objects.equals(laneId, selectedLane) && Objects.equals(item, selectedItem)) {
            return;
        }
        setSelection(laneId, item);
        TimelineSelection current = getSelection();
        for (TimelineSelectionListener listener : selectionListeners) {
            listener.selectionChanged(current);
        }
    }

    private void reveal(int lane) {
        TimelineLayout layout = painter.layout();
        int top = lane * layout.laneHeight();
        int visible = Math.max(0, plot().height);
        int newScroll = scrollY;
        if (top < scrollY) {
            newScroll = top;
        } else if (top + layout.laneHeight() > scrollY + visible) {
            newScroll = top + layout.laneHeight() - visible;
        }
        setScrollY(newScroll);
    }

    private void setScrollY(int value) {
        int max = Math.max(0, painter.layout().contentHeight(lanes.size()) - plot().height);
        int clamped = Math.max(0, Math.min(max, value));
        if (clamped != scrollY) {
            scrollY = clamped;
            ScrollBar bar = getVerticalBar();
            if (bar != null) {
                bar.setSelection(scrollY);
            }
            redraw();
        }
    }

    /** @return the item the pointer is over, or null */
    public TimelineItem getHoveredItem() {
        checkWidget();
        return hoveredItem;
    }

    private void setHovered(TimelineSelection hit) {
        TimelineItem item = hit == null ? null : hit.item();
        if (Objects.equals(item, hoveredItem)) {
            return;
        }
        hoveredItem = item;
        setToolTipText(item == null ? null : ItemDescriptions.describe(hit.lane(), item, now(), zone));
    }

    // ---- export ----

    /**
     * Writes the widget as it shows now (the visible range, the lanes in view, the axis and the
     * legend) to a PNG file of the widget's client area size.
     *
     * @param file the file to write; replaced if it exists
     * @throws IOException if it cannot be written
     */
    public void exportPng(Path file) throws IOException {
        checkWidget();
        Rectangle client = getClientArea();
        Image image = new Image(getDisplay(), Math.max(1, client.width), Math.max(1, client.height));
        try {
            GC gc = new GC(image);
            try {
                paintFrame(gc, new Rectangle(0, 0, client.width, client.height),
                        new Rectangle(0, 0, client.width, client.height));
            } finally {
                gc.dispose();
            }
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                loader.save(file.toString(), SWT.IMAGE_PNG);
            } catch (SWTException e) {
                throw new IOException("Cannot write " + file + ": " + e.getMessage(), e);
            }
        } finally {
            image.dispose();
        }
    }

    // ---- painting ----

    private void onPaint(Event event) {
        long start = System.nanoTime();
        paintFrame(event.gc, new Rectangle(event.x, event.y, event.width, event.height), getClientArea());
        lastPaintNanos = System.nanoTime() - start;
    }

    /**
     * @return how long the last paint event took to draw, in nanoseconds: for benchmarks and for
     *         a view that wants to report its drawing time
     */
    public long lastPaintNanos() {
        return lastPaintNanos;
    }

    /** Paints the part {@code clip} of the frame over {@code client}. */
    void paintFrame(GC gc, Rectangle clip, Rectangle client) {
        long now = now();
        paintedNow = now;
        int bandFrom = banding ? downX : 0;
        int bandEnd = banding ? bandTo : 0;
        TimelinePainter.Frame frame = new TimelinePainter.Frame(lanes, scale, scrollY, now, selectedLane,
                selectedItem, bandFrom, bandEnd);
        painter.paint(gc, clip, client, frame, model == null ? EmptyModel.INSTANCE : model);
    }

    private void onResize() {
        Rectangle plot = plot();
        if (plot.width > 1 && !sized) {
            sized = true;
            if (pendingRange != null) {
                scale = TimeScale.of(pendingRange[0], pendingRange[1], plot.width);
                pendingRange = null;
            } else {
                scale = TimeScale.of(scale.start(), scale.end(), plot.width);
                if (model != null && !followLive) {
                    zoomToFit();
                }
            }
        } else {
            scale = scale.withWidth(plot.width);
        }
        if (followLive) {
            follow();
        }
        updateScrollBar();
        redraw();
    }

    private void updateScrollBar() {
        ScrollBar bar = getVerticalBar();
        if (bar == null) {
            return;
        }
        int content = painter.layout().contentHeight(lanes.size());
        int visible = Math.max(1, plot().height);
        bar.setMaximum(Math.max(1, content));
        bar.setThumb(Math.min(visible, Math.max(1, content)));
        bar.setPageIncrement(visible);
        bar.setIncrement(painter.layout().rowHeight());
        bar.setVisible(content > visible);
        int max = Math.max(0, content - visible);
        if (scrollY > max) {
            scrollY = max;
        }
        bar.setSelection(scrollY);
    }

    // ---- live ----

    private void liveTick() {
        if (isDisposed()) {
            return;
        }
        if (isVisible()) {
            if (followLive) {
                follow();
            } else {
                // Open items grow to the present: repaint the strip between the last paint's present and now.
                long now = now();
                int from = xOf(Math.min(paintedNow, now)) - 8;
                int to = xOf(now) + 8;
                Rectangle plot = plot();
                int left = Math.max(from, plot.x);
                int right = Math.min(to, plot.x + plot.width);
                if (right > left) {
                    redraw(left, plot.y, right - left, plot.height, false);
                }
            }
        }
        getDisplay().timerExec(LIVE_INTERVAL, liveTick);
    }

    private final class ModelListener implements TimelineModelListener {

        @Override
        public void itemsChanged(String laneId, long from, long to) {
            synchronized (dirtyLock) {
                long[] range = dirtyRanges.get(laneId);
                if (range == null) {
                    dirtyRanges.put(laneId, new long[] { from, to });
                } else {
                    range[0] = Math.min(range[0], from);
                    range[1] = Math.max(range[1], to);
                }
            }
            scheduleFlush();
        }

        @Override
        public void lanesChanged() {
            synchronized (dirtyLock) {
                lanesDirty = true;
            }
            scheduleFlush();
        }

        private void scheduleFlush() {
            synchronized (dirtyLock) {
                if (flushScheduled) {
                    return;
                }
                flushScheduled = true;
            }
            Display display = getDisplay();
            if (!display.isDisposed()) {
                try {
                    display.asyncExec(TimelineWidget.this::flushChanges);
                } catch (SWTException e) {
                    // The display went away meanwhile: nothing left to repaint.
                }
            }
        }
    }

    /** On the UI thread: repaints what the model changes since the last flush touched. */
    private void flushChanges() {
        Map<String, long[]> ranges;
        boolean lanesChanged;
        synchronized (dirtyLock) {
            ranges = dirtyRanges;
            dirtyRanges = new LinkedHashMap<>();
            lanesChanged = lanesDirty;
            lanesDirty = false;
            flushScheduled = false;
        }
        if (isDisposed()) {
            return;
        }
        if (selectedItem != null && model != null && ranges.containsKey(selectedLane)) {
            // Keep the selection's figures current (a resync's progress, a snapshot's end).
            for (TimelineItem item : model.itemsIn(selectedLane, selectedItem.start(), selectedItem.start() + 1, 1)) {
                if (item.id().equals(selectedItem.id()) && item.row() == selectedItem.row()) {
                    selectedItem = item;
                }
            }
        }
        if (lanesChanged) {
            refreshLanes();
            redraw();
        }
        if (followLive) {
            TimeScale before = scale;
            follow();
            if (!before.equals(scale)) {
                return;
            }
        }
        if (lanesChanged) {
            return;
        }
        Rectangle client = getClientArea();
        Rectangle plot = plot();
        TimelineLayout layout = painter.layout();
        for (Map.Entry<String, long[]> entry : ranges.entrySet()) {
            int index = laneIndex(entry.getKey());
            if (index < 0) {
                continue;
            }
            long to = Math.min(entry.getValue()[1], Math.max(now(), scale.end()));
            int x0 = Math.max(plot.x, xOf(entry.getValue()[0]) - 2);
            int x1 = Math.min(plot.x + plot.width, Math.max(xOf(to), x0) + TimelinePainter.LABEL_REACH);
            int top = Math.max(plot.y, layout.laneTop(client, index, scrollY));
            int bottom = Math.min(plot.y + plot.height, layout.laneTop(client, index, scrollY) + layout.laneHeight());
            if (x1 > x0 && bottom > top) {
                redraw(x0, top, x1 - x0, bottom - top, false);
            }
        }
    }

    // ---- input ----

    private void onMouseDown(Event event) {
        if (event.button != 1) {
            return;
        }
        setFocus();
        buttonDown = true;
        dragging = false;
        banding = false;
        downX = event.x;
        downY = event.y;
        downScale = scale;
    }

    private void onMouseMove(Event event) {
        if (!buttonDown) {
            setHovered(itemAt(event.x, event.y));
            return;
        }
        if (!dragging && Math.abs(event.x - downX) <= CLICK_SLOP && Math.abs(event.y - downY) <= CLICK_SLOP) {
            return;
        }
        if (!dragging) {
            dragging = true;
            banding = (event.stateMask & SWT.SHIFT) != 0;
            setHovered(null);
        }
        if (banding) {
            Rectangle plot = plot();
            bandTo = Math.max(plot.x, Math.min(plot.x + plot.width, event.x));
            redraw(plot.x, plot.y, plot.width, plot.height, false);
        } else {
            int dx = event.x - downX;
            if (dx > 0) {
                followLive = false;
            }
            setScale(downScale.panned(dx));
            if (followLive) {
                follow();
            }
            setScrollY(scrollY - (event.y - downY));
            downY = event.y;
        }
    }

    private void onMouseUp(Event event) {
        if (event.button != 1 || !buttonDown) {
            return;
        }
        buttonDown = false;
        if (!dragging) {
            selectByUser(itemAt(event.x, event.y));
            return;
        }
        dragging = false;
        if (banding) {
            banding = false;
            if (Math.abs(bandTo - downX) > CLICK_SLOP) {
                zoomToRange(timeAt(downX), timeAt(bandTo));
            }
            redraw();
        }
    }

    private void onWheel(Event event) {
        event.doit = false;
        if (event.count == 0) {
            return;
        }
        if ((event.stateMask & SWT.SHIFT) != 0) {
            setScrollY(scrollY - event.count * painter.layout().rowHeight());
            return;
        }
        zoom(event.count > 0 ? WHEEL_ZOOM : 1 / WHEEL_ZOOM, event.x);
    }

    private void onTraverse(Event event) {
        switch (event.detail) {
        case SWT.TRAVERSE_ARROW_NEXT, SWT.TRAVERSE_ARROW_PREVIOUS -> event.doit = false;
        default -> {
        }
        }
    }

    private void onKey(Event event) {
        switch (event.keyCode) {
        case SWT.ARROW_LEFT -> pan(Math.max(1, scale.width() / 10));
        case SWT.ARROW_RIGHT -> pan(-Math.max(1, scale.width() / 10));
        case SWT.ARROW_UP -> selectNeighbourLane(-1);
        case SWT.ARROW_DOWN -> selectNeighbourLane(1);
        case SWT.HOME -> zoomToFit();
        case SWT.END -> setFollowLive(true);
        case SWT.KEYPAD_ADD -> zoomIn();
        case SWT.KEYPAD_SUBTRACT -> zoomOut();
        case SWT.ESC -> {
            if (banding) {
                banding = false;
                dragging = false;
                buttonDown = false;
                redraw();
            }
        }
        default -> {
            if (event.character == '+' || event.character == '=') {
                zoomIn();
            } else if (event.character == '-') {
                zoomOut();
            }
        }
        }
    }

    private void selectNeighbourLane(int direction) {
        if (lanes.isEmpty()) {
            return;
        }
        int index = selectedLane == null ? (direction > 0 ? -1 : lanes.size()) : laneIndex(selectedLane);
        int next = Math.max(0, Math.min(lanes.size() - 1, index + direction));
        selectByUser(new TimelineSelection(lanes.get(next), null));
    }

    private void onDispose() {
        if (model != null) {
            model.removeListener(modelListener);
        }
        painter.dispose();
        boldFont.dispose();
    }

    @Override
    public Point computeSize(int widthHint, int heightHint, boolean changed) {
        checkWidget();
        TimelineLayout layout = painter.layout();
        int width = widthHint != SWT.DEFAULT ? widthHint : 800;
        int height = heightHint != SWT.DEFAULT ? heightHint
                : layout.axisHeight() + layout.legendHeight() + layout.contentHeight(Math.max(1, lanes.size()));
        Rectangle trim = computeTrim(0, 0, width, height);
        return new Point(trim.width, trim.height);
    }

    /** The model of a widget without one. */
    private static final class EmptyModel implements TimelineModel {

        static final EmptyModel INSTANCE = new EmptyModel();

        @Override
        public List<TimelineLane> lanes() {
            return List.of();
        }

        @Override
        public List<TimelineItem> itemsIn(String laneId, long from, long to, long resolution) {
            return List.of();
        }

        @Override
        public long[] extent() {
            return null;
        }

        @Override
        public void addListener(TimelineModelListener listener) {
        }

        @Override
        public void removeListener(TimelineModelListener listener) {
        }
    }
}
