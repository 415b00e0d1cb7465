package dev.mirrorline.ui.testdriver;

import java.util.Objects;
import java.util.function.Predicate;

import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.Widget;

/**
 * Reusable widget predicates for {@link UiDriver#find}. The driver evaluates them on the UI thread.
 */
public final class By {

    private By() {
    }

    /**
     * Matches widgets whose text ({@code getText()}) equals the given text exactly.
     *
     * @param text the expected text, including any {@code &} mnemonic markers
     * @return the predicate
     */
    public static Predicate<Widget> text(String text) {
        Objects.requireNonNull(text, "text");
        return widget -> text.equals(Widgets.textOf(widget));
    }

    /**
     * Matches widgets whose label equals the given label as a user reads it: {@code &} mnemonic
     * markers are ignored ({@code &&} stands for one {@code &}), and so is a menu item's accelerator
     * text after a tab. {@code label("Open file")} matches a button with the text {@code "&Open file"}.
     *
     * @param label the label as displayed, with or without mnemonic markers
     * @return the predicate
     */
    public static Predicate<Widget> label(String label) {
        String expected = Widgets.label(Objects.requireNonNull(label, "label"));
        return widget -> expected.equals(Widgets.label(Widgets.textOf(widget)));
    }

    /**
     * Matches controls and items (tool items, tab items, table and tree columns) whose tooltip text
     * equals the given text.
     *
     * @param tooltip the expected tooltip text
     * @return the predicate
     */
    public static Predicate<Widget> tooltip(String tooltip) {
        Objects.requireNonNull(tooltip, "tooltip");
        return widget -> tooltip.equals(tooltipOf(widget));
    }

    /**
     * Matches widgets whose application data under the given key ({@code getData(key)}) equals the
     * given value.
     *
     * @param key the data key, as passed to {@code setData(String, Object)}
     * @param value the expected value, compared with {@link Objects#equals}
     * @return the predicate
     */
    public static Predicate<Widget> data(String key, Object value) {
        Objects.requireNonNull(key, "key");
        return widget -> Objects.equals(widget.getData(key), value);
    }

    static String tooltipOf(Widget widget) {
        if (widget instanceof Control control) {
            return control.getToolTipText();
        }
        if (widget instanceof ToolItem item) {
            return item.getToolTipText();
        }
        if (widget instanceof TabItem item) {
            return item.getToolTipText();
        }
        if (widget instanceof CTabItem item) {
            return item.getToolTipText();
        }
        if (widget instanceof TableColumn column) {
            return column.getToolTipText();
        }
        if (widget instanceof TreeColumn column) {
            return column.getToolTipText();
        }
        return null;
    }
}
