package dev.mirrorline.ui.testdriver;

import java.util.Arrays;
import java.util.Objects;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/** Selects table rows and tree items by their text, with real clicks and keys. */
final class ItemSelection {

    private final UiThread ui;
    private final Waiting waiting;
    private final WidgetFinder finder;
    private final Mouse mouse;
    private final Keyboard keyboard;

    ItemSelection(UiThread ui, Waiting waiting, WidgetFinder finder, Mouse mouse, Keyboard keyboard) {
        this.ui = ui;
        this.waiting = waiting;
        this.finder = finder;
        this.mouse = mouse;
        this.keyboard = keyboard;
    }

    /** See {@link UiDriver#selectRow(Table, String)}. */
    void selectRow(Table table, String firstColumnText) {
        ui.checkNotOn("selectRow");
        Objects.requireNonNull(firstColumnText, "firstColumnText");
        TableItem row = finder.find(table, TableItem.class, By.text(firstColumnText), "row '" + firstColumnText + "'");
        mouse.click(row);
        waiting.until("row '" + firstColumnText + "' is the table's selection",
                () -> Arrays.equals(table.getSelection(), new TableItem[] { row }));
    }

    /** See {@link UiDriver#selectTreePath(Tree, String...)}. */
    void selectTreePath(Tree tree, String... path) {
        ui.checkNotOn("selectTreePath");
        Objects.requireNonNull(tree, "tree");
        if (path == null || path.length == 0) {
            throw new IllegalArgumentException("A tree path needs at least one item text");
        }
        TreeItem parent = null;
        for (int level = 0; level < path.length; level++) {
            TreeItem item = treeItem(tree, parent, path, level);
            if (level < path.length - 1 && !ui.call(item::getExpanded)) {
                mouse.click(item);
                keyboard.pressKey(SWT.KEYPAD_ADD);
                waiting.until("'" + path[level] + "' is expanded", item::getExpanded);
            }
            if (level == path.length - 1) {
                mouse.click(item);
                waiting.until("'" + String.join(" > ", path) + "' is the tree's selection",
                        () -> Arrays.equals(tree.getSelection(), new TreeItem[] { item }));
            }
            parent = item;
        }
    }

    /** Waits for the item with the text at the level under the parent (the top when null). */
    private TreeItem treeItem(Tree tree, TreeItem parent, String[] path, int level) {
        String text = path[level];
        return waiting.forResult("tree item '" + text + "'", seen -> {
            TreeItem[] items = parent == null ? tree.getItems() : parent.getItems();
            for (TreeItem item : items) {
                if (text.equals(item.getText())) {
                    return item;
                }
                seen.add("'" + item.getText() + "'");
            }
            return null;
        }, seen -> {
            String where = level == 0 ? "at the top of the tree" : "under '" + path[level - 1] + "'";
            return new WidgetNotFoundException("Tree path " + String.join(" > ", path) + ": no item '" + text
                    + "' " + where + " within " + Waiting.format(waiting.timeout()) + ". Items there: " + seen);
        });
    }
}
