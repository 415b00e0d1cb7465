package dev.mirrorline.ui.timeline;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Device;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Path;
import org.eclipse.swt.graphics.Pattern;
import org.eclipse.swt.graphics.RGB;

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
    /** The opacity of each column of a strip, reused. */
    private byte[] stripAlphas = new byte[0];
    /** Rectangles on one band from which they are painted as a strip rather than one by one. */
    static final int STRIP_MINIMUM = 128;

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
     * <p>Rectangles added one after another on the same band (same top and height) are a row of
     * slivers; where there are many, they are painted as one strip instead: a one-pixel-high image
     * with the covered columns opaque, repeated down the band as a fill pattern. Cairo's cost per
     * rectangle (a third of a microsecond each, tens of thousands with a day of a busy history in
     * view) becomes one image of the widget's width per band; the pixels are the same.
     *
     * @param gc where to fill
     * @param device the device the path and the strips are made on
     */
    void fill(GC gc, Device device) {
        if (count == 0) {
            return;
        }
        gc.setBackground(color);
        fillRectangles(gc, device, true);
    }

    /**
     * Fills the rectangles gathered with a pattern instead of the batch's colour, with one path,
     * and forgets them.
     *
     * @param gc where to fill
     * @param device the device the path is made on
     * @param pattern what to fill with
     */
    void fill(GC gc, Device device, Pattern pattern) {
        if (count == 0) {
            return;
        }
        gc.setBackgroundPattern(pattern);
        try {
            fillRectangles(gc, device, false);
        } finally {
            gc.setBackgroundPattern(null);
        }
    }

    private void fillRectangles(GC gc, Device device, boolean strips) {
        if (count == 1) {
            gc.fillRectangle(rectangles[0], rectangles[1], rectangles[2], rectangles[3]);
            count = 0;
            return;
        }
        Path path = null;
        int fillRule = gc.getFillRule();
        try {
            int band = 0;
            while (band < count) {
                int end = band + 1;
                int y = rectangles[band * 4 + 1];
                int height = rectangles[band * 4 + 3];
                while (end < count && rectangles[end * 4 + 1] == y && rectangles[end * 4 + 3] == height) {
                    end++;
                }
                if (strips && end - band >= STRIP_MINIMUM && fillStrip(gc, device, band, end)) {
                    band = end;
                    continue;
                }
                if (path == null) {
                    path = new Path(device);
                }
                for (int at = band * 4; at < end * 4; at += 4) {
                    path.addRectangle(rectangles[at], rectangles[at + 1], rectangles[at + 2], rectangles[at + 3]);
                }
                band = end;
            }
            if (path != null) {
                // Winding, so that where two rectangles overlap the union is filled rather than neither.
                gc.setFillRule(SWT.FILL_WINDING);
                gc.fillPath(path);
            }
        } finally {
            gc.setFillRule(fillRule);
            if (path != null) {
                path.dispose();
            }
            count = 0;
        }
    }

    /**
     * Fills rectangles {@code from} to {@code to} (exclusive), which share a band, as a strip.
     *
     * @return false if they reach left of x = 0 (then the caller fills them as rectangles)
     */
    private boolean fillStrip(GC gc, Device device, int from, int to) {
        int left = Integer.MAX_VALUE;
        int right = 0;
        for (int at = from * 4; at < to * 4; at += 4) {
            left = Math.min(left, rectangles[at]);
            right = Math.max(right, rectangles[at] + rectangles[at + 2]);
        }
        if (left < 0) {
            return false;
        }
        // The pattern is anchored at the GC's origin: the strip starts at x = 0.
        if (stripAlphas.length < right) {
            stripAlphas = new byte[Math.max(right, stripAlphas.length * 2)];
        } else {
            Arrays.fill(stripAlphas, 0, right, (byte) 0);
        }
        for (int at = from * 4; at < to * 4; at += 4) {
            Arrays.fill(stripAlphas, rectangles[at], rectangles[at] + rectangles[at + 2], (byte) 0xFF);
        }
        RGB rgb = color.getRGB();
        ImageData data = new ImageData(right, 1, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        int pixel = rgb.red << 16 | rgb.green << 8 | rgb.blue;
        for (int x = left; x < right; x++) {
            data.setPixel(x, 0, pixel);
        }
        data.setAlphas(0, 0, right, stripAlphas, 0);
        Image image = new Image(device, data);
        Pattern pattern = null;
        try {
            pattern = new Pattern(device, image);
            gc.setBackgroundPattern(pattern);
            gc.fillRectangle(left, rectangles[from * 4 + 1], right - left, rectangles[from * 4 + 3]);
            gc.setBackgroundPattern(null);
        } finally {
            if (pattern != null) {
                pattern.dispose();
            }
            image.dispose();
        }
        return true;
    }
}
