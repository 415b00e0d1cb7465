package dev.mirrorline.ui.testdriver;

import org.eclipse.swt.SWT;

/**
 * How characters become key events on a US keyboard, the layout of a default Xvfb server: which
 * ints are SWT key codes, which characters can be typed, and which need Shift.
 */
final class Keystrokes {

    /** Symbols typed with Shift on a US keyboard. */
    private static final String SHIFTED_SYMBOLS = "~!@#$%^&*()_+{}|:\"<>?";

    private Keystrokes() {
    }

    /** True for SWT key codes ({@code SWT.F10}, {@code SWT.SHIFT}, ...), false for characters. */
    static boolean isKeyCode(int key) {
        return (key & SWT.KEYCODE_BIT) != 0 || (key & SWT.MODIFIER_MASK) != 0 && (key & ~SWT.MODIFIER_MASK) == 0;
    }

    /** True for characters a user types with Shift held. */
    static boolean needsShift(char c) {
        return Character.isUpperCase(c) || SHIFTED_SYMBOLS.indexOf(c) >= 0;
    }

    /** The SWT key code for characters that are keys of their own (Enter, Tab, ...), else 0. */
    static int controlKeyCode(char c) {
        return switch (c) {
            case '\r', '\n' -> SWT.CR;
            case '\t' -> SWT.TAB;
            case '\b' -> SWT.BS;
            case 0x1b -> SWT.ESC;
            case 0x7f -> SWT.DEL;
            default -> 0;
        };
    }

    /**
     * Returns the character when the driver can type it.
     *
     * @throws IllegalArgumentException when it cannot
     */
    static char checkTypeable(int c) {
        boolean printable = c >= 0x20 && c < 0x7f || c >= 0xa0 && c <= 0xff;
        if (!printable && (c < 0 || c > 0xffff || controlKeyCode((char) c) == 0)) {
            throw new IllegalArgumentException(String.format(
                    "Cannot type U+%04X: the driver types ASCII and Latin-1 characters, \\n, \\t and \\b", c));
        }
        return (char) c;
    }

    /** The name of an arrow key for messages, e.g. {@code Down}. */
    static String nameOf(int key) {
        return switch (key) {
            case SWT.ARROW_DOWN -> "Down";
            case SWT.ARROW_UP -> "Up";
            case SWT.ARROW_LEFT -> "Left";
            case SWT.ARROW_RIGHT -> "Right";
            default -> "key " + key;
        };
    }
}
