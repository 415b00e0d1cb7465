package dev.mirrorline.ui.testdriver;

import java.util.Objects;
import java.util.function.Supplier;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/**
 * Clicks on controls and on table and tree items as a user would: at the centre of what is
 * visible of them, in an active shell, and only when nothing covers the spot.
 */
final class Mouse {

    private final UiThread ui;
    private final Pointer pointer;
    private final ShellActivation activation;

    Mouse(UiThread ui, Pointer pointer, ShellActivation activation) {
        this.ui = ui;
        this.pointer = pointer;
        this.activation = activation;
    }

    /** See {@link UiDriver#click(Control)}. */
    void click(Control control) {
        clickAt(() -> spotOf(control));
    }

    /** See {@link UiDriver#click(TableItem)}. */
    void click(TableItem item) {
        clickAt(() -> spotOf(item));
    }

    /** See {@link UiDriver#click(TreeItem)}. */
    void click(TreeItem item) {
        clickAt(() -> spotOf(item));
    }

    /** See {@link UiDriver#doubleClick(Control)}. */
    void doubleClick(Control control) {
        doubleClickAt(() -> spotOf(control));
    }

    /** See {@link UiDriver#doubleClick(TableItem)}. */
    void doubleClick(TableItem item) {
        doubleClickAt(() -> spotOf(item));
    }

    /** See {@link UiDriver#doubleClick(TreeItem)}. */
    void doubleClick(TreeItem item) {
        doubleClickAt(() -> spotOf(item));
    }

    void click(org.eclipse.swt.widgets.ToolItem item) {
        clickAt(() -> new Spot(ui.call(item::getParent), () -> {
            if (!item.isEnabled()) {
                throw new IllegalStateException("Cannot click the tool item '" + item.getText() + "': it is disabled");
            }
            org.eclipse.swt.widgets.ToolBar toolBar = item.getParent();
            return centreOfCell(toolBar, item.getBounds(), "the tool item '" + item.getText() + "'");
        }));
    }

    private void clickAt(Supplier<Spot> spot) {
        ui.checkNotOn("click");
        pointAt(spot.get());
        pointer.click();
    }

    private void doubleClickAt(Supplier<Spot> spot) {
        ui.checkNotOn("doubleClick");
        pointAt(spot.get());
        pointer.doubleClick();
    }

    /** Where to click: a point computed on the UI thread, on a control that must be what lies there. */
    private record Spot(Control target, Supplier<Point> point) {
    }

    private static Spot spotOf(Control control) {
        return new Spot(control, () -> centreOf(control));
    }

    private Spot spotOf(TableItem item) {
        return new Spot(ui.call(item::getParent), () -> centreOf(item));
    }

    private Spot spotOf(TreeItem item) {
        return new Spot(ui.call(item::getParent), () -> centreOf(item));
    }

    /**
     * Activates the target's shell and moves the pointer to the spot's point; checks that the
     * target (or one of its children) is what lies under the pointer.
     */
    private void pointAt(Spot spot) {
        Control target = Objects.requireNonNull(spot.target(), "target");
        Display display = ui.display();
        Shell shell = ui.call(() -> {
            Widgets.checkUsable(target, "click " + Widgets.describe(target));
            return target.getShell();
        });
        if (ui.call(() -> display.getActiveShell() != shell)) {
            activation.activate(shell);
        } else {
            ui.run(() -> shell.moveAbove(null));
        }
        Point point = ui.call(spot.point());
        pointer.moveTo(point);
        String obstacle = ui.call(() -> {
            Control under = display.getCursorControl();
            return Widgets.isWithin(under, target) ? null : Widgets.describe(under);
        });
        if (obstacle != null) {
            throw new IllegalStateException("Cannot click " + ui.call(() -> Widgets.describe(target)) + " at "
                    + point + ": the pointer there is over " + obstacle + ", which covers it");
        }
    }

    private static Point centreOf(Control control) {
        Point size = control.getSize();
        return control.toDisplay(size.x / 2, size.y / 2);
    }

    private static Point centreOf(TableItem item) {
        Table table = item.getParent();
        table.showItem(item);
        return centreOfCell(table, item.getBounds(), Widgets.describe(item));
    }

    private static Point centreOf(TreeItem item) {
        for (TreeItem parent = item.getParentItem(); parent != null; parent = parent.getParentItem()) {
            if (!parent.getExpanded()) {
                throw new IllegalStateException("Cannot click " + Widgets.describe(item) + ": it is inside the collapsed "
                        + Widgets.describe(parent) + " (selectTreePath expands the path)");
            }
        }
        Tree tree = item.getParent();
        tree.showItem(item);
        return centreOfCell(tree, item.getBounds(), Widgets.describe(item));
    }

    private static Point centreOfCell(Composite owner, Rectangle cell, String what) {
        Rectangle visible = owner.getClientArea().intersection(cell);
        if (visible.isEmpty()) {
            throw new IllegalStateException("Cannot click " + what + ": its cell " + cell
                    + " is outside the visible area " + owner.getClientArea());
        }
        return owner.toDisplay(visible.x + visible.width / 2, visible.y + visible.height / 2);
    }
}
