package dev.mirrorline.ui.testdriver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;

/**
 * Walks a shell's menus and controls' context menus with real keys, as a keyboard user would,
 * checking after every key that GTK highlighted or opened what was expected.
 */
final class MenuNavigator {

    private final UiThread ui;
    private final Waiting waiting;
    private final InputEvents input;
    private final ShellActivation activation;
    private final Keyboard keyboard;

    MenuNavigator(UiThread ui, Waiting waiting, InputEvents input, ShellActivation activation, Keyboard keyboard) {
        this.ui = ui;
        this.waiting = waiting;
        this.input = input;
        this.activation = activation;
        this.keyboard = keyboard;
    }

    /** See {@link UiDriver#selectMenu(Shell, String...)}. */
    void selectMenu(Shell shell, String... labels) {
        ui.checkNotOn("selectMenu");
        Objects.requireNonNull(shell, "shell");
        MenuPath path = new MenuPath(ui, labels);
        String route = path.route();
        Menu bar = path.menuBar(shell);
        MenuItem item = path.item(bar, 0);
        activation.activate(shell);
        Display display = ui.display();
        MenuEventLog log = new MenuEventLog();
        ui.run(() -> log.install(display));
        boolean selected = false;
        try {
            int before = ui.call(() -> log.arms);
            keyboard.tap(SWT.F10);
            waiting.until("F10 opens the menu bar of shell '" + ui.call(shell::getText) + "' (SWT.Arm on a bar item)",
                    () -> log.arms > before && log.armed != null && log.armed.getParent() == bar);
            highlight(log, bar, item, SWT.ARROW_RIGHT, SWT.ARROW_LEFT, route);
            walk(log, path, item, true);
            selected = true;
        } finally {
            try {
                if (!selected) {
                    closeMenus(log);
                }
            } finally {
                ui.run(() -> log.uninstall(display));
            }
        }
        input.settle();
    }

    /** See {@link UiDriver#selectContextMenu(Control, String...)}. */
    void selectContextMenu(Control control, String... labels) {
        ui.checkNotOn("selectContextMenu");
        Objects.requireNonNull(control, "control");
        MenuPath path = new MenuPath(ui, labels, "the context menu");
        String route = path.route();
        Menu menu = ui.call(() -> {
            Widgets.checkUsable(control, "open the context menu of " + Widgets.describe(control));
            return control.getMenu();
        });
        if (menu == null) {
            throw new WidgetNotFoundException(ui.call(() -> Widgets.describe(control)) + " has no context menu");
        }
        activation.activate(ui.call(control::getShell));
        if (!ui.call(control::isFocusControl)) {
            ui.run(() -> control.forceFocus());
        }
        waiting.until(ui.call(() -> Widgets.describe(control)) + " has the keyboard focus", control::isFocusControl);
        Display display = ui.display();
        MenuEventLog log = new MenuEventLog();
        ui.run(() -> log.install(display));
        boolean selected = false;
        try {
            keyboard.pressShortcut(SWT.SHIFT, SWT.F10);
            waiting.until("Shift+F10 shows the context menu (SWT.Show) for the menu path " + route,
                    () -> log.shown.contains(menu));
            MenuItem item = path.item(menu, 0);
            highlight(log, menu, item, SWT.ARROW_DOWN, SWT.ARROW_UP, route);
            walk(log, path, item, false);
            selected = true;
        } finally {
            try {
                if (!selected) {
                    closeMenus(log);
                }
            } finally {
                ui.run(() -> log.uninstall(display));
            }
        }
        input.settle();
    }

    /**
     * From the highlighted item at level 0, opens the submenus on the path with Right, highlights
     * each next item, and presses Enter on the last one.
     *
     * @param onBar whether level 0 is on a menu bar, where highlighting an item already opens its menu
     */
    private void walk(MenuEventLog log, MenuPath path, MenuItem first, boolean onBar) {
        String route = path.route();
        MenuItem item = first;
        for (int level = 0;; level++) {
            MenuItem current = item;
            if (path.isLast(level)) {
                keyboard.tap(SWT.CR);
                waiting.until("Enter selects '" + path.label(level) + "' (SWT.Selection) on the menu path " + route,
                        () -> log.selected.contains(current));
                return;
            }
            Menu submenu = ui.call(current::getMenu);
            if (level > 0 || !onBar) {
                keyboard.tap(SWT.ARROW_RIGHT);
            }
            waiting.until("the menu of '" + path.label(level) + "' is shown (SWT.Show) on the menu path " + route,
                    () -> log.shown.contains(submenu));
            item = path.item(submenu, level + 1);
            highlight(log, submenu, item, SWT.ARROW_DOWN, SWT.ARROW_UP, route);
        }
    }

    /** Presses the keys that move GTK's highlight in the menu to the target, checking each step. */
    private void highlight(MenuEventLog log, Menu menu, MenuItem target, int nextKey, int previousKey, String route) {
        int[] positions = ui.call(() -> {
            List<MenuItem> selectable = new ArrayList<>();
            for (MenuItem item : menu.getItems()) {
                if ((item.getStyle() & SWT.SEPARATOR) == 0 && item.getEnabled()) {
                    selectable.add(item);
                }
            }
            MenuItem armed = log.armed != null && !log.armed.isDisposed() && log.armed.getParent() == menu
                    ? log.armed : null;
            return new int[] { selectable.indexOf(armed), selectable.indexOf(target) };
        });
        int steps = positions[1] - positions[0];
        int key = steps >= 0 ? nextKey : previousKey;
        String keyName = Keystrokes.nameOf(key);
        for (int i = 0; i < Math.abs(steps); i++) {
            int before = ui.call(() -> log.arms);
            keyboard.tap(key);
            waiting.until(keyName + " highlights the next item on the menu path " + route, () -> log.arms > before);
        }
        String armed = ui.call(() -> log.armed == target ? null : Widgets.describe(log.armed));
        if (armed != null) {
            throw new IllegalStateException("Menu path " + route + ": expected "
                    + ui.call(() -> Widgets.describe(target)) + " to be highlighted after " + Math.abs(steps) + " x " + keyName + ", but " + armed + " is");
        }
    }

    /** Best effort: presses Escape until no menu on the path is shown. Never throws. */
    private void closeMenus(MenuEventLog log) {
        try {
            for (int i = 0; i < 10 && ui.call(() -> !log.shown.isEmpty()); i++) {
                int open = ui.call(() -> log.shown.size());
                keyboard.tap(SWT.ESC);
                waiting.until("Escape closes a menu", () -> log.shown.size() < open);
            }
            input.settle();
        } catch (RuntimeException e) {
            // the original failure matters more
        }
    }

    /** The menu events seen through display filters; used on the UI thread only. */
    private static final class MenuEventLog implements Listener {
        private static final int[] TYPES = { SWT.Arm, SWT.Show, SWT.Hide, SWT.Selection };

        int arms;
        MenuItem armed;
        final Set<Menu> shown = new HashSet<>();
        final Set<MenuItem> selected = new HashSet<>();

        void install(Display display) {
            for (int type : TYPES) {
                display.addFilter(type, this);
            }
        }

        void uninstall(Display display) {
            if (!display.isDisposed()) {
                for (int type : TYPES) {
                    display.removeFilter(type, this);
                }
            }
        }

        @Override
        public void handleEvent(Event event) {
            switch (event.type) {
                case SWT.Arm -> {
                    if (event.widget instanceof MenuItem item) {
                        arms++;
                        armed = item;
                    }
                }
                case SWT.Show -> {
                    if (event.widget instanceof Menu menu) {
                        shown.add(menu);
                    }
                }
                case SWT.Hide -> {
                    if (event.widget instanceof Menu menu) {
                        shown.remove(menu);
                    }
                }
                case SWT.Selection -> {
                    if (event.widget instanceof MenuItem item) {
                        selected.add(item);
                    }
                }
                default -> {
                    // not registered
                }
            }
        }
    }
}
