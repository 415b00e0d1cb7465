package dev.mirrorline.ui.testdriver;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;

/**
 * The labels from a menu bar down to an item, resolved one menu at a time, since menus that fill
 * themselves when shown have no items before that.
 */
final class MenuPath {

    private final UiThread ui;
    private final String[] labels;
    private final String route;
    private final String root;

    /**
     * A path from a menu bar.
     *
     * @throws IllegalArgumentException when the path is empty
     */
    MenuPath(UiThread ui, String[] labels) {
        this(ui, labels, "the menu bar");
    }

    /**
     * @param root what level 0 is, for messages, e.g. "the menu bar" or "the context menu"
     * @throws IllegalArgumentException when the path is empty
     */
    MenuPath(UiThread ui, String[] labels, String root) {
        if (labels == null || labels.length == 0) {
            throw new IllegalArgumentException("A menu path needs at least one label");
        }
        for (String label : labels) {
            Objects.requireNonNull(label, "menu label");
        }
        this.ui = ui;
        this.labels = labels;
        this.route = String.join(" > ", labels);
        this.root = root;
    }

    /** The path for messages, e.g. {@code File > Recent > Volume B}. */
    String route() {
        return route;
    }

    /** The number of labels. */
    int length() {
        return labels.length;
    }

    /** The label at the level, as given; level 0 is on the menu bar. */
    String label(int level) {
        return labels[level];
    }

    /** True for the level of the item to select. */
    boolean isLast(int level) {
        return level == labels.length - 1;
    }

    /**
     * The shell's menu bar, where the path starts.
     *
     * @throws WidgetNotFoundException when the shell has none
     */
    Menu menuBar(Shell shell) {
        Menu bar = ui.call(shell::getMenuBar);
        if (bar == null) {
            throw new WidgetNotFoundException("Shell '" + ui.call(shell::getText) + "' has no menu bar");
        }
        return bar;
    }

    /**
     * Resolves the label at the level in the menu on the UI thread, checking that the item can be
     * used at that place on the path.
     *
     * @throws WidgetNotFoundException when the menu has no such item
     * @throws IllegalStateException when the item is disabled, has no submenu before the end of the
     *         path, or has one at the end
     */
    MenuItem item(Menu menu, int level) {
        String wanted = Widgets.label(labels[level]);
        boolean last = isLast(level);
        return ui.call(() -> {
            List<String> seen = new ArrayList<>();
            for (MenuItem item : menu.getItems()) {
                if ((item.getStyle() & SWT.SEPARATOR) != 0) {
                    continue;
                }
                String label = Widgets.label(item.getText());
                if (!wanted.equals(label)) {
                    seen.add(label);
                    continue;
                }
                if (!item.getEnabled()) {
                    throw new IllegalStateException("Menu path " + route + ": '" + label + "' is disabled");
                }
                if (!last && item.getMenu() == null) {
                    throw new IllegalStateException("Menu path " + route + ": '" + label + "' has no submenu");
                }
                if (last && item.getMenu() != null) {
                    throw new IllegalStateException("Menu path " + route + ": '" + label
                            + "' opens a submenu; the path must end at an item that can be selected");
                }
                return item;
            }
            String where = level == 0 ? root : "the menu of '" + Widgets.label(labels[level - 1]) + "'";
            throw new WidgetNotFoundException("Menu path " + route + ": there is no item '" + wanted + "' in "
                    + where + ". Its items: " + seen);
        });
    }
}
