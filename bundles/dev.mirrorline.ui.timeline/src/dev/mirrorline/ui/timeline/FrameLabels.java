package dev.mirrorline.ui.timeline;

import java.util.Arrays;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;

/**
 * The labels of a frame, placed while its items are gathered and drawn once the bars under them
 * are filled. Arrays reused from frame to frame.
 */
final class FrameLabels {

    private String[] texts = new String[32];
    private Color[] colors = new Color[32];
    /** x and y of each label's text. */
    private int[] positions = new int[64];
    private int count;

    /** Places a text, drawn with a transparent background at (x, y) in {@code color}. */
    void add(String text, int x, int y, Color color) {
        if (count == texts.length) {
            texts = Arrays.copyOf(texts, count * 2);
            colors = Arrays.copyOf(colors, count * 2);
            positions = Arrays.copyOf(positions, count * 4);
        }
        texts[count] = text;
        colors[count] = color;
        positions[count * 2] = x;
        positions[count * 2 + 1] = y;
        count++;
    }

    /** @return how many labels are placed */
    int size() {
        return count;
    }

    /**
     * Draws the labels placed, in the order placed, each from its text laid out once, and forgets them.
     *
     * @param gc where to draw, its font the one the layouts are in
     * @param layouts the labels' texts laid out
     */
    void draw(GC gc, LabelLayouts layouts) {
        Color current = null;
        for (int i = 0; i < count; i++) {
            if (colors[i] != current) {
                current = colors[i];
                gc.setForeground(current);
            }
            layouts.layout(texts[i]).draw(gc, positions[i * 2], positions[i * 2 + 1]);
        }
        clear();
    }

    /** Forgets the labels placed (after a frame that failed half-way). */
    void clear() {
        Arrays.fill(texts, 0, count, null);
        Arrays.fill(colors, 0, count, null);
        count = 0;
    }
}
