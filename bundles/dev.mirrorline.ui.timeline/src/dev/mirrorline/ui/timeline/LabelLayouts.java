package dev.mirrorline.ui.timeline;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.swt.graphics.Device;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.TextLayout;

/**
 * The labels' texts laid out once in one font, kept from frame to frame: drawing a text with
 * {@code GC.drawText} lays it out again whenever the text differs from the one drawn before, and
 * that (Pango's shaping) is most of what a label costs. Holds at most a given number of layouts;
 * the one used least recently is reused for a text not held. The painter disposes it with itself,
 * so when the widget is disposed or its font changes.
 */
final class LabelLayouts {

    private final Device device;
    private final Font font;
    private final int capacity;
    /** Layouts by text, the least recently used first. */
    private final LinkedHashMap<String, TextLayout> layouts;

    /**
     * @param device where the layouts are drawn
     * @param font the labels' font
     * @param capacity how many layouts are kept at most (at least one)
     */
    LabelLayouts(Device device, Font font, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.device = device;
        this.font = font;
        this.capacity = capacity;
        this.layouts = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true);
    }

    /** @return the text laid out in the labels' font, to be drawn with {@code TextLayout.draw(gc, x, y)} */
    TextLayout layout(String text) {
        TextLayout layout = layouts.get(text);
        if (layout != null) {
            return layout;
        }
        if (layouts.size() < capacity) {
            layout = new TextLayout(device);
            layout.setFont(font);
        } else {
            Iterator<Map.Entry<String, TextLayout>> eldest = layouts.entrySet().iterator();
            layout = eldest.next().getValue();
            eldest.remove();
        }
        layout.setText(text);
        layouts.put(text, layout);
        return layout;
    }

    /** @return how many layouts are held */
    int size() {
        return layouts.size();
    }

    /** Frees the layouts held. */
    void dispose() {
        layouts.values().forEach(TextLayout::dispose);
        layouts.clear();
    }
}
