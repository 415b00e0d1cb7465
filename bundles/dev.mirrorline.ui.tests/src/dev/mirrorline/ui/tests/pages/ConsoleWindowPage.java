package dev.mirrorline.ui.tests.pages;

import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;

import dev.mirrorline.ui.history.EventLogView;
import dev.mirrorline.ui.pairs.PairsView;
import dev.mirrorline.ui.testdriver.UiDriver;

/** The console's main window, as a test sees and drives it. */
public final class ConsoleWindowPage {

    /** The window title. */
    public static final String TITLE = "Mirrorline";

    private final UiDriver driver;
    private final Shell shell;

    private ConsoleWindowPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
    }

    /**
     * Waits for the console window.
     *
     * @param driver the driver
     * @return the page
     */
    public static ConsoleWindowPage find(UiDriver driver) {
        return new ConsoleWindowPage(driver, driver.shell(TITLE));
    }

    /** @return the window's shell */
    public Shell shell() {
        return shell;
    }

    /** @return the window title as the shell reports it */
    public String title() {
        return driver.onUi(shell::getText);
    }

    /** @return how many icons (sizes) the window carries */
    public int iconCount() {
        return driver.onUi(() -> shell.getImages().length);
    }

    /** @return the Pairs view's table */
    public Table pairsTable() {
        return driver.find(shell, Table.class, table -> table.getColumnCount() == PairsView.Column.values().length,
                "the Pairs view's table");
    }

    /** @return the Pairs table's column headers, in display order */
    public List<String> pairsColumnHeaders() {
        Table table = pairsTable();
        return driver.onUi(() -> Arrays.stream(table.getColumnOrder())
                .mapToObj(table::getColumn).map(TableColumn::getText).toList());
    }

    /** @return the number of rows in the Pairs table */
    public int pairsRowCount() {
        Table table = pairsTable();
        return driver.onUi(table::getItemCount);
    }

    /**
     * Waits until the Pairs table shows a pair in a state.
     *
     * @param pair the pair's name (first column)
     * @param state the State column's text
     */
    public void waitForPairState(String pair, String state) {
        Table table = pairsTable();
        int stateColumn = PairsView.Column.STATE.ordinal();
        driver.withTimeout(java.time.Duration.ofSeconds(60)).waitUntil("pair " + pair + " " + state, () -> {
            for (org.eclipse.swt.widgets.TableItem item : table.getItems()) {
                if (pair.equals(item.getText(0)) && state.equals(item.getText(stateColumn))) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Selects a pair's row with a real click.
     *
     * @param pair the pair's name
     */
    public void selectPair(String pair) {
        driver.selectRow(pairsTable(), pair);
    }

    /**
     * Clicks a button of the Pairs view's toolbar once it is enabled.
     *
     * @param text the button's text
     */
    public void clickPairsToolbar(String text) {
        org.eclipse.swt.widgets.ToolBar bar = driver.find(shell, org.eclipse.swt.widgets.ToolBar.class,
                candidateBar -> java.util.Arrays.stream(candidateBar.getItems())
                        .anyMatch(candidate -> text.equals(candidate.getText())),
                "the toolbar with '" + text + "'");
        org.eclipse.swt.widgets.ToolItem button = driver.onUi(() -> java.util.Arrays.stream(bar.getItems())
                .filter(candidate -> text.equals(candidate.getText())).findFirst().orElseThrow());
        driver.waitUntil("'" + text + "' enabled", button::isEnabled);
        driver.click(button);
    }

    /**
     * Waits until the status line shows a text.
     *
     * @param text the text
     */
    public void waitForStatusLineText(String text) {
        // status line contribution items are CLabels
        driver.find(shell, CLabel.class, label -> text.equals(label.getText()) && label.isVisible(),
                "a visible status line label '" + text + "'");
    }

    /**
     * Opens Help &gt; About Mirrorline through the menu bar with real key presses.
     *
     * @return the About dialog
     */
    public AboutDialogPage openAboutDialog() {
        driver.selectMenu(shell, "Help", "About Mirrorline");
        return AboutDialogPage.find(driver);
    }

    /**
     * Opens a view through Window &gt; Show View with real key presses, and waits until it is shown.
     *
     * @param viewName the view's name in the menu
     * @param viewId the view's id
     */
    public void showViewFromWindowMenu(String viewName, String viewId) {
        driver.selectMenu(shell, "Window", "Show View", viewName);
        driver.waitUntil("view " + viewId + " is open and visible", () -> {
            IViewPart view = activePage().findView(viewId);
            return view != null && activePage().isPartVisible(view);
        });
    }

    /**
     * @param viewId a view id
     * @return whether the view is open in the active page (evaluated on the UI thread)
     */
    public boolean isViewOpen(String viewId) {
        return driver.onUi(() -> activePage().findView(viewId) != null);
    }

    /**
     * Closes a view if it is open, so that each test starts from the perspective's layout.
     *
     * @param viewId the view id
     */
    public void closeView(String viewId) {
        driver.onUi(() -> {
            IViewPart view = activePage().findView(viewId);
            if (view != null) {
                activePage().hideView(view);
            }
        });
    }

    /**
     * Opens the Event Log through Window &gt; Show View with real key presses.
     *
     * @return the Event Log
     */
    public EventLogPage showEventLog() {
        showViewFromWindowMenu("Event Log", EventLogView.ID);
        return new EventLogPage(driver, shell);
    }

    /** @return the control that has keyboard focus, or null */
    public Control focusControl() {
        return driver.onUi(() -> shell.getDisplay().getFocusControl());
    }

    private static IWorkbenchPage activePage() {
        return PlatformUI.getWorkbench().getWorkbenchWindows()[0].getActivePage();
    }
}
