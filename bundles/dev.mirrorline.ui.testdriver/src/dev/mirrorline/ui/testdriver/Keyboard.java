package dev.mirrorline.ui.testdriver;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;

/** Key presses posted as a user types them: characters, single keys and shortcuts. */
final class Keyboard {

    private static final int[] MODIFIERS = { SWT.CTRL, SWT.ALT, SWT.SHIFT, SWT.COMMAND };

    private final UiThread ui;
    private final Waiting waiting;
    private final InputEvents input;
    private final ShellActivation activation;
    private final Mouse mouse;

    Keyboard(UiThread ui, Waiting waiting, InputEvents input, ShellActivation activation, Mouse mouse) {
        this.ui = ui;
        this.waiting = waiting;
        this.input = input;
        this.activation = activation;
        this.mouse = mouse;
    }

    /** See {@link UiDriver#typeText(Control, String)}. */
    void typeText(Control control, String text) {
        ui.checkNotOn("typeText");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(text, "text");
        for (char c : text.toCharArray()) {
            Keystrokes.checkTypeable(c);
        }
        Shell shell = ui.call(() -> {
            Widgets.checkUsable(control, "type into " + Widgets.describe(control));
            return control.getShell();
        });
        activation.activate(shell);
        if (!ui.call(control::isFocusControl)) {
            mouse.click(control);
        }
        waiting.until(ui.call(() -> Widgets.describe(control)) + " has the keyboard focus", control::isFocusControl);
        for (char c : text.toCharArray()) {
            typeCharacter(c);
        }
        input.settle();
    }

    /** See {@link UiDriver#pressKey(int)}. */
    void pressKey(int keyCode) {
        ui.checkNotOn("pressKey");
        tap(keyCode);
        input.settle();
    }

    /** See {@link UiDriver#pressShortcut(int, int)}. */
    void pressShortcut(int modifierMask, int keyCodeOrChar) {
        ui.checkNotOn("pressShortcut");
        if ((modifierMask & ~SWT.MODIFIER_MASK) != 0) {
            throw new IllegalArgumentException("Not a modifier mask: 0x" + Integer.toHexString(modifierMask));
        }
        holding(modifierMask, () -> {
            if (Keystrokes.isKeyCode(keyCodeOrChar)) {
                stroke(keyCodeOrChar, '\0');
            } else {
                // Unlike typing, a shortcut's character gets no Shift of its own: the mask says.
                char c = Keystrokes.checkTypeable(keyCodeOrChar);
                stroke(Keystrokes.controlKeyCode(c), c);
            }
        });
        input.settle();
    }

    /**
     * Presses and releases a key code, or types a character; does not wait for the UI thread to
     * handle the events.
     */
    void tap(int keyCodeOrChar) {
        if (Keystrokes.isKeyCode(keyCodeOrChar)) {
            stroke(keyCodeOrChar, '\0');
        } else {
            typeCharacter(Keystrokes.checkTypeable(keyCodeOrChar));
        }
    }

    private void typeCharacter(char c) {
        holding(Keystrokes.needsShift(c) ? SWT.SHIFT : 0, () -> stroke(Keystrokes.controlKeyCode(c), c));
    }

    /** Presses the modifiers, posts the keys, and releases the modifiers in reverse order, always. */
    private void holding(int modifierMask, Runnable keys) {
        List<Integer> pressed = new ArrayList<>();
        try {
            for (int modifier : MODIFIERS) {
                if ((modifierMask & modifier) != 0) {
                    post(SWT.KeyDown, modifier, '\0');
                    pressed.add(0, modifier);
                }
            }
            keys.run();
        } finally {
            for (int modifier : pressed) {
                post(SWT.KeyUp, modifier, '\0');
            }
        }
    }

    private void stroke(int keyCode, char character) {
        post(SWT.KeyDown, keyCode, character);
        post(SWT.KeyUp, keyCode, character);
    }

    private void post(int type, int keyCode, char character) {
        Event event = new Event();
        event.type = type;
        event.keyCode = keyCode;
        event.character = character;
        input.send(event);
    }
}
