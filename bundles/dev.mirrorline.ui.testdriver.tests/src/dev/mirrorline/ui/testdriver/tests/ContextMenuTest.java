package dev.mirrorline.ui.testdriver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mirrorline.ui.testdriver.WidgetNotFoundException;

class ContextMenuTest extends UiFixture {

    /** Selected menu items and the table row selected when they were, recorded on the UI thread. */
    private final List<String> selected = new ArrayList<>();
    private final List<Menu> menus = new ArrayList<>();
    private Table table;

    @BeforeEach
    void openShellWithATableAndItsContextMenu() {
        openShell("Pairs", s -> {
            table = new Table(s, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
            table.setLayoutData(new GridData(300, 120));
            for (String name : new String[] { "alpha", "beta" }) {
                new TableItem(table, SWT.NONE).setText(name);
            }
            Menu context = new Menu(table);
            menus.add(context);
            table.setMenu(context);
            // filled when shown, like a JFace menu manager with workbench contributions (the
            // submenus of earlier showings are disposed with their items)
            context.addListener(SWT.Show, e -> {
                for (MenuItem item : context.getItems()) {
                    item.dispose();
                }
                item(context, "&Interrupt\tCtrl+Shift+I", SWT.PUSH);
                item(context, "Restore", SWT.PUSH).setEnabled(false);
                new MenuItem(context, SWT.SEPARATOR);
                item(context, "Verify", SWT.PUSH);
                MenuItem cascade = item(context, "Load", SWT.CASCADE);
                Menu load = new Menu(cascade);
                cascade.setMenu(load);
                menus.add(load);
                item(load, "Start", SWT.PUSH);
                item(load, "Stop", SWT.PUSH);
            });
        });
    }

    private MenuItem item(Menu parent, String text, int style) {
        MenuItem item = new MenuItem(parent, style);
        item.setText(text);
        String label = text.replace("&", "").replaceAll("\t.*", "");
        item.addListener(SWT.Selection, e -> {
            TableItem[] rows = table.getSelection();
            selected.add(label + " on " + (rows.length == 1 ? rows[0].getText() : "nothing"));
        });
        return item;
    }

    private List<String> selected() {
        return driver.onUi(() -> List.copyOf(selected));
    }

    @Test
    void anItemOfAContextMenuFilledWhenShownIsSelectedWithRealKeysOnTheSelectedRow() {
        driver.selectRow(table, "beta");
        driver.selectContextMenu(table, "Verify");
        driver.selectContextMenu(table, "Interrupt");

        assertEquals(List.of("Verify on beta", "Interrupt on beta"), selected());
        driver.waitUntil("the context menu is closed", () -> menus.stream().noneMatch(menu -> !menu.isDisposed() && menu.isVisible()));
    }

    @Test
    void aPathIntoASubmenuOfTheContextMenuIsFollowed() {
        driver.selectRow(table, "alpha");
        driver.selectContextMenu(table, "Load", "Stop");

        assertEquals(List.of("Stop on alpha"), selected());
    }

    @Test
    void aDisabledOrMissingItemIsRefusedAndTheMenuClosedAgain() {
        IllegalStateException disabled = assertThrows(IllegalStateException.class,
                () -> driver.selectContextMenu(table, "Restore"));
        assertEquals("Menu path Restore: 'Restore' is disabled", disabled.getMessage());
        driver.waitUntil("the context menu is closed", () -> menus.stream().noneMatch(menu -> !menu.isDisposed() && menu.isVisible()));

        WidgetNotFoundException missing = assertThrows(WidgetNotFoundException.class,
                () -> driver.selectContextMenu(table, "Delete"));
        assertTrue(missing.getMessage().startsWith("Menu path Delete: there is no item 'Delete' in the context menu."
                + " Its items: [Interrupt, Restore, Verify, Load]"), missing.getMessage());
        driver.waitUntil("the context menu is closed", () -> menus.stream().noneMatch(menu -> !menu.isDisposed() && menu.isVisible()));
        assertEquals(List.of(), selected());
    }

    @Test
    void aControlWithoutContextMenuIsRefused() {
        Shell shell = driver.onUi(() -> table.getShell());
        driver.onUi(() -> table.setMenu(null));

        WidgetNotFoundException error = assertThrows(WidgetNotFoundException.class,
                () -> driver.selectContextMenu(table, "Verify"));
        assertTrue(error.getMessage().endsWith("has no context menu"), error.getMessage());
        assertEquals("Pairs", driver.onUi(shell::getText));
    }
}
