package dev.mirrorline.ui.testdriver;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;

/** Selects menu items programmatically, with the events SWT would send but without real input. */
final class MenuInvoker {

    private final UiThread ui;
    private final Waiting waiting;
    private final InputEvents input;

    MenuInvoker(UiThread ui, Waiting waiting, InputEvents input) {
        this.ui = ui;
        this.waiting = waiting;
        this.input = input;
    }

    /** See {@link UiDriver#invokeMenu(Shell, String...)}. */
    void invokeMenu(Shell shell, String... labels) {
        ui.checkNotOn("invokeMenu");
        Objects.requireNonNull(shell, "shell");
        MenuPath path = new MenuPath(ui, labels);
        String route = path.route();
        MenuItem item = path.item(path.menuBar(shell), 0);
        for (int level = 1; level < path.length(); level++) {
            Menu submenu = ui.call(item::getMenu);
            ui.run(() -> submenu.notifyListeners(SWT.Show, new Event()));
            item = path.item(submenu, level);
        }
        MenuItem target = item;
        AtomicBoolean started = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // asyncExec, not syncExec: listeners that open a dialog run its event loop before returning
        ui.display().asyncExec(() -> {
            started.set(true);
            try {
                if (target.isDisposed()) {
                    throw new IllegalStateException("The menu item '" + route + "' was disposed");
                }
                if ((target.getStyle() & SWT.CHECK) != 0) {
                    target.setSelection(!target.getSelection());
                } else if ((target.getStyle() & SWT.RADIO) != 0) {
                    for (MenuItem sibling : target.getParent().getItems()) {
                        if ((sibling.getStyle() & SWT.RADIO) != 0) {
                            sibling.setSelection(sibling == target);
                        }
                    }
                }
                target.notifyListeners(SWT.Selection, new Event());
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        });
        waiting.until("the Selection listeners of '" + route + "' run", started::get);
        UiThread.rethrowUnchecked(failure.get());
        input.settle();
    }
}
