package dev.mirrorline.ui.tests.pages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import dev.mirrorline.ui.history.EventLogView;
import dev.mirrorline.ui.testdriver.UiDriver;

/** The Event Log view, as a test sees and drives it. */
public final class EventLogPage {

    private final UiDriver driver;
    private final Shell shell;

    EventLogPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
    }

    /** @return the rows of the table, each as its cells' texts in column order (time, pair, type, summary) */
    public List<List<String>> rows() {
        Table table = table();
        return driver.onUi(() -> rowsOnUi(table));
    }

    /** @return the column headers, in display order */
    public List<String> columnHeaders() {
        Table table = table();
        return driver.onUi(() -> Arrays.stream(table.getColumnOrder()).mapToObj(table::getColumn)
                .map(column -> column.getText()).toList());
    }

    /**
     * Waits until the table shows exactly these rows.
     *
     * @param description the rows in words, for the failure message
     * @param expected the rows, as {@link #rows()} returns them
     */
    public void waitForRows(String description, List<List<String>> expected) {
        Table table = table();
        try {
            driver.waitUntil("the Event Log shows " + description, () -> rowsOnUi(table).equals(expected));
        } catch (RuntimeException e) {
            throw new AssertionError("expected " + expected + " but the Event Log shows " + rows(), e);
        }
    }

    /**
     * Waits until the first row of the table is this one.
     *
     * @param description the row in words, for the failure message
     * @param expected the row's cells
     */
    public void waitForFirstRow(String description, List<String> expected) {
        Table table = table();
        try {
            driver.waitUntil("the Event Log's first row is " + description, () -> {
                List<List<String>> rows = rowsOnUi(table);
                return !rows.isEmpty() && rows.get(0).equals(expected);
            });
        } catch (RuntimeException e) {
            throw new AssertionError("expected " + expected + " on top but the Event Log shows " + rows(), e);
        }
    }

    /**
     * Waits until the status label says this.
     *
     * @param text the text
     */
    public void waitForStatus(String text) {
        Label status = driver.byData(shell, Label.class, EventLogView.WIDGET_KEY, EventLogView.STATUS_WIDGET);
        try {
            driver.waitUntil("the Event Log says '" + text + "'", () -> status.getText().equals(text));
        } catch (RuntimeException e) {
            throw new AssertionError("expected '" + text + "' but the Event Log says '" + statusText() + "'", e);
        }
    }

    /** @return the entries of the pair filter */
    public List<String> pairFilterItems() {
        Combo combo = combo(EventLogView.PAIR_FILTER_WIDGET);
        return driver.onUi(() -> List.of(combo.getItems()));
    }

    /**
     * Waits until the pair filter offers the pair, then selects it, as picking it from the drop-down
     * list does.
     *
     * @param pair a pair name, or "All pairs"
     */
    public void filterByPair(String pair) {
        select(combo(EventLogView.PAIR_FILTER_WIDGET), pair);
    }

    /**
     * Selects an event type in the type filter, as picking it from the drop-down list does.
     *
     * @param type a type name, or "All types"
     */
    public void filterByType(String type) {
        select(combo(EventLogView.TYPE_FILTER_WIDGET), type);
    }

    /** @return the text that says which events are shown */
    public String statusText() {
        Label status = driver.byData(shell, Label.class, EventLogView.WIDGET_KEY, EventLogView.STATUS_WIDGET);
        return driver.onUi(() -> status.getText());
    }

    /** @return whether Newer and Older can be clicked, in that order */
    public List<Boolean> pageButtonsEnabled() {
        Button newer = driver.byData(shell, Button.class, EventLogView.WIDGET_KEY, EventLogView.NEWER_WIDGET);
        Button older = driver.byData(shell, Button.class, EventLogView.WIDGET_KEY, EventLogView.OLDER_WIDGET);
        return driver.onUi(() -> List.of(newer.isEnabled(), older.isEnabled()));
    }

    /** Clicks Older with a real mouse click. */
    public void clickOlder() {
        driver.click(driver.byData(shell, Button.class, EventLogView.WIDGET_KEY, EventLogView.OLDER_WIDGET));
    }

    /** Clicks Newer with a real mouse click. */
    public void clickNewer() {
        driver.click(driver.byData(shell, Button.class, EventLogView.WIDGET_KEY, EventLogView.NEWER_WIDGET));
    }

    private void select(Combo combo, String item) {
        driver.waitUntil("the filter offers '" + item + "'", () -> Arrays.asList(combo.getItems()).contains(item));
        // GTK's read-only combo opens a pop-up that posted keys do not reach reliably: select as SWT does
        driver.onUi(() -> {
            combo.select(Arrays.asList(combo.getItems()).indexOf(item));
            combo.notifyListeners(SWT.Selection, null);
        });
    }

    private Table table() {
        return driver.byData(shell, Table.class, EventLogView.WIDGET_KEY, EventLogView.TABLE_WIDGET);
    }

    private Combo combo(String widget) {
        return driver.byData(shell, Combo.class, EventLogView.WIDGET_KEY, widget);
    }

    private static List<List<String>> rowsOnUi(Table table) {
        List<List<String>> rows = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            List<String> cells = new ArrayList<>();
            for (int column = 0; column < table.getColumnCount(); column++) {
                cells.add(item.getText(column));
            }
            rows.add(cells);
        }
        return rows;
    }
}
