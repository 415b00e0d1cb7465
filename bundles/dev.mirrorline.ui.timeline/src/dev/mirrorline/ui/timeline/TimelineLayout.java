package dev.mirrorline.ui.timeline;

import org.eclipse.swt.graphics.Rectangle;

/**
 * Where things are on the widget, top to bottom: the time axis, the lanes (each with its rows, one
 * height for all rows, and a gap below), the legend; left to right: the header column with the
 * lanes' names, then the plot. The lanes scroll vertically by {@code scrollY}. Pure arithmetic.
 *
 * @param rowHeight the height of a row
 * @param laneGap the room below a lane's last row
 * @param axisHeight the height of the time axis
 * @param legendHeight the height of the legend
 * @param headerWidth the width of the header column
 */
record TimelineLayout(int rowHeight, int laneGap, int axisHeight, int legendHeight, int headerWidth) {

    private static final int ROWS = TimelineRow.values().length;

    /** A lane and one of its rows. */
    record RowHit(int lane, TimelineRow row) {
    }

    /** The layout for a font of the given height. */
    static TimelineLayout forFontHeight(int fontHeight) {
        return new TimelineLayout(fontHeight + 5, 8, 2 * fontHeight + 12, fontHeight + 10, 150);
    }

    /** This layout with another header width. */
    TimelineLayout withHeaderWidth(int width) {
        return new TimelineLayout(rowHeight, laneGap, axisHeight, legendHeight, width);
    }

    int laneHeight() {
        return ROWS * rowHeight + laneGap;
    }

    int contentHeight(int laneCount) {
        return laneCount * laneHeight();
    }

    /** The plot: right of the header, between the axis and the legend. */
    Rectangle plot(Rectangle client) {
        return new Rectangle(client.x + headerWidth, client.y + axisHeight, Math.max(1, client.width - headerWidth),
                Math.max(0, client.height - axisHeight - legendHeight));
    }

    int laneTop(Rectangle client, int lane, int scrollY) {
        return client.y + axisHeight + lane * laneHeight() - scrollY;
    }

    int rowTop(Rectangle client, int lane, TimelineRow row, int scrollY) {
        return laneTop(client, lane, scrollY) + row.ordinal() * rowHeight;
    }

    /** @return the first lane that reaches below {@code y}, possibly past the last lane */
    int firstLaneBelow(Rectangle client, int y, int scrollY) {
        int offset = y - client.y - axisHeight + scrollY;
        return Math.max(0, Math.floorDiv(offset, laneHeight()));
    }

    /**
     * @return the lane and row at {@code y}, or null outside the lanes' area, in a lane's gap or
     *         below the last lane
     */
    RowHit rowAt(Rectangle client, int y, int scrollY, int laneCount) {
        Rectangle plot = plot(client);
        if (y < plot.y || y >= plot.y + plot.height) {
            return null;
        }
        int offset = y - plot.y + scrollY;
        int lane = offset / laneHeight();
        int rowIndex = (offset % laneHeight()) / rowHeight;
        if (lane >= laneCount || rowIndex >= ROWS) {
            return null;
        }
        return new RowHit(lane, TimelineRow.values()[rowIndex]);
    }
}
