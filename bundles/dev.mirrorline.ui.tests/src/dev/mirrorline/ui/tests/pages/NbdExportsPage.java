package dev.mirrorline.ui.tests.pages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

import dev.mirrorline.ui.nbd.NbdExportsView;
import dev.mirrorline.ui.testdriver.UiDriver;

/** The NBD Exports view, as a test sees and drives it. */
public final class NbdExportsPage {

    /** Its toolbar button and command that start the server. */
    public static final String START_SERVER = "Start NBD Server";
    /** Its toolbar button and command that stop the server. */
    public static final String STOP_SERVER = "Stop NBD Server";

    private final UiDriver driver;
    private final Shell shell;

    NbdExportsPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
    }

    /** @return the tree's column headers, in display order */
    public List<String> columnHeaders() {
        Tree tree = tree();
        return driver.onUi(() -> Arrays.stream(tree.getColumnOrder()).mapToObj(tree::getColumn)
                .map(column -> column.getText()).toList());
    }

    /**
     * Waits until an export's row shows exactly these cells.
     *
     * @param cells the row's texts in column order (export, pair, volume, size, access, address, clients, since)
     */
    public void waitForExport(List<String> cells) {
        Tree tree = tree();
        try {
            driver.waitUntil("the export row " + cells, () -> exportRows(tree).contains(cells));
        } catch (RuntimeException e) {
            throw new AssertionError("expected the row " + cells + " but the view shows " + exportRows(), e);
        }
    }

    /**
     * Waits until no row has this export's name.
     *
     * @param name an export's name
     */
    public void waitForNoExport(String name) {
        Tree tree = tree();
        driver.waitUntil("no row for the export " + name,
                () -> exportRows(tree).stream().noneMatch(row -> row.get(0).equals(name)));
    }

    /** @return every export's row, as its cells' texts */
    public List<List<String>> exportRows() {
        Tree tree = tree();
        return driver.onUi(() -> exportRows(tree));
    }

    /**
     * @param export an export's name
     * @return the rows of its clients below it (first cell: the client's address), as shown now
     */
    public List<List<String>> clientRows(String export) {
        Tree tree = tree();
        return driver.onUi(() -> clientRows(tree, export));
    }

    /**
     * Waits until an export shows a client from this address among its child rows, and returns it.
     *
     * @param export the export's name
     * @param remote the client's address as the first cell shows it, e.g. {@code 127.0.0.1:43210}
     * @param clientsPattern a regular expression the Clients cell matches (the client's counters)
     * @return the client's row
     */
    public List<String> waitForClient(String export, String remote, String clientsPattern) {
        Tree tree = tree();
        try {
            driver.waitUntil("a client " + remote + " under " + export + " with " + clientsPattern,
                    () -> clientRows(tree, export).stream().anyMatch(row -> row.get(0).equals(remote)
                            && row.get(6).matches(clientsPattern)));
        } catch (RuntimeException e) {
            throw new AssertionError("expected a client " + remote + " under " + export + " but the view shows "
                    + clientRows(export), e);
        }
        return clientRows(export).stream().filter(row -> row.get(0).equals(remote)).findFirst().orElseThrow();
    }

    /**
     * Waits until an export has no client rows.
     *
     * @param export the export's name
     */
    public void waitForNoClients(String export) {
        Tree tree = tree();
        driver.waitUntil("no clients under " + export, () -> clientRows(tree, export).isEmpty());
    }

    /**
     * Waits until the line above the tree begins with this text.
     *
     * @param prefix the text
     */
    public void waitForServerStatus(String prefix) {
        Label status = driver.byData(shell, Label.class, NbdExportsView.WIDGET_KEY, NbdExportsView.SERVER_STATUS_WIDGET);
        try {
            driver.waitUntil("the NBD Exports view says '" + prefix + "...'", () -> status.getText().startsWith(prefix));
        } catch (RuntimeException e) {
            throw new AssertionError("expected '" + prefix + "...' but the view says '" + serverStatus() + "'", e);
        }
    }

    /** @return the line that says whether the server runs */
    public String serverStatus() {
        Label status = driver.byData(shell, Label.class, NbdExportsView.WIDGET_KEY, NbdExportsView.SERVER_STATUS_WIDGET);
        return driver.onUi(status::getText);
    }

    /**
     * Clicks a toolbar button of the view once it is enabled.
     *
     * @param label {@link #START_SERVER} or {@link #STOP_SERVER}
     */
    public void clickToolbar(String label) {
        ToolItem button = toolItem(label);
        driver.waitUntil("'" + label + "' enabled", button::isEnabled);
        driver.click(button);
    }

    /**
     * Waits until a toolbar button is enabled or disabled.
     *
     * @param label the button's label
     * @param enabled the state to wait for
     */
    public void waitForToolbarEnabled(String label, boolean enabled) {
        ToolItem button = toolItem(label);
        driver.waitUntil("'" + label + "' " + (enabled ? "enabled" : "disabled"), () -> button.isEnabled() == enabled);
    }

    /**
     * Selects an export's row with a real click.
     *
     * @param name the export's name
     */
    public void selectExport(String name) {
        Tree tree = tree();
        TreeItem item = driver.onUi(() -> Arrays.stream(tree.getItems()).filter(row -> name.equals(row.getText(0)))
                .findFirst().orElseThrow(() -> new AssertionError("no row for the export " + name)));
        driver.click(item);
        driver.waitUntil("the export " + name + " selected",
                () -> tree.getSelectionCount() == 1 && name.equals(tree.getSelection()[0].getText(0)));
    }

    /** @return the name of the selected export, or null */
    public String selectedExport() {
        Tree tree = tree();
        return driver.onUi(() -> tree.getSelectionCount() == 1 ? tree.getSelection()[0].getText(0) : null);
    }

    /**
     * Selects an item of the tree's context menu with real keys.
     *
     * @param path the labels down to the item, e.g. "Copy Address"
     */
    public void selectContextMenu(String... path) {
        driver.selectContextMenu(tree(), path);
    }

    /** @return the text on the clipboard now, or null */
    public String clipboardText() {
        return driver.onUi(() -> {
            Clipboard clipboard = new Clipboard(shell.getDisplay());
            try {
                return (String) clipboard.getContents(TextTransfer.getInstance());
            } finally {
                clipboard.dispose();
            }
        });
    }

    private ToolItem toolItem(String label) {
        ToolBar bar = driver.find(shell, ToolBar.class,
                candidate -> Arrays.stream(candidate.getItems()).anyMatch(item -> label.equals(item.getToolTipText())),
                "the toolbar with '" + label + "'");
        return driver.onUi(() -> Arrays.stream(bar.getItems()).filter(item -> label.equals(item.getToolTipText()))
                .findFirst().orElseThrow());
    }

    private Tree tree() {
        return driver.byData(shell, Tree.class, NbdExportsView.WIDGET_KEY, NbdExportsView.TREE_WIDGET);
    }

    private static List<List<String>> exportRows(Tree tree) {
        List<List<String>> rows = new ArrayList<>();
        for (TreeItem item : tree.getItems()) {
            rows.add(cells(tree, item));
        }
        return rows;
    }

    private static List<List<String>> clientRows(Tree tree, String export) {
        List<List<String>> rows = new ArrayList<>();
        for (TreeItem item : tree.getItems()) {
            if (export.equals(item.getText(0)) && item.getExpanded()) {
                for (TreeItem child : item.getItems()) {
                    if (child.getData() != null) {
                        rows.add(cells(tree, child));
                    }
                }
            }
        }
        return rows;
    }

    private static List<String> cells(Tree tree, TreeItem item) {
        List<String> cells = new ArrayList<>();
        for (int column = 0; column < tree.getColumnCount(); column++) {
            cells.add(item.getText(column));
        }
        return cells;
    }
}
