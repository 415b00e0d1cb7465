package dev.mirrorline.ui.timeline;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Device;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Path;

/**
 * Rectangles of one colour, gathered while a frame is painted and then filled with one path. Cairo
 * fills a path of many boxes in about the time it takes for one box, and with a day of a busy pair
 * in view a row has hundreds of slivers (each costing a fill of its own before). Reused from frame
 * to frame; overlapping rectangles fill their union.
 */
final class RectangleBatch {

    private final Color color;
    /** x, y, width, height of each rectangle gathered. */
    private int[] rectangles = new int[64];
    private int count;

    /** @param color the colour the rectangles are filled with */
    RectangleBatch(Color color) {
        this.color = color;
    }

    /** Adds a rectangle; one with no area is left out. */
    void add(int x, int y, int width, int height) {
        if (width <= 0 || height <= 0) {
            return;
        }
        int at = count * 4;
        if (at + 4 > rectangles.length) {
            rectangles = Arrays.copyOf(rectangles, rectangles.length * 2);
        }
        rectangles[at] = x;
        rectangles[at + 1] = y;
        rectangles[at + 2] = width;
        rectangles[at + 3] = height;
        count++;
    }

    /** Forgets the rectangles gathered (after a frame that failed half-way). */
    void clear() {
        count = 0;
    }

    /** @return how many rectangles are waiting to be filled */
    int size() {
        return count;
    }

    /**
     * Fills the rectangles gathered, in the batch's colour, and forgets them. The GC's background
     * colour is left set to that colour.
     *
     * @param gc where to fill
     * @param device the device the path is made on
     */
    void fill(GC gc, Device device) {
        if (count == 0) {
            return;
        }
        gc.setBackground(color);
        if (count == 1) {
            gc.fillRectangle(rectangles[0], rectangles[1], rectangles[2], rectangles[3]);
            count = 0;
            return;
        }
        Path path = new Path(device);
        int fillRule = gc.getFillRule();
        try {
            for (int at = 0; at < count * 4; at += 4) {
                path.addRectangle(rectangles[at], rectangles[at + 1], rectangles[at + 2], rectangles[at + 3]);
            }
            // Winding, so that where two rectangles overlap the union is filled rather than neither.
            gc.setFillRule(SWT.FILL_WINDING);
            gc.fillPath(path);
        } finally {
            gc.setFillRule(fillRule);
            path.dispose();
            count = 0;
        }
    }
}
