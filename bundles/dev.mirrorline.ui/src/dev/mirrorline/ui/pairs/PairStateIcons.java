package dev.mirrorline.ui.pairs;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;

import dev.mirrorline.node.PairState;

/**
 * The small icon beside each pair's state: a shape as well as a colour (from the Okabe-Ito
 * palette), so that it reads without telling colours apart. Consistent is a full disc, resyncing
 * and connecting a half-filled one, interrupted a square, refused a cross, stopped a ring.
 * Drawn once per display; {@link #dispose()} frees them.
 */
final class PairStateIcons {

    private static final int SIZE = 16;
    /** The background drawn around a shape, made transparent afterwards. */
    private static final RGB TRANSPARENT = new RGB(255, 0, 255);
    private static final RGB GREEN = new RGB(0, 158, 115);
    private static final RGB ORANGE = new RGB(230, 159, 0);
    private static final RGB VERMILLION = new RGB(213, 94, 0);
    private static final RGB BLUE = new RGB(0, 114, 178);
    private static final RGB GREY = new RGB(120, 120, 120);

    private final Map<PairState, Image> icons = new EnumMap<>(PairState.class);

    PairStateIcons(Display display) {
        for (PairState state : PairState.values()) {
            icons.put(state, draw(display, state));
        }
    }

    /** @return the icon of a state */
    Image of(PairState state) {
        return icons.get(state);
    }

    /** @return the colour the icon of a state is drawn in */
    static RGB colourOf(PairState state) {
        return switch (state) {
            case CONSISTENT -> GREEN;
            case RESYNCING -> BLUE;
            case CONNECTING -> ORANGE;
            case INTERRUPTED, REFUSED -> VERMILLION;
            case STOPPED -> GREY;
        };
    }

    private static Image draw(Display display, PairState state) {
        Image canvas = new Image(display, SIZE, SIZE);
        GC gc = new GC(canvas);
        Color key = new Color(display, TRANSPARENT);
        Color colour = new Color(display, colourOf(state));
        try {
            gc.setAntialias(SWT.OFF); // no edges blended with the transparent background
            gc.setBackground(key);
            gc.fillRectangle(0, 0, SIZE, SIZE);
            gc.setBackground(colour);
            gc.setForeground(colour);
            gc.setLineWidth(2);
            switch (state) {
                case CONSISTENT -> gc.fillOval(2, 2, 12, 12);
                case RESYNCING, CONNECTING -> {
                    gc.drawOval(3, 3, 10, 10);
                    gc.fillArc(3, 3, 11, 11, 90, 180);
                }
                case INTERRUPTED -> gc.fillRectangle(3, 3, 10, 10);
                case REFUSED -> {
                    gc.setLineWidth(3);
                    gc.drawLine(4, 4, 12, 12);
                    gc.drawLine(12, 4, 4, 12);
                }
                case STOPPED -> gc.drawOval(3, 3, 10, 10);
            }
        } finally {
            gc.dispose();
            key.dispose();
            colour.dispose();
        }
        ImageData data = canvas.getImageData();
        canvas.dispose();
        data.transparentPixel = data.palette.getPixel(TRANSPARENT);
        return new Image(display, data);
    }

    /** Frees the icons. */
    void dispose() {
        icons.values().forEach(Image::dispose);
        icons.clear();
    }
}
