package dev.mirrorline.ui;

import java.util.function.Supplier;

import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.widgets.Display;

/** Updates of a view's viewer that come from other threads (the node, the event history, jobs). */
public final class ViewerUpdates {

    private ViewerUpdates() {
    }

    /**
     * Runs an update on the UI thread, later, if the viewer is still there by then: a view closed
     * meanwhile, or a workbench shutting down, drops it.
     *
     * @param display the view's display
     * @param viewer the view's viewer, read on the UI thread (null until the view made it)
     * @param update what to do with it
     */
    public static void whileShown(Display display, Supplier<? extends Viewer> viewer, Runnable update) {
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            Viewer shown = viewer.get();
            if (shown != null && !shown.getControl().isDisposed()) {
                update.run();
            }
        });
    }
}
