package dev.mirrorline.ui.testdriver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mirrorline.ui.testdriver.WaitTimeoutException;
import dev.mirrorline.ui.testdriver.WidgetNotFoundException;

class MenuTest extends UiFixture {

    /** Selected and highlighted menu items, recorded on the UI thread. */
    private final List<String> selected = new ArrayList<>();
    private final List<String> armed = new ArrayList<>();
    private final List<Menu> menus = new ArrayList<>();
    private Shell shell;

    @BeforeEach
    void openShellWithMenuBar() {
        shell = openShell("Console", s -> {
            Label label = new Label(s, SWT.NONE);
            label.setText("Replication console");
            label.setLayoutData(new GridData(300, 80));
            Menu bar = new Menu(s, SWT.BAR);
            s.setMenuBar(bar);
            Menu file = menu(bar, "&File");
            item(file, "&New volume", SWT.PUSH);
            item(file, "&Open...", SWT.PUSH);
            new MenuItem(file, SWT.SEPARATOR);
            Menu recent = menu(file, "&Recent");
            item(recent, "Volume A", SWT.PUSH);
            item(recent, "Volume B", SWT.PUSH).setEnabled(false);
            new MenuItem(recent, SWT.SEPARATOR);
            item(recent, "Volume C", SWT.PUSH);
            new MenuItem(file, SWT.SEPARATOR);
            item(file, "E&xit", SWT.PUSH);
            Menu edit = menu(bar, "&Edit");
            item(edit, "&Undo\tCtrl+Z", SWT.PUSH).setEnabled(false);
            item(edit, "&Copy\tCtrl+C", SWT.PUSH);
            item(edit, "&Preferences...", SWT.PUSH);
            Menu view = menu(bar, "&View");
            item(view, "&Status bar", SWT.CHECK);
        });
    }

    private Menu menu(Menu parent, String text) {
        MenuItem cascade = item(parent, text, SWT.CASCADE);
        Menu menu = new Menu(parent.getShell(), SWT.DROP_DOWN);
        cascade.setMenu(menu);
        menus.add(menu);
        return menu;
    }

    private MenuItem item(Menu parent, String text, int style) {
        MenuItem item = new MenuItem(parent, style);
        item.setText(text);
        String label = text.replace("&", "").replaceAll("\t.*", "");
        item.addListener(SWT.Selection, e -> selected.add(label));
        item.addListener(SWT.Arm, e -> armed.add(label));
        return item;
    }

    private List<String> selected() {
        return driver.onUi(() -> List.copyOf(selected));
    }

    private boolean anyMenuVisible() {
        return driver.onUi(() -> menus.stream().anyMatch(Menu::isVisible));
    }

    @Test
    void aMenuPathThroughASubmenuTriggersThatItemWithRealKeys() {
        driver.selectMenu(shell, "File", "Recent", "Volume C");

        assertEquals(List.of("Volume C"), selected());
        // Arm events come from GTK highlighting the items as the keys move through them: Down passes
        // "New volume" and "Open...", Right opens "Recent" on "Volume A", Down skips the disabled
        // "Volume B" and the separator.
        assertEquals(List.of("File", "New volume", "Open...", "Recent", "Volume A", "Volume C"),
                driver.onUi(() -> List.copyOf(armed)));
        driver.waitUntil("the menus are closed", () -> menus.stream().noneMatch(Menu::isVisible));
    }

    @Test
    void selectMenuMovesAlongTheBarAndSkipsDisabledItemsAndIgnoresAcceleratorText() {
        driver.selectMenu(shell, "Edit", "Copy");
        driver.selectMenu(shell, "&Edit", "Preferences...");
        driver.selectMenu(shell, "File", "Exit");

        assertEquals(List.of("Copy", "Preferences...", "Exit"), selected());
    }

    @Test
    void aLabelThatDoesNotExistFailsNamingItAndTheItemsThereAndLeavesNoMenuOpen() {
        WidgetNotFoundException error = assertThrows(WidgetNotFoundException.class,
                () -> driver.selectMenu(shell, "File", "Recent", "Volume Z"));

        assertEquals("Menu path File > Recent > Volume Z: there is no item 'Volume Z' in the menu of 'Recent'."
                + " Its items: [Volume A, Volume B, Volume C]", error.getMessage());
        assertFalse(anyMenuVisible(), "the open menus are closed again");
        WidgetNotFoundException barError = assertThrows(WidgetNotFoundException.class,
                () -> driver.selectMenu(shell, "Tools", "Options"));
        assertTrue(barError.getMessage().contains("no item 'Tools' in the menu bar. Its items: [File, Edit, View]"),
                barError.getMessage());
        driver.selectMenu(shell, "File", "New volume");
        assertEquals(List.of("New volume"), selected());
    }

    @Test
    void aDisabledItemOnThePathIsRefusedWithoutOpeningTheMenu() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> driver.selectMenu(shell, "File", "Recent", "Volume B"));

        assertEquals("Menu path File > Recent > Volume B: 'Volume B' is disabled", error.getMessage());
        assertFalse(anyMenuVisible());
        assertEquals(List.of(), selected());
    }

    @Test
    void invokeMenuFiresTheSelectionWithoutOpeningAnyMenu() {
        driver.invokeMenu(shell, "File", "Recent", "Volume A");
        driver.invokeMenu(shell, "View", "Status bar");

        assertEquals(List.of("Volume A", "Status bar"), selected());
        assertEquals(List.of(), driver.onUi(() -> List.copyOf(armed)), "no item was highlighted");
        MenuItem statusBar = driver.onUi(() -> menus.get(3).getItem(0));
        assertTrue(driver.onUi(statusBar::getSelection), "the check item was checked");
    }

    @Test
    void aMenuThatDoesNotReactFailsWithinTheTimeout() {
        driver.onUi(() -> shell.getMenuBar().setEnabled(false));

        WaitTimeoutException error = assertThrows(WaitTimeoutException.class,
                () -> driver.withTimeout(Duration.ofMillis(500)).selectMenu(shell, "File", "Exit"));

        assertTrue(error.description().startsWith("F10 opens the menu bar of shell 'Console'"), error.getMessage());
        assertEquals(List.of(), selected());
    }
}
