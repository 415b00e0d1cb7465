package dev.mirrorline.ui.testdriver;

import java.util.Objects;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * Makes a shell the one that receives posted keys: without a window manager GDK gives them to the
 * most recently raised window, and X keyboard focus may follow the pointer.
 */
final class ShellActivation {

    private final UiThread ui;
    private final Waiting waiting;
    private final Pointer pointer;

    ShellActivation(UiThread ui, Waiting waiting, Pointer pointer) {
        this.ui = ui;
        this.waiting = waiting;
        this.pointer = pointer;
    }

    /** See {@link UiDriver#activate(Shell)}. */
    void activate(Shell shell) {
        ui.checkNotOn("activate");
        Objects.requireNonNull(shell, "shell");
        Display display = ui.display();
        Rectangle bounds = ui.call(() -> {
            Widgets.checkUsable(shell, "activate " + Widgets.describe(shell));
            shell.forceActive();
            shell.moveAbove(null);
            return shell.getBounds();
        });
        Point location = ui.call(display::getCursorLocation);
        if (!bounds.contains(location)) {
            pointer.moveTo(new Point(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2));
        }
        waiting.until("shell '" + ui.call(shell::getText) + "' is the active shell",
                () -> display.getActiveShell() == shell);
    }
}
