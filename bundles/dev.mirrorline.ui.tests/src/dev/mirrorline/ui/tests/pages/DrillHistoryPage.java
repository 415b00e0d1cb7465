package dev.mirrorline.ui.tests.pages;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import dev.mirrorline.ui.drills.DrillHistoryView;
import dev.mirrorline.ui.testdriver.UiDriver;

/** The Drill History view, as a test reads it. */
public final class DrillHistoryPage {

    /** The view's name in Window &gt; Show View. */
    public static final String NAME = "Drill History";

    private final UiDriver driver;
    private final Shell shell;

    DrillHistoryPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
    }

    /**
     * Opens the view through Window &gt; Show View with real key presses.
     *
     * @param driver the driver
     * @param window the console window
     * @return the view
     */
    public static DrillHistoryPage showFromWindowMenu(UiDriver driver, ConsoleWindowPage window) {
        window.showViewFromWindowMenu(NAME, DrillHistoryView.ID);
        return new DrillHistoryPage(driver, window.shell());
    }

    /** @return the table of drills */
    public Table table() {
        return driver.byData(shell, Table.class, DrillHistoryView.WIDGET_KEY, DrillHistoryView.TABLE_WIDGET);
    }

    /** @return the line above the table */
    public String status() {
        Label status = driver.byData(shell, Label.class, DrillHistoryView.WIDGET_KEY, DrillHistoryView.STATUS_WIDGET);
        return driver.onUi(() -> status.getText());
    }

    /** @return the column headers, in order */
    public List<String> headers() {
        Table table = table();
        return driver.onUi(() -> {
            List<String> headers = new ArrayList<>();
            for (var column : table.getColumns()) {
                headers.add(column.getText());
            }
            return headers;
        });
    }

    /** @return each row's cells, top first */
    public List<List<String>> rows() {
        Table table = table();
        return driver.onUi(() -> {
            List<List<String>> rows = new ArrayList<>();
            for (TableItem item : table.getItems()) {
                List<String> cells = new ArrayList<>();
                for (int column = 0; column < table.getColumnCount(); column++) {
                    cells.add(item.getText(column));
                }
                rows.add(cells);
            }
            return rows;
        });
    }

    /**
     * Waits until the table has this many rows.
     *
     * @param count the rows
     */
    public void waitForRowCount(int count) {
        Table table = table();
        driver.waitUntil("the drill history lists " + count + " drills", () -> table.getItemCount() == count);
    }
}
