package dev.mirrorline.ui.testdriver;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;

/**
 * Synthetic input delivered like a user's: events posted through
 * {@link org.eclipse.swt.widgets.Display#post(Event) Display.post}, and the wait until the UI thread
 * has handled what they caused.
 */
final class InputEvents {

    private final UiThread ui;

    InputEvents(UiThread ui) {
        this.ui = ui;
    }

    /** Posts the event from the test thread. */
    void send(Event event) {
        ui.run(() -> post(event));
    }

    /** Posts the event; on the UI thread only. */
    void post(Event event) {
        if (!ui.display().post(event)) {
            throw new IllegalStateException("Display.post refused " + describe(event)
                    + ": no focused window (keys) or no window under the pointer (buttons)");
        }
    }

    /** Waits until the UI thread has handled the events caused by the input posted so far. */
    void settle() {
        // A round trip to the X server: the events the server generated for our input (pointer
        // warps, XTest clicks) are then in the client's queue...
        ui.call(ui.display()::getCursorLocation);
        // ...and SWT runs a syncExec only when GTK has no events pending (readAndDispatch).
        ui.run(() -> {
        });
    }

    private static String describe(Event event) {
        return switch (event.type) {
            case SWT.KeyDown, SWT.KeyUp -> (event.type == SWT.KeyDown ? "KeyDown" : "KeyUp") + " keyCode="
                    + event.keyCode + " character=" + (int) event.character;
            case SWT.MouseDown, SWT.MouseUp -> (event.type == SWT.MouseDown ? "MouseDown" : "MouseUp") + " button "
                    + event.button;
            default -> "event type " + event.type;
        };
    }
}
