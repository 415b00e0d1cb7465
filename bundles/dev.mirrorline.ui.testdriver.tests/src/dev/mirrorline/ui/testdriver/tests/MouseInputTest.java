package dev.mirrorline.ui.testdriver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.Test;

import dev.mirrorline.ui.testdriver.WidgetNotFoundException;

class MouseInputTest extends UiFixture {

    /** Events recorded by listeners on the UI thread; read through driver.onUi. */
    private final List<String> events = new ArrayList<>();

    private List<String> events() {
        return driver.onUi(() -> List.copyOf(events));
    }

    @Test
    void clickingARealButtonFiresItsSelectionListener() {
        Shell shell = openShell("Mouse", s -> {
            Button button = new Button(s, SWT.PUSH);
            button.setText("&Replicate now");
            button.addListener(SWT.MouseDown, e -> events.add("MouseDown " + e.button));
            button.addListener(SWT.MouseUp, e -> events.add("MouseUp " + e.button));
            button.addListener(SWT.Selection, e -> events.add("Selection"));
        });

        driver.click(driver.button(shell, "Replicate now"));

        // The mouse events show that the click came through GTK, not through notifyListeners.
        assertEquals(List.of("MouseDown 1", "MouseUp 1", "Selection"), events());
    }

    @Test
    void clickingAControlInAnotherShellActivatesThatShellAndFocusesTheControl() {
        Shell first = openShell("First", s -> new Text(s, SWT.BORDER).setLayoutData(new GridData(150, SWT.DEFAULT)));
        Shell second = openShell("Second", 500, 60,
                s -> new Text(s, SWT.BORDER).setLayoutData(new GridData(150, SWT.DEFAULT)));
        assertSame(second, driver.activeShell());
        Text text = driver.find(first, Text.class, t -> true, "the text field");

        driver.click(text);

        assertSame(first, driver.activeShell());
        assertTrue(driver.onUi(text::isFocusControl));
    }

    @Test
    void clickingADisabledButtonFailsWithoutClicking() {
        Shell shell = openShell("Mouse", s -> {
            Button button = new Button(s, SWT.PUSH);
            button.setText("Delete");
            button.setEnabled(false);
            button.addListener(SWT.MouseDown, e -> events.add("MouseDown"));
        });
        Button delete = driver.button(shell, "Delete");

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> driver.click(delete));

        assertEquals("Cannot click Button 'Delete': it is disabled", error.getMessage());
        assertEquals(List.of(), events());
    }

    @Test
    void clickingAControlThatAnotherControlCoversFailsNamingTheCover() {
        Shell shell = openShell("Mouse", s -> {
            s.setLayout(null);
            Button underneath = new Button(s, SWT.PUSH);
            underneath.setText("Underneath");
            underneath.setBounds(10, 10, 120, 40);
            underneath.addListener(SWT.MouseDown, e -> events.add("MouseDown"));
            Composite cover = new Composite(s, SWT.BORDER);
            cover.setBounds(0, 0, 200, 80);
            cover.moveAbove(underneath);
        });
        Button underneath = driver.button(shell, "Underneath");

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> driver.click(underneath));

        assertTrue(error.getMessage().startsWith("Cannot click Button 'Underneath' at Point {"), error.getMessage());
        assertTrue(error.getMessage().endsWith("the pointer there is over Composite, which covers it"),
                error.getMessage());
        assertEquals(List.of(), events());
    }

    private Table openTable() {
        Shell shell = openShell("Volumes", s -> {
            Table table = new Table(s, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI);
            table.setHeaderVisible(true);
            table.setLayoutData(new GridData(260, 160));
            for (String title : new String[] { "Name", "State" }) {
                TableColumn column = new TableColumn(table, SWT.NONE);
                column.setText(title);
                column.setWidth(120);
            }
            for (String[] row : new String[][] { { "alpha", "in sync" }, { "beta", "resyncing" },
                    { "gamma", "paused" } }) {
                new TableItem(table, SWT.NONE).setText(row);
            }
            table.addListener(SWT.Selection, e -> events.add("Selection " + ((TableItem) e.item).getText()));
            table.addListener(SWT.DefaultSelection,
                    e -> events.add("DefaultSelection " + ((TableItem) e.item).getText()));
        });
        return driver.table(shell);
    }

    @Test
    void clickingATableRowSelectsIt() {
        Table table = openTable();
        TableItem beta = driver.onUi(() -> table.getItem(1));

        driver.click(beta);

        assertEquals(1, driver.onUi(table::getSelectionIndex));
        assertEquals(List.of("Selection beta"), events());
    }

    @Test
    void selectRowClicksTheRowWithThatFirstColumnText() {
        Table table = openTable();

        driver.selectRow(table, "gamma");
        driver.selectRow(table, "alpha");

        assertEquals(List.of("Selection gamma", "Selection alpha"), events());
        assertEquals(0, driver.onUi(table::getSelectionIndex));
        WidgetNotFoundException error = assertThrows(WidgetNotFoundException.class,
                () -> driver.withTimeout(Duration.ofMillis(200)).selectRow(table, "delta"));
        assertTrue(error.getMessage().contains("[TableItem 'alpha', TableItem 'beta', TableItem 'gamma']"),
                error.getMessage());
    }

    @Test
    void doubleClickingATableRowFiresDefaultSelection() {
        Table table = openTable();

        driver.doubleClick(driver.onUi(() -> table.getItem(2)));

        driver.waitUntil("the table reports a default selection", () -> events.contains("DefaultSelection gamma"));
        assertEquals(2, driver.onUi(table::getSelectionIndex));
    }

    @Test
    void doubleClickingAControlSendsOneMouseDoubleClick() {
        Shell shell = openShell("Mouse", s -> {
            Canvas canvas = new Canvas(s, SWT.BORDER);
            canvas.setLayoutData(new GridData(100, 60));
            canvas.addListener(SWT.MouseDoubleClick, e -> events.add("MouseDoubleClick " + e.button));
        });

        driver.doubleClick(driver.find(shell, Canvas.class, c -> true, "the canvas"));

        assertEquals(List.of("MouseDoubleClick 1"), events());
    }

    private Tree openTree() {
        Shell shell = openShell("Sites", s -> {
            Tree tree = new Tree(s, SWT.BORDER);
            tree.setLayoutData(new GridData(220, 200));
            TreeItem sites = new TreeItem(tree, SWT.NONE);
            sites.setText("Sites");
            for (String siteName : new String[] { "Site A", "Site B" }) {
                TreeItem site = new TreeItem(sites, SWT.NONE);
                site.setText(siteName);
                for (int i = 1; i <= 3; i++) {
                    new TreeItem(site, SWT.NONE).setText("vol-" + siteName.charAt(5) + i);
                }
            }
            new TreeItem(tree, SWT.NONE).setText("Archive");
            tree.addListener(SWT.Expand, e -> events.add("Expand " + ((TreeItem) e.item).getText()));
            tree.addListener(SWT.Selection, e -> events.add("Selection " + ((TreeItem) e.item).getText()));
            tree.addListener(SWT.DefaultSelection,
                    e -> events.add("DefaultSelection " + ((TreeItem) e.item).getText()));
        });
        return driver.tree(shell);
    }

    @Test
    void selectTreePathExpandsTheWayWithRealKeysAndSelectsTheLastItem() {
        Tree tree = openTree();

        driver.selectTreePath(tree, "Sites", "Site B", "vol-B2");

        // SWT.Expand is only sent when GTK expands a row itself: setExpanded(true) would not send it.
        assertEquals(List.of("Expand Sites", "Expand Site B"),
                events().stream().filter(event -> event.startsWith("Expand")).toList());
        List<String> events = events();
        assertEquals("Selection vol-B2", events.get(events.size() - 1));
        assertEquals("vol-B2", driver.onUi(() -> tree.getSelection()[0].getText()));
    }

    @Test
    void clickingATreeItemSelectsItAndAMissingItemListsTheItemsAtThatLevel() {
        Tree tree = openTree();

        driver.click(driver.onUi(() -> tree.getItem(1)));

        // (When the tree first gets the focus, GTK puts its cursor on the first row and selects it.)
        List<String> events = events();
        assertEquals("Selection Archive", events.get(events.size() - 1));
        assertEquals("Archive", driver.onUi(() -> tree.getSelection()[0].getText()));
        WidgetNotFoundException error = assertThrows(WidgetNotFoundException.class,
                () -> driver.withTimeout(Duration.ofMillis(200)).selectTreePath(tree, "Sites", "Site C"));
        assertTrue(error.getMessage().contains("no item 'Site C' under 'Sites'")
                && error.getMessage().contains("['Site A', 'Site B']"), error.getMessage());
    }

    @Test
    void doubleClickingATreeItemFiresDefaultSelection() {
        Tree tree = openTree();

        driver.doubleClick(driver.onUi(() -> tree.getItem(1)));

        driver.waitUntil("the tree reports a default selection", () -> events.contains("DefaultSelection Archive"));
    }

    @Test
    void clickingAnItemInsideACollapsedItemFailsWithAHint() {
        Tree tree = openTree();
        TreeItem siteA = driver.onUi(() -> tree.getItem(0).getItem(0));

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> driver.click(siteA));

        assertTrue(error.getMessage().contains("inside the collapsed TreeItem 'Sites'"), error.getMessage());
    }
}
