package dev.mirrorline.ui.timeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Device;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Pattern;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;

/**
 * Draws a frame of the timeline on a GC: the axis, the lanes with their items, the header column
 * and the legend, within a clip rectangle. Only the lanes and the time range inside the clip are
 * queried. Items narrower than a few pixels are merged into runs per row and style, and markers
 * closer than two pixels share one mark, so that the number of rectangles depends on the widget's
 * size, not on the number of items; the plain rectangles of all lanes are gathered by colour and
 * filled with one path each, since a fill call costs far more than a rectangle in it.
 */
final class TimelinePainter {

    /** What a frame shows, besides the model. */
    record Frame(List<TimelineLane> lanes, TimeScale scale, int scrollY, long now, String selectedLane,
            TimelineItem selectedItem, int bandFrom, int bandTo) {

        boolean hasBand() {
            return bandFrom != bandTo;
        }
    }

    /** How far left of a clip the items are queried, for the labels of markers left of it. */
    static final int LABEL_REACH = 160;
    /** Items at least this wide are drawn one by one, with their details; narrower ones merge. */
    private static final int DETAILED_WIDTH = 4;
    private static final int MARKER_HALF_WIDTH = 4;

    private static final Color CONNECTED = color(TimelinePalette.CONNECTED);
    private static final Color INTERRUPTED = color(TimelinePalette.INTERRUPTED);
    private static final Color FREEZE = color(TimelinePalette.FREEZE);
    private static final Color SNAPSHOT = color(TimelinePalette.SNAPSHOT);
    private static final Color RESYNC = color(TimelinePalette.RESYNC);
    private static final Color RESYNC_REMAINING = color(TimelinePalette.RESYNC_REMAINING);
    private static final Color DRILL = color(TimelinePalette.DRILL);
    private static final Color HATCH = color(TimelinePalette.HATCH);
    private static final Color EMPHASIS = color(TimelinePalette.EMPHASIS);
    private static final Color BACKGROUND = color(TimelinePalette.BACKGROUND);
    private static final Color ALTERNATE_LANE = color(TimelinePalette.ALTERNATE_LANE);
    private static final Color SELECTED_LANE = color(TimelinePalette.SELECTED_LANE);
    private static final Color CHROME = color(TimelinePalette.CHROME);
    private static final Color GRID = color(TimelinePalette.GRID);
    private static final Color TEXT = color(TimelinePalette.TEXT);
    private static final Color QUIET_TEXT = color(TimelinePalette.QUIET_TEXT);

    private final Font font;
    private final Font boldFont;
    private TimelineLayout layout;
    /** Text widths by font: measuring through Pango costs more than drawing a bar. */
    private final Map<Font, Map<String, Point>> extents = new HashMap<>();
    private static final int EXTENT_CACHE_LIMIT = 4096;
    private final TimeAxis axis;
    private final int fontHeight;

    private final Device device;
    /** A lane's items, row by row; reused from lane to lane. */
    private final List<List<TimelineItem>> byRow = new ArrayList<>();
    private Image hatchTile;

    private Pattern hatchPattern;
    private Image nowTile;
    private Pattern nowPattern;
    /** The rows' names, drawn once per lane background: drawing text costs more than copying pixels. */
    private final Map<RGB, Image> rowNames = new HashMap<>();

    // Plain rectangles of a frame's items, filled after all lanes are gathered, in this order
    // (connected under interrupted; the other rows do not overlap each other).
    // (connected under interrupted, a resync's part still to do under its part done, a snapshot's
    // bar under its edges; the rows do not overlap each other). Then the hatched interruptions,
    // then the labels.
    private final RectangleBatch connectedBars = new RectangleBatch(CONNECTED);
    private final RectangleBatch interruptedBars = new RectangleBatch(INTERRUPTED);
    private final RectangleBatch resyncRemainingBars = new RectangleBatch(RESYNC_REMAINING);
    private final RectangleBatch snapshotBars = new RectangleBatch(SNAPSHOT);
    private final RectangleBatch resyncBars = new RectangleBatch(RESYNC);
    private final RectangleBatch freezeMarks = new RectangleBatch(FREEZE);
    private final RectangleBatch drillMarks = new RectangleBatch(DRILL);
    private final List<RectangleBatch> batches = List.of(connectedBars, interruptedBars, resyncRemainingBars,
            snapshotBars, resyncBars, freezeMarks, drillMarks);
    /** Interruptions wide enough to be hatched, filled with the hatch pattern over the plain rectangles. */
    private final RectangleBatch hatchedBars = new RectangleBatch(INTERRUPTED);
    /** The plain patches under the labels of hatched interruptions. */
    private final RectangleBatch labelPatches = new RectangleBatch(INTERRUPTED);
    /** The labels of a frame, drawn over everything else of the lanes. */
    private final FrameLabels labels = new FrameLabels();
    /**
     * The texts of labels, ticks and legend laid out, kept for the next frames (most frames show
     * the texts of the last).
     */
    private final LabelLayouts labelLayouts;
    /** The lanes' names and the days on the axis laid out in bold. */
    private final LabelLayouts boldLayouts;
    /** How many laid out texts are kept: more than a frame of 20 lanes shows. */
    private static final int LABEL_LAYOUTS_KEPT = 1024;
    private static final int BOLD_LAYOUTS_KEPT = 256;

    TimelinePainter(Device device, Font font, Font boldFont, int fontHeight, TimelineLayout layout, TimeAxis axis) {
        this.device = device;
        for (int i = 0; i < TimelineRow.values().length; i++) {
            byRow.add(new ArrayList<>());
        }
        this.font = font;
        this.boldFont = boldFont;
        this.fontHeight = fontHeight;
        this.layout = layout;
        this.axis = axis;
        this.labelLayouts = new LabelLayouts(device, font, LABEL_LAYOUTS_KEPT);
        this.boldLayouts = new LabelLayouts(device, boldFont, BOLD_LAYOUTS_KEPT);
    }

    /** The size of a text in the GC's current font, measured once per font and text. */
    private Point extent(GC gc, String text) {
        Map<String, Point> ofFont = extents.computeIfAbsent(gc.getFont(), font -> new HashMap<>());
        Point extent = ofFont.get(text);
        if (extent == null) {
            if (ofFont.size() >= EXTENT_CACHE_LIMIT) {
                ofFont.clear();
            }
            extent = gc.textExtent(text);
            ofFont.put(text, extent);
        }
        return extent;
    }

    private static Color color(RGB rgb) {
        return new Color(rgb);
    }

    TimelineLayout layout() {
        return layout;
    }

    /** Frees the images and the patterns the painter made. */
    void dispose() {
        if (hatchPattern != null) {
            hatchPattern.dispose();
            hatchTile.dispose();
            hatchPattern = null;
        }
        if (nowPattern != null) {
            nowPattern.dispose();
            nowTile.dispose();
            nowPattern = null;
        }
        rowNames.values().forEach(Image::dispose);
        rowNames.clear();
        labelLayouts.dispose();
        boldLayouts.dispose();
    }

    /** Minimum and maximum widths of the header column. */
    private static final int HEADER_MIN = 150;
    private static final int HEADER_MAX = 320;

    /**
     * Widens the header column so that the lanes' names fit beside the rows' names, within limits.
     *
     * @param gc a GC to measure with
     * @param lanes the lanes
     */
    void fitHeader(GC gc, List<TimelineLane> lanes) {
        gc.setFont(font);
        int rowNames = 0;
        for (TimelineRow row : TimelineRow.values()) {
            rowNames = Math.max(rowNames, extent(gc, rowName(row)).x);
        }
        gc.setFont(boldFont);
        int labels = 0;
        for (TimelineLane lane : lanes) {
            labels = Math.max(labels, extent(gc, lane.label()).x);
        }
        gc.setFont(font);
        layout = layout.withHeaderWidth(Math.max(HEADER_MIN, Math.min(HEADER_MAX, labels + rowNames + 26)));
    }

    TimeAxis axis() {
        return axis;
    }

    /**
     * Paints the part of the frame inside {@code clip}.
     *
     * @param gc where to paint
     * @param clip the part to paint
     * @param client the whole widget's area
     * @param frame what to show
     * @param model where the items come from
     */
    void paint(GC gc, Rectangle clip, Rectangle client, Frame frame, TimelineModel model) {
        // Everything but text is rectangles, straight lines and small markers on whole pixels:
        // without anti-aliasing they look the same, and a marker's fill costs a fraction.
        gc.setAntialias(SWT.OFF);
        gc.setFont(font);
        gc.setLineWidth(1);
        gc.setLineStyle(SWT.LINE_SOLID);
        Rectangle plot = layout.plot(client);
        TimeAxis.Ticks ticks = axis.ticks(frame.scale(), text -> extent(gc, text).x);

        Rectangle lanesArea = new Rectangle(client.x, plot.y, client.width, plot.height);
        if (clip.intersects(lanesArea)) {
            Rectangle lanesClip = clip.intersection(lanesArea);
            paintLanes(gc, lanesClip, client, plot, frame, model, ticks);
        }
        Rectangle axisArea = new Rectangle(client.x, client.y, client.width, layout.axisHeight());
        if (clip.intersects(axisArea)) {
            gc.setClipping(clip.intersection(axisArea));
            paintAxis(gc, client, plot, ticks);
        }
        Rectangle legendArea = new Rectangle(client.x, plot.y + plot.height, client.width,
                client.y + client.height - plot.y - plot.height);
        if (clip.intersects(legendArea)) {
            gc.setClipping(clip.intersection(legendArea));
            paintLegend(gc, legendArea);
        }
        gc.setClipping((Rectangle) null);
    }

    private void paintLanes(GC gc, Rectangle clip, Rectangle client, Rectangle plot, Frame frame,
            TimelineModel model, TimeAxis.Ticks ticks) {
        gc.setClipping(clip);
        gc.setBackground(BACKGROUND);
        gc.fillRectangle(clip);
        List<TimelineLane> lanes = frame.lanes();
        if (lanes.isEmpty()) {
            gc.setForeground(QUIET_TEXT);
            String text = Messages.Empty_noLanes;
            Point extent = extent(gc, text);
            gc.drawText(text, plot.x + (plot.width - extent.x) / 2, plot.y + 20, true);
            return;
        }
        int first = layout.firstLaneBelow(client, clip.y, frame.scrollY());
        int last = Math.min(lanes.size() - 1, layout.firstLaneBelow(client, clip.y + clip.height - 1, frame.scrollY()));
        for (int lane = first; lane <= last; lane++) {
            int top = layout.laneTop(client, lane, frame.scrollY());
            Rectangle laneArea = new Rectangle(client.x, top, client.width, layout.laneHeight() - layout.laneGap());
            boolean selected = lanes.get(lane).id().equals(frame.selectedLane());
            gc.setBackground(selected ? SELECTED_LANE : lane % 2 == 1 ? ALTERNATE_LANE : BACKGROUND);
            gc.fillRectangle(laneArea.intersection(clip));
        }
        Rectangle plotClip = clip.intersection(plot);
        if (!plotClip.isEmpty()) {
            gc.setClipping(plotClip);
            gc.setForeground(GRID);
            for (TimeAxis.Tick tick : ticks.ticks()) {
                int x = plot.x + (int) Math.round(tick.x());
                gc.drawLine(x, plotClip.y, x, plotClip.y + plotClip.height);
            }
            TimeScale scale = frame.scale();
            long from = scale.time(plotClip.x - plot.x - LABEL_REACH);
            long to = scale.time(plotClip.x + plotClip.width - plot.x + MARKER_HALF_WIDTH + 1) + 1;
            batches.forEach(RectangleBatch::clear);
            hatchedBars.clear();
            labelPatches.clear();
            labels.clear();
            for (int lane = first; lane <= last; lane++) {
                List<TimelineItem> items = model.itemsIn(lanes.get(lane).id(), from, to, scale.resolution());
                for (List<TimelineItem> ofRow : byRow) {
                    ofRow.clear();
                }
                for (TimelineItem item : items) {
                    byRow.get(item.row().ordinal()).add(item);
                }
                int top = layout.laneTop(client, lane, frame.scrollY());
                for (TimelineRow row : TimelineRow.values()) {
                    paintRow(gc, byRow.get(row.ordinal()), row, top + row.ordinal() * layout.rowHeight(), plot, frame);
                }
            }
            for (RectangleBatch batch : batches) {
                batch.fill(gc, device);
            }
            hatchedBars.fill(gc, device, hatchPattern());
            labelPatches.fill(gc, device);
            labels.draw(gc, labelLayouts);
            for (int lane = first; lane <= last; lane++) {
                if (frame.selectedItem() != null && lanes.get(lane).id().equals(frame.selectedLane())) {
                    paintSelection(gc, frame.selectedItem(), layout.laneTop(client, lane, frame.scrollY()), plot, frame);
                }
            }
            paintNow(gc, plot, plotClip, frame);
            paintBand(gc, plotClip, frame);
        }
        Rectangle header = new Rectangle(client.x, plot.y, layout.headerWidth(), plot.height);
        Rectangle headerClip = clip.intersection(header);
        if (!headerClip.isEmpty()) {
            gc.setClipping(headerClip);
            paintHeader(gc, client, headerClip, first, last, frame);
        }
    }

    private void paintHeader(GC gc, Rectangle client, Rectangle headerClip, int first, int last, Frame frame) {
        gc.setBackground(CHROME);
        gc.fillRectangle(headerClip);
        int right = client.x + layout.headerWidth() - 6;
        int rowNamesWidth = 0;
        for (TimelineRow row : TimelineRow.values()) {
            rowNamesWidth = Math.max(rowNamesWidth, extent(gc, rowName(row)).x);
        }
        for (int lane = first; lane <= last; lane++) {
            TimelineLane timelineLane = frame.lanes().get(lane);
            int top = layout.laneTop(client, lane, frame.scrollY());
            boolean selected = timelineLane.id().equals(frame.selectedLane());
            if (selected) {
                gc.setBackground(SELECTED_LANE);
                gc.fillRectangle(client.x, top, layout.headerWidth(), layout.laneHeight() - layout.laneGap());
                gc.setBackground(EMPHASIS);
                gc.fillRectangle(client.x, top, 3, layout.laneHeight() - layout.laneGap());
            }
            gc.drawImage(rowNames(gc, selected ? TimelinePalette.SELECTED_LANE : TimelinePalette.CHROME),
                    right - rowNamesWidth, top);
            gc.setFont(boldFont);
            gc.setForeground(TEXT);
            String label = fitted(gc, timelineLane.label(), layout.headerWidth() - rowNamesWidth - 20);
            boldLayouts.layout(label).draw(gc, client.x + 8, top + (layout.rowHeight() - fontHeight) / 2);
            gc.setFont(font);
            gc.setForeground(GRID);
            int bottom = top + layout.laneHeight() - layout.laneGap() / 2;
            gc.drawLine(client.x, bottom, client.x + client.width, bottom);
        }
        gc.setForeground(GRID);
        gc.drawLine(client.x + layout.headerWidth() - 1, headerClip.y, client.x + layout.headerWidth() - 1,
                headerClip.y + headerClip.height);
    }

    /** The rows' names, right-aligned, on a background, as an image as tall as the rows. */
    private Image rowNames(GC measuring, RGB background) {
        Image image = rowNames.get(background);
        if (image == null) {
            int width = 1;
            for (TimelineRow row : TimelineRow.values()) {
                width = Math.max(width, extent(measuring, rowName(row)).x);
            }
            image = new Image(device, width, TimelineRow.values().length * layout.rowHeight());
            GC gc = new GC(image);
            try {
                gc.setBackground(color(background));
                gc.fillRectangle(image.getBounds());
                gc.setFont(font);
                gc.setForeground(QUIET_TEXT);
                for (TimelineRow row : TimelineRow.values()) {
                    String name = rowName(row);
                    int y = row.ordinal() * layout.rowHeight() + (layout.rowHeight() - fontHeight) / 2;
                    gc.drawText(name, width - gc.textExtent(name).x, y, true);
                }
            } finally {
                gc.dispose();
            }
            rowNames.put(background, image);
        }
        return image;
    }

    static String rowName(TimelineRow row) {
        return switch (row) {
        case LINK -> Messages.Row_link;
        case FREEZE -> Messages.Row_freeze;
        case SNAPSHOT -> Messages.Row_snapshot;
        case RESYNC -> Messages.Row_resync;
        case DRILL -> Messages.Row_drill;
        };
    }

    private String fitted(GC gc, String text, int width) {
        if (extent(gc, text).x <= width) {
            return text;
        }
        for (int length = text.length() - 1; length > 0; length--) {
            String shorter = text.substring(0, length) + "\u2026";
            if (extent(gc, shorter).x <= width) {
                return shorter;
            }
        }
        return "\u2026";
    }

    /** A run of narrow items of one style, gathered as one rectangle until the next item does not touch it. */
    private static final class Run {
        int from = Integer.MIN_VALUE;
        int to = Integer.MIN_VALUE;

        /** @return whether the run was extended; if not, the caller flushes it and starts another */
        boolean extend(int x0, int x1) {
            if (from != Integer.MIN_VALUE && x0 <= to + 1) {
                to = Math.max(to, x1);
                return true;
            }
            return false;
        }

        boolean isEmpty() {
            return from == Integer.MIN_VALUE;
        }
    }

    private void paintRow(GC gc, List<TimelineItem> items, TimelineRow row, int top, Rectangle plot, Frame frame) {
        int height = layout.rowHeight();
        switch (row) {
        case LINK -> paintLinks(gc, items, top, height, plot, frame);
        case SNAPSHOT -> paintSpans(gc, items, snapshotBars, top, height, plot, frame);
        case RESYNC -> paintSpans(gc, items, resyncBars, top, height, plot, frame);
        case FREEZE -> paintMarkers(gc, items, row, freezeMarks, top, height, plot, frame);
        case DRILL -> paintMarkers(gc, items, row, drillMarks, top, height, plot, frame);
        }
    }

    /**
     * Gathers the link row in one pass: connected spans as thin bars; interruptions as solid runs
     * where narrow, or to be hatched and labelled over everything else where wide enough, so that
     * a short outage inside a long connected run still shows.
     */
    private void paintLinks(GC gc, List<TimelineItem> items, int top, int height, Rectangle plot, Frame frame) {
        TimeScale scale = frame.scale();
        Run connected = new Run();
        Run interrupted = new Run();
        int left = plot.x - 2;
        int right = plot.x + plot.width + 2;
        int barTop = top + height / 2 - 2;
        for (TimelineItem item : items) {
            LinkSpan link = (LinkSpan) item;
            int x0 = clampX(plot.x + scale.x(link.start()), left, right);
            int x1 = clampX(plot.x + scale.x(link.endAt(frame.now())), left, right);
            if (link.state() == LinkSpan.State.CONNECTED) {
                if (x1 - x0 >= DETAILED_WIDTH) {
                    connectedBars.add(x0, barTop, x1 - x0, 4);
                } else if (!connected.extend(x0, x1)) {
                    addRun(connected, connectedBars, barTop, 4);
                    connected.from = x0;
                    connected.to = x1;
                }
            } else if (x1 - x0 >= DETAILED_WIDTH) {
                hatchedBars.add(x0, top + 2, x1 - x0, height - 4);
                int visibleFrom = Math.max(x0, plot.x) + 3;
                int visibleTo = Math.min(x1, plot.x + plot.width) - 3;
                if (!link.isOpen() && mayFit(visibleFrom, visibleTo)) {
                    // The hatching gives way to the label, so that it reads.
                    placeLabel(gc, NLS.bind(Messages.Label_interrupted, Formats.duration(link.end() - link.start())),
                            visibleFrom, visibleTo, top, height, TEXT, true);
                }
            } else if (!interrupted.extend(x0, x1)) {
                addRun(interrupted, interruptedBars, top + 2, height - 4);
                interrupted.from = x0;
                interrupted.to = x1;
            }
        }
        addRun(connected, connectedBars, barTop, 4);
        addRun(interrupted, interruptedBars, top + 2, height - 4);
    }

    /** Snapshots and resyncs: wide ones with their details, narrow ones gathered into runs. */
    private void paintSpans(GC gc, List<TimelineItem> items, RectangleBatch narrow, int top, int height,
            Rectangle plot, Frame frame) {
        TimeScale scale = frame.scale();
        Run run = new Run();
        int left = plot.x - 2;
        int right = plot.x + plot.width + 2;
        for (TimelineItem item : items) {
            int x0 = clampX(plot.x + scale.x(item.start()), left, right);
            int x1 = clampX(plot.x + scale.x(item.endAt(frame.now())), left, right);
            if (x1 - x0 >= DETAILED_WIDTH) {
                paintSpan(gc, item, x0, x1, top, height, plot);
                continue;
            }
            if (!run.extend(x0, x1)) {
                addRun(run, narrow, top + 3, height - 6);
                run.from = x0;
                run.to = x1;
            }
        }
        addRun(run, narrow, top + 3, height - 6);
    }

    private static int clampX(double x, int left, int right) {
        return (int) Math.round(Math.max(left, Math.min(right, x)));
    }

    /** Adds a run (at least a pixel wide) to a batch and empties it. */
    private static void addRun(Run run, RectangleBatch batch, int y, int height) {
        if (run.isEmpty()) {
            return;
        }
        batch.add(run.from, y, Math.max(1, run.to - run.from), height);
        run.from = Integer.MIN_VALUE;
    }

    private void paintSpan(GC gc, TimelineItem item, int x0, int x1, int top, int height, Rectangle plot) {
        int width = x1 - x0;
        // Labels stay inside the part of the bar that is in view.
        int visibleFrom = Math.max(x0, plot.x) + 3;
        int visibleTo = Math.min(x1, plot.x + plot.width) - 3;
        if (item instanceof SnapshotSpan snapshot) {
            snapshotBars.add(x0, top + 3, width, height - 6);
            resyncBars.add(x0, top + 3, 1, height - 6);
            if (snapshot.isOpen()) {
                // Still there: the bar ends in an arrow instead of a closing edge.
                gc.setBackground(SNAPSHOT);
                gc.fillPolygon(new int[] { x1, top + 1, x1 + 5, top + height / 2, x1, top + height - 1 });
            } else {
                resyncBars.add(x1, top + 3, 1, height - 6);
            }
            if (mayFit(visibleFrom, visibleTo)) {
                placeLabel(gc, Formats.bytes(snapshot.sizeBytes()), visibleFrom, visibleTo, top, height, TEXT, false);
            }
        } else if (item instanceof ResyncSpan resync) {
            int done = x0 + (int) Math.round(width * resync.progress());
            resyncRemainingBars.add(x0, top + 3, width, height - 6);
            resyncBars.add(x0, top + 3, done - x0, height - 6);
            // The outline, as the four one-pixel sides a stroked rectangle covers.
            resyncBars.add(x0, top + 3, width, 1);
            resyncBars.add(x0, top + height - 4, width, 1);
            resyncBars.add(x0, top + 3, 1, height - 6);
            resyncBars.add(x1 - 1, top + 3, 1, height - 6);
            if (resync.isOpen()) {
                int pale = Math.max(done + 3, visibleFrom);
                int dark = Math.min(done - 3, visibleTo);
                if (mayFit(pale, visibleTo) || mayFit(visibleFrom, dark)) {
                    String label = NLS.bind(Messages.Label_resync, new Object[] { Math.round(resync.progress() * 100),
                            Formats.bytes(resync.bytesSent()), Formats.rate(resync.bytesPerSecond()) });
                    // Dark text on the pale part still to do, or else white text on the part done.
                    if (!placeLabel(gc, label, pale, visibleTo, top, height, TEXT, false)) {
                        placeLabel(gc, label, visibleFrom, dark, top, height, BACKGROUND, false);
                    }
                }
            } else if (mayFit(visibleFrom, visibleTo)) {
                placeLabel(gc, NLS.bind(Messages.Label_resyncDone, Formats.bytes(resync.bytesSent()),
                        Formats.rate(resync.bytesPerSecond())), visibleFrom, visibleTo, top, height, BACKGROUND, false);
            }
        }
    }

    /**
     * The interrupted colour hatched with white diagonals, as a repeating tile: one fill of it
     * costs far less than a stroke per line. The tile is anchored to the widget, so neighbouring
     * bars' stripes line up.
     */
    private Pattern hatchPattern() {
        if (hatchPattern == null) {
            int size = 7;
            hatchTile = new Image(device, size, size);
            GC tile = new GC(hatchTile);
            try {
                tile.setBackground(INTERRUPTED);
                tile.fillRectangle(0, 0, size, size);
                tile.setForeground(HATCH);
                for (int i = 0; i < size; i++) {
                    tile.drawPoint(i, size - 1 - i);
                }
            } finally {
                tile.dispose();
            }
            hatchPattern = new Pattern(device, hatchTile);
        }
        return hatchPattern;
    }

    /** Fills a rectangle with the hatch pattern. */
    private void fillHatched(GC gc, int x, int y, int width, int height) {
        gc.setBackgroundPattern(hatchPattern());
        gc.fillRectangle(x, y, width, height);
        gc.setBackgroundPattern(null);
    }

    /** The narrowest room a label is measured for: text is left out of anything narrower unformatted. */
    private static final int LABEL_MINIMUM = 24;

    /** @return whether a label may fit between {@code from} and {@code to}: worth formatting and measuring */
    private static boolean mayFit(int from, int to) {
        return to - from >= LABEL_MINIMUM;
    }

    /**
     * Places a label to be drawn after the bars if it fits between {@code from} and {@code to},
     * on a plain patch of the interrupted colour if {@code onPatch} (to keep the hatching from its
     * letters).
     *
     * @return whether it fits
     */
    private boolean placeLabel(GC gc, String label, int from, int to, int top, int height, Color text,
            boolean onPatch) {
        if (!mayFit(from, to)) {
            return false;
        }
        Point extent = extent(gc, label);
        if (extent.x + 4 > to - from) {
            return false;
        }
        int y = top + (height - extent.y) / 2;
        if (onPatch) {
            labelPatches.add(from, y + 1, extent.x + 4, extent.y - 2);
        }
        labels.add(label, from + 2, y, text);
        return true;
    }

    private void paintMarkers(GC gc, List<TimelineItem> items, TimelineRow row, RectangleBatch marks, int top,
            int height, Rectangle plot, Frame frame) {
        TimeScale scale = frame.scale();
        // A marker closer than a head's width to the one before it joins that one's dense bar: a
        // stretch of close markers is one head and one bar, however many markers it holds.
        int lastHead = Integer.MIN_VALUE;
        int lastX = Integer.MIN_VALUE;
        int denseFrom = Integer.MIN_VALUE;
        int denseTo = Integer.MIN_VALUE;
        TimelineItem pendingLabel = null;
        int pendingX = 0;
        for (TimelineItem item : items) {
            int x = plot.x + (int) Math.round(scale.x(item.start()));
            boolean close = x < lastX + 2 * MARKER_HALF_WIDTH;
            lastX = x;
            if (close) {
                pendingLabel = null;
                if (denseFrom == Integer.MIN_VALUE) {
                    // The bar starts at the stretch's head (it is drawn from a pixel left of denseFrom).
                    denseFrom = lastHead + 1;
                }
                denseTo = Math.max(denseTo, x);
                continue;
            }
            addDense(marks, denseFrom, denseTo, top, height);
            denseFrom = Integer.MIN_VALUE;
            denseTo = Integer.MIN_VALUE;
            if (pendingLabel != null) {
                paintMarkerLabel(gc, pendingLabel, pendingX, x - MARKER_HALF_WIDTH - 2, top, height);
            }
            addMarker(marks, row, x, top, height);
            lastHead = x;
            pendingLabel = item;
            pendingX = x;
        }
        addDense(marks, denseFrom, denseTo, top, height);
        if (pendingLabel != null) {
            paintMarkerLabel(gc, pendingLabel, pendingX, plot.x + plot.width, top, height);
        }
    }

    private static void addDense(RectangleBatch marks, int from, int to, int top, int height) {
        if (from == Integer.MIN_VALUE) {
            return;
        }
        marks.add(from - 1, top + 2, to - from + 2, height - 4);
    }

    /**
     * A marker, in whole-pixel rectangles only (filling those is cairo's fast path, a polygon's
     * fill costs several times more): a freeze is a pin whose head narrows in three steps, a drill
     * step a flag on a pole.
     */
    private static void addMarker(RectangleBatch marks, TimelineRow row, int x, int top, int height) {
        int head = top + 2;
        int pole = height - 4;
        if (row == TimelineRow.FREEZE) {
            marks.add(x - MARKER_HALF_WIDTH, head, 2 * MARKER_HALF_WIDTH + 1, 2);
            marks.add(x - MARKER_HALF_WIDTH + 1, head + 2, 2 * MARKER_HALF_WIDTH - 1, 2);
            marks.add(x - MARKER_HALF_WIDTH + 2, head + 4, 2 * MARKER_HALF_WIDTH - 3, 2);
            marks.add(x - 1, head, 3, pole);
        } else {
            marks.add(x - 1, head, 2, pole);
            marks.add(x + 1, head, 8, 6);
        }
    }
    private void paintMarkerLabel(GC gc, TimelineItem item, int x, int limit, int top, int height) {
        int from = x + MARKER_HALF_WIDTH + (item instanceof DrillStep ? 6 : 2);
        if (!mayFit(from, limit)) {
            return;
        }
        String label = item instanceof WriteFreeze freeze ? Formats.pause(freeze.pauseNanos())
                : ((DrillStep) item).step();
        placeLabel(gc, label, from, limit, top, height, TEXT, false);
    }

    private void paintSelection(GC gc, TimelineItem item, int laneTop, Rectangle plot, Frame frame) {
        TimeScale scale = frame.scale();
        int top = laneTop + item.row().ordinal() * layout.rowHeight();
        int x0 = plot.x + (int) Math.round(scale.x(item.start()));
        int x1 = plot.x + (int) Math.round(scale.x(item.endAt(frame.now())));
        if (x1 - x0 < 2 * MARKER_HALF_WIDTH) {
            int middle = (x0 + x1) / 2;
            x0 = middle - MARKER_HALF_WIDTH - 1;
            x1 = middle + MARKER_HALF_WIDTH + 1;
        }
        x0 = Math.max(x0, plot.x - 3);
        x1 = Math.min(x1, plot.x + plot.width + 3);
        gc.setForeground(EMPHASIS);
        gc.setLineWidth(2);
        gc.drawRectangle(x0 - 1, top, x1 - x0 + 2, layout.rowHeight() - 1);
        gc.setLineWidth(1);
    }

    private void paintNow(GC gc, Rectangle plot, Rectangle plotClip, Frame frame) {
        double x = frame.scale().x(frame.now());
        if (x < 0 || x > plot.width) {
            return;
        }
        int lineX = plot.x + (int) Math.round(x);
        // Dashes three pixels on, one off, as one fill of a repeating tile: cairo strokes a
        // dashed line across all lanes dash by dash, antialiased, in more time than the lanes take.
        // The tile is anchored to the widget, so a partial repaint continues the dashes.
        if (nowPattern == null) {
            ImageData tile = new ImageData(1, 4, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
            RGB emphasis = TimelinePalette.EMPHASIS;
            int pixel = emphasis.red << 16 | emphasis.green << 8 | emphasis.blue;
            for (int y = 0; y < 4; y++) {
                tile.setPixel(0, y, pixel);
                tile.setAlpha(0, y, y < 3 ? 0xFF : 0);
            }
            nowTile = new Image(device, tile);
            nowPattern = new Pattern(device, nowTile);
        }
        gc.setBackgroundPattern(nowPattern);
        gc.fillRectangle(lineX, plotClip.y, 1, plotClip.height + 1);
        gc.setBackgroundPattern(null);
    }

    private void paintBand(GC gc, Rectangle plotClip, Frame frame) {
        if (!frame.hasBand()) {
            return;
        }
        int from = Math.min(frame.bandFrom(), frame.bandTo());
        int to = Math.max(frame.bandFrom(), frame.bandTo());
        gc.setAlpha(70);
        gc.setBackground(SNAPSHOT);
        gc.fillRectangle(from, plotClip.y, to - from, plotClip.height);
        gc.setAlpha(255);
        gc.setForeground(RESYNC);
        gc.drawLine(from, plotClip.y, from, plotClip.y + plotClip.height);
        gc.drawLine(to, plotClip.y, to, plotClip.y + plotClip.height);
    }

    private void paintAxis(GC gc, Rectangle client, Rectangle plot, TimeAxis.Ticks ticks) {
        gc.setBackground(CHROME);
        gc.fillRectangle(client.x, client.y, client.width, layout.axisHeight());
        int dayY = client.y + 3;
        int tickY = dayY + fontHeight + 3;
        int bottom = client.y + layout.axisHeight() - 1;
        Rectangle saved = gc.getClipping();
        gc.setClipping(saved.intersection(new Rectangle(plot.x, client.y, plot.width, layout.axisHeight())));
        gc.setForeground(TEXT);
        for (TimeAxis.Tick day : ticks.days()) {
            int x = plot.x + (int) Math.round(day.x());
            boldLayouts.layout(day.label()).draw(gc, x + 3, dayY);
            gc.setForeground(QUIET_TEXT);
            gc.drawLine(x, dayY, x, bottom);
            gc.setForeground(TEXT);
        }
        for (TimeAxis.Tick tick : ticks.ticks()) {
            int x = plot.x + (int) Math.round(tick.x());
            int width = extent(gc, tick.label()).x;
            if (x - width / 2 >= plot.x - 2 && x + width - width / 2 <= plot.x + plot.width) {
                labelLayouts.layout(tick.label()).draw(gc, x - width / 2, tickY);
            }
            gc.drawLine(x, bottom - 4, x, bottom);
        }
        gc.setClipping(saved);
        gc.setForeground(GRID);
        gc.drawLine(client.x, bottom, client.x + client.width, bottom);
    }

    private void paintLegend(GC gc, Rectangle area) {
        gc.setBackground(CHROME);
        gc.fillRectangle(area);
        gc.setForeground(GRID);
        gc.drawLine(area.x, area.y, area.x + area.width, area.y);
        int swatchWidth = 24;
        int height = Math.min(layout.rowHeight(), area.height - 2);
        int top = area.y + (area.height - height) / 2;
        int x = area.x + 8;
        String[] labels = { Messages.Legend_connected, Messages.Legend_interrupted, Messages.Legend_freeze,
                Messages.Legend_snapshot, Messages.Legend_resync, Messages.Legend_drill, Messages.Legend_now };
        for (int entry = 0; entry < labels.length; entry++) {
            switch (entry) {
            case 0 -> {
                gc.setBackground(CONNECTED);
                gc.fillRectangle(x, top + height / 2 - 2, swatchWidth, 4);
            }
            case 1 -> {
                fillHatched(gc, x, top + 2, swatchWidth, height - 4);
            }
            case 2 -> {
                addMarker(freezeMarks, TimelineRow.FREEZE, x + swatchWidth / 2, top, height);
                freezeMarks.fill(gc, device);
            }
            case 3 -> {
                gc.setBackground(SNAPSHOT);
                gc.fillRectangle(x, top + 3, swatchWidth, height - 6);
            }
            case 4 -> {
                gc.setBackground(RESYNC_REMAINING);
                gc.fillRectangle(x, top + 3, swatchWidth, height - 6);
                gc.setBackground(RESYNC);
                gc.fillRectangle(x, top + 3, swatchWidth * 3 / 5, height - 6);
                gc.setForeground(RESYNC);
                gc.drawRectangle(x, top + 3, swatchWidth - 1, height - 7);
            }
            case 5 -> {
                addMarker(drillMarks, TimelineRow.DRILL, x + swatchWidth / 2 - 3, top, height);
                drillMarks.fill(gc, device);
            }
            default -> {
                gc.setForeground(EMPHASIS);
                gc.setLineStyle(SWT.LINE_DASH);
                gc.drawLine(x + swatchWidth / 2, top, x + swatchWidth / 2, top + height);
                gc.setLineStyle(SWT.LINE_SOLID);
            }
            }
            gc.setForeground(TEXT);
            labelLayouts.layout(labels[entry]).draw(gc, x + swatchWidth + 5, area.y + (area.height - fontHeight) / 2);
            x += swatchWidth + 5 + extent(gc, labels[entry]).x + 18;
        }
    }
}
