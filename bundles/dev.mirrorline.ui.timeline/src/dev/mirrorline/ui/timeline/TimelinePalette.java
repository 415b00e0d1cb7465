package dev.mirrorline.ui.timeline;

import org.eclipse.swt.graphics.RGB;

/**
 * The widget's colours. The item colours are from the Okabe-Ito palette, whose colours stay apart
 * for the common forms of colour blindness; every kind of item also differs in shape (a thin line,
 * a hatched bar, a triangle, a flag, a filled bar, an outlined bar) and carries a label, so that
 * colour is never the only cue.
 */
public final class TimelinePalette {

    /** A connected link: bluish green, a thin line. */
    public static final RGB CONNECTED = new RGB(0x00, 0x9E, 0x73);
    /** An interrupted link: vermillion, a full-height bar hatched with white. */
    public static final RGB INTERRUPTED = new RGB(0xD5, 0x5E, 0x00);
    /** A write freeze: reddish purple, a triangle over a line. */
    public static final RGB FREEZE = new RGB(0xCC, 0x79, 0xA7);
    /** A snapshot's lifetime: sky blue, a bar. */
    public static final RGB SNAPSHOT = new RGB(0x56, 0xB4, 0xE9);
    /** A resync's part done: blue. */
    public static final RGB RESYNC = new RGB(0x00, 0x72, 0xB2);
    /** A resync's part still to do: a pale tint of its blue, inside a blue outline. */
    public static final RGB RESYNC_REMAINING = new RGB(0xCC, 0xE3, 0xF0);
    /** A drill step: orange, a flag. */
    public static final RGB DRILL = new RGB(0xE6, 0x9F, 0x00);
    /** The hatching of interrupted spans. */
    public static final RGB HATCH = new RGB(0xFF, 0xFF, 0xFF);
    /** The outline of the selected item, and the line at the present. */
    public static final RGB EMPHASIS = new RGB(0x00, 0x00, 0x00);
    /** The background of the plot. */
    public static final RGB BACKGROUND = new RGB(0xFF, 0xFF, 0xFF);
    /** The background of every other lane. */
    public static final RGB ALTERNATE_LANE = new RGB(0xF4, 0xF4, 0xF4);
    /** The background of the selected lane: a pale tint of the palette's yellow. */
    public static final RGB SELECTED_LANE = new RGB(0xFB, 0xF7, 0xC8);
    /** The header column, the axis and the legend. */
    public static final RGB CHROME = new RGB(0xFA, 0xFA, 0xFA);
    /** Grid lines and separators. */
    public static final RGB GRID = new RGB(0xDD, 0xDD, 0xDD);
    /** Text. */
    public static final RGB TEXT = new RGB(0x20, 0x20, 0x20);
    /** Quieter text: the rows' names. */
    public static final RGB QUIET_TEXT = new RGB(0x6B, 0x6B, 0x6B);

    private TimelinePalette() {
    }
}
