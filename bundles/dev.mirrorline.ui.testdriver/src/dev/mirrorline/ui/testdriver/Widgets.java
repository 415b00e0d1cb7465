package dev.mirrorline.ui.testdriver;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Decorations;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Item;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.swt.widgets.Widget;

/** What a user can see of widgets and do with them. Every method runs on the UI thread. */
final class Widgets {

    private static final int MAX_TEXT = 40;

    private Widgets() {
    }

    /**
     * Returns the root and every widget below it that a user could see: visible controls, the items
     * of tables, trees, tool bars and tab folders, and the items of a shell's menu bar (all levels).
     */
    static List<Widget> below(Widget root) {
        List<Widget> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(Widget widget, List<Widget> out) {
        if (widget.isDisposed() || widget instanceof Control control && !control.isVisible()) {
            return;
        }
        out.add(widget);
        if (widget instanceof Decorations decorations && decorations.getMenuBar() != null) {
            walkMenu(decorations.getMenuBar(), out);
        }
        if (widget instanceof Table table) {
            out.addAll(List.of(table.getItems()));
        } else if (widget instanceof Tree tree) {
            walkTreeItems(tree.getItems(), out);
        } else if (widget instanceof ToolBar toolBar) {
            out.addAll(List.of(toolBar.getItems()));
        } else if (widget instanceof TabFolder folder) {
            out.addAll(List.of(folder.getItems()));
        } else if (widget instanceof CTabFolder folder) {
            out.addAll(List.of(folder.getItems()));
        }
        if (widget instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                walk(child, out);
            }
        }
    }

    private static void walkTreeItems(TreeItem[] items, List<Widget> out) {
        for (TreeItem item : items) {
            out.add(item);
            walkTreeItems(item.getItems(), out);
        }
    }

    private static void walkMenu(Menu menu, List<Widget> out) {
        for (MenuItem item : menu.getItems()) {
            out.add(item);
            if (item.getMenu() != null) {
                walkMenu(item.getMenu(), out);
            }
        }
    }

    /** The widget's text as shown to the user, or null for widgets without text. */
    static String textOf(Widget widget) {
        if (widget == null || widget.isDisposed()) {
            return null;
        }
        if (widget instanceof Item item) {
            return item.getText();
        }
        if (widget instanceof Button button) {
            return button.getText();
        }
        if (widget instanceof Label label) {
            return label.getText();
        }
        if (widget instanceof CLabel label) {
            return label.getText();
        }
        if (widget instanceof Text text) {
            return text.getText();
        }
        if (widget instanceof StyledText text) {
            return text.getText();
        }
        if (widget instanceof Combo combo) {
            return combo.getText();
        }
        if (widget instanceof Link link) {
            return link.getText();
        }
        if (widget instanceof Group group) {
            return group.getText();
        }
        if (widget instanceof Decorations decorations) {
            return decorations.getText();
        }
        return null;
    }

    /**
     * The label as a user reads it: without {@code &} mnemonic markers ({@code &&} is a literal
     * {@code &}) and without a menu item's accelerator text after a tab. Null stays null.
     */
    static String label(String text) {
        if (text == null) {
            return null;
        }
        int tab = text.indexOf('\t');
        String shown = tab >= 0 ? text.substring(0, tab) : text;
        StringBuilder label = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '&') {
                if (i + 1 < shown.length() && shown.charAt(i + 1) == '&') {
                    label.append('&');
                    i++;
                }
            } else {
                label.append(c);
            }
        }
        return label.toString();
    }

    /** A short description for messages, e.g. {@code Button 'OK'} or {@code Table}. */
    static String describe(Widget widget) {
        if (widget == null) {
            return "nothing";
        }
        String type = widget.getClass().getSimpleName();
        if (widget.isDisposed()) {
            return "disposed " + type;
        }
        String text = textOf(widget);
        if (text == null) {
            String tooltip = By.tooltipOf(widget);
            return tooltip == null ? type : type + " (tooltip '" + tooltip + "')";
        }
        String shown = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
        return type + " '" + shown.replace("\n", "\\n").replace("\t", "\\t") + "'";
    }

    /** True when the widget is the ancestor itself or one of its descendants. */
    static boolean isWithin(Control control, Control ancestor) {
        for (Control c = control; c != null; c = c.getParent()) {
            if (c == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** The modal shell that keeps input away from the given shell, or null if there is none. */
    static Shell modalBlocker(Shell target) {
        for (Shell shell : target.getDisplay().getShells()) {
            if (shell == target || shell.isDisposed() || !shell.isVisible() || isWithin(target, shell)) {
                continue;
            }
            int style = shell.getStyle();
            boolean blocksAll = (style & (SWT.APPLICATION_MODAL | SWT.SYSTEM_MODAL)) != 0;
            boolean blocksParent = (style & SWT.PRIMARY_MODAL) != 0 && isWithin(shell, target);
            if (blocksAll || blocksParent) {
                return shell;
            }
        }
        return null;
    }

    /** Throws when the control cannot take input now: disposed, hidden, disabled or blocked. */
    static void checkUsable(Control control, String action) {
        if (control.isDisposed()) {
            throw new IllegalStateException("Cannot " + action + ": it is disposed");
        }
        if (!control.isVisible()) {
            throw new IllegalStateException("Cannot " + action + ": it is not visible");
        }
        if (!control.isEnabled()) {
            throw new IllegalStateException("Cannot " + action + ": it is disabled");
        }
        Shell blocker = modalBlocker(control.getShell());
        if (blocker != null) {
            throw new IllegalStateException("Cannot " + action + ": the modal shell '" + blocker.getText()
                    + "' is open and blocks input to it");
        }
    }
}
