package dev.mirrorline.ui.tests.pages;

import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
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
     * @param pair the pair's name
     * @return the colour at the centre of the icon beside its state, as the table shows it, or
     *         null if there is none
     */
    public org.eclipse.swt.graphics.RGB pairStateIconColour(String pair) {
        Table table = pairsTable();
        int stateColumn = PairsView.Column.STATE.ordinal();
        return driver.onUi(() -> {
            for (org.eclipse.swt.widgets.TableItem item : table.getItems()) {
                if (pair.equals(item.getText(0))) {
                    org.eclipse.swt.graphics.Image icon = item.getImage(stateColumn);
                    if (icon == null) {
                        return null;
                    }
                    org.eclipse.swt.graphics.ImageData data = icon.getImageData();
                    return data.palette.getRGB(data.getPixel(data.width / 2, data.height / 2));
                }
            }
            return null;
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
     * @param label the command's label: the button's text, or its tooltip (which may end with the
     *        key binding in parentheses, e.g. "Interrupt Link (Ctrl+Shift+I)")
     */
    public void clickPairsToolbar(String label) {
        ToolItem button = pairsToolItem(label);
        driver.waitUntil("'" + label + "' enabled", button::isEnabled);
        driver.click(button);
    }

    /**
     * @param label a command's label, as for {@link #clickPairsToolbar(String)}
     * @return whether its button on the Pairs view's toolbar is enabled now
     */
    public boolean isPairsToolbarEnabled(String label) {
        ToolItem button = pairsToolItem(label);
        return driver.onUi(button::isEnabled);
    }

    /**
     * @param label a command's label, as for {@link #clickPairsToolbar(String)}
     * @return the button's tooltip, e.g. "Interrupt Link (Ctrl+Shift+I)"
     */
    public String pairsToolbarTooltip(String label) {
        ToolItem button = pairsToolItem(label);
        return driver.onUi(button::getToolTipText);
    }

    private ToolItem pairsToolItem(String label) {
        ToolBar bar = driver.find(shell, ToolBar.class,
                candidateBar -> Arrays.stream(candidateBar.getItems()).anyMatch(item -> isLabelled(item, label)),
                "the toolbar with '" + label + "'");
        return driver.onUi(() -> Arrays.stream(bar.getItems()).filter(item -> isLabelled(item, label)).findFirst()
                .orElseThrow());
    }

    private static boolean isLabelled(ToolItem item, String label) {
        String tooltip = item.getToolTipText();
        return label.equals(item.getText()) || label.equals(tooltip)
                || (tooltip != null && tooltip.startsWith(label + " (")); //$NON-NLS-1$
    }

    /**
     * Waits until the Pairs table shows a pair in a state, and records the states its row showed
     * while waiting, each once in a row (e.g. INTERRUPTED, RESYNCING, CONSISTENT).
     *
     * @param pair the pair's name
     * @param state the state to wait for
     * @param seen where to append the states seen; its last element is not repeated
     */
    public void recordPairStatesUntil(String pair, String state, List<String> seen) {
        Table table = pairsTable();
        int stateColumn = PairsView.Column.STATE.ordinal();
        driver.withTimeout(java.time.Duration.ofSeconds(60)).waitUntil("pair " + pair + " " + state, () -> {
            for (org.eclipse.swt.widgets.TableItem item : table.getItems()) {
                if (pair.equals(item.getText(0))) {
                    String now = item.getText(stateColumn);
                    if (!now.isEmpty() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now))) {
                        seen.add(now);
                    }
                    return state.equals(now);
                }
            }
            return false;
        });
    }

    /**
     * Waits until the Pairs table has no row for a pair.
     *
     * @param pair the pair's name
     */
    public void waitForNoPair(String pair) {
        Table table = pairsTable();
        driver.waitUntil("no row for the pair " + pair,
                () -> Arrays.stream(table.getItems()).noneMatch(item -> pair.equals(item.getText(0))));
    }

    /**
     * Waits until a button of the Pairs view's toolbar is enabled or disabled.
     *
     * @param label the command's label, as for {@link #clickPairsToolbar(String)}
     * @param enabled the state to wait for
     */
    public void waitForPairsToolbarEnabled(String label, boolean enabled) {
        ToolItem button = pairsToolItem(label);
        driver.waitUntil("'" + label + "' " + (enabled ? "enabled" : "disabled"),
                () -> button.isEnabled() == enabled);
    }

    /**
     * Selects an item of the Pairs table's context menu with real keys.
     *
     * @param path the labels down to the item, e.g. "Interrupt Link"
     */
    public void selectPairsContextMenu(String... path) {
        driver.selectContextMenu(pairsTable(), path);
    }

    /**
     * Presses a key binding while the Pairs view is active (select a pair first: that activates it).
     *
     * @param modifiers SWT modifier mask, e.g. {@code SWT.CTRL | SWT.SHIFT}
     * @param key the key, e.g. {@code 'i'}
     */
    public void pressInPairsView(int modifiers, int key) {
        Table table = pairsTable();
        driver.waitUntil("the Pairs table has the keyboard focus", table::isFocusControl);
        if (modifiers == 0) {
            driver.pressKey(key);
        } else {
            driver.pressShortcut(modifiers, key);
        }
    }

    /**
     * Opens the Properties view through Window &gt; Show View with real key presses.
     *
     * @return the Properties view
     */
    public PropertiesViewPage showProperties() {
        showViewFromWindowMenu("Properties", dev.mirrorline.ui.ConsolePerspective.PROPERTIES_VIEW_ID);
        return new PropertiesViewPage(driver, shell);
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

    /**
     * Opens the NBD Exports view through Window &gt; Show View with real key presses.
     *
     * @return the NBD Exports view
     */
    public NbdExportsPage showNbdExports() {
        showViewFromWindowMenu("NBD Exports", dev.mirrorline.ui.nbd.NbdExportsView.ID);
        return new NbdExportsPage(driver, shell);
    }

    /**
     * @return the NBD Exports view, once it is open (from the Pairs view's context menu, say)
     */
    public NbdExportsPage nbdExports() {
        driver.waitUntil("the NBD Exports view is open and visible", () -> {
            IViewPart view = activePage().findView(dev.mirrorline.ui.nbd.NbdExportsView.ID);
            return view != null && activePage().isPartVisible(view);
        });
        return new NbdExportsPage(driver, shell);
    }

    /** @return the control that has keyboard focus, or null */
    public Control focusControl() {
        return driver.onUi(() -> shell.getDisplay().getFocusControl());
    }

    private static IWorkbenchPage activePage() {
        return PlatformUI.getWorkbench().getWorkbenchWindows()[0].getActivePage();
    }

    /**
     * Waits until the Pairs table shows which volume of a pair is the primary, as its Roles column says.
     *
     * @param pair the pair's name (first column)
     * @param roles the Roles column's text, e.g. "reversed: secondary.img primary"
     */
    public void waitForPairRoles(String pair, String roles) {
        Table table = pairsTable();
        int rolesColumn = PairsView.Column.ROLES.ordinal();
        driver.waitUntil("pair " + pair + " " + roles, () -> {
            for (org.eclipse.swt.widgets.TableItem item : table.getItems()) {
                if (pair.equals(item.getText(0)) && roles.equals(item.getText(rolesColumn))) {
                    return true;
                }
            }
            return false;
        });
    }
}
