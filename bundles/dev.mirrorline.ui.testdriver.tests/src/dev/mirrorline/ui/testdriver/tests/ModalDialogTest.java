package dev.mirrorline.ui.testdriver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModalDialogTest extends UiFixture {

    /** What the button's listener did, recorded on the UI thread. */
    private final List<String> events = new ArrayList<>();
    private Shell main;

    @BeforeEach
    void openMainShell() {
        main = openShell("Replication", s -> {
            Button connect = new Button(s, SWT.PUSH);
            connect.setText("&Connect...");
            connect.addListener(SWT.Selection, e -> openConnectDialog(s));
            new Button(s, SWT.PUSH).setText("Refresh");
            Menu bar = new Menu(s, SWT.BAR);
            s.setMenuBar(bar);
            MenuItem peers = new MenuItem(bar, SWT.CASCADE);
            peers.setText("&Peers");
            Menu menu = new Menu(s, SWT.DROP_DOWN);
            peers.setMenu(menu);
            MenuItem connectItem = new MenuItem(menu, SWT.PUSH);
            connectItem.setText("&Connect...\tCtrl+K");
            connectItem.addListener(SWT.Selection, e -> openConnectDialog(s));
        });
    }

    /** Opens a modal dialog and runs its own event loop until it is closed, as dialogs do. */
    private void openConnectDialog(Shell parent) {
        Shell dialog = new Shell(parent, SWT.DIALOG_TRIM | SWT.APPLICATION_MODAL);
        dialog.setText("Connect");
        dialog.setLayout(new GridLayout(2, false));
        new Label(dialog, SWT.NONE).setText("&Peer:");
        Text peer = new Text(dialog, SWT.BORDER);
        peer.setLayoutData(new GridData(200, SWT.DEFAULT));
        Button ok = new Button(dialog, SWT.PUSH);
        ok.setText("OK");
        ok.addListener(SWT.Selection, e -> {
            events.add("OK with " + peer.getText());
            dialog.close();
        });
        Button cancel = new Button(dialog, SWT.PUSH);
        cancel.setText("Cancel");
        cancel.addListener(SWT.Selection, e -> dialog.close());
        dialog.pack();
        dialog.setLocation(420, 320);
        dialog.open();
        events.add("dialog open");
        while (!dialog.isDisposed()) {
            if (!dialog.getDisplay().readAndDispatch()) {
                dialog.getDisplay().sleep();
            }
        }
        events.add("listener returned");
    }

    private List<String> events() {
        return driver.onUi(() -> List.copyOf(events));
    }

    @Test
    void aModalDialogOpenedByARealClickIsFoundFilledAndClosedByARealClickWhileTheTestGoesOn() {
        driver.click(driver.button(main, "Connect..."));

        Shell dialog = driver.shell("Connect");
        assertEquals(List.of("dialog open"), events(), "the click returned while the listener is still running");
        driver.typeText(driver.textAfterLabel(dialog, "Peer:"), "site-b:7400");
        driver.click(driver.button(dialog, "OK"));

        driver.waitUntil("the button's listener has returned", () -> events.contains("listener returned"));
        assertEquals(List.of("dialog open", "OK with site-b:7400", "listener returned"), events());
        assertTrue(driver.onUi(dialog::isDisposed));
    }

    @Test
    void aMenuItemThatOpensAModalDialogIsSelectedWithRealKeysWhileTheTestGoesOn() {
        driver.selectMenu(main, "Peers", "Connect...");

        Shell dialog = driver.shell("Connect");
        assertEquals(List.of("dialog open"), events(), "selectMenu returned while the listener is still running");
        driver.typeText(driver.textAfterLabel(dialog, "Peer:"), "Site-C:7401");
        driver.click(driver.button(dialog, "OK"));
        driver.waitUntil("the menu item's listener has returned", () -> events.contains("listener returned"));

        assertEquals(List.of("dialog open", "OK with Site-C:7401", "listener returned"), events());
    }

    @Test
    void clickingTheMainShellWhileTheModalDialogIsOpenFailsNamingTheDialog() {
        driver.click(driver.button(main, "Connect..."));
        Shell dialog = driver.shell("Connect");
        Button refresh = driver.button(main, "Refresh");

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> driver.click(refresh));

        assertEquals("Cannot click Button 'Refresh': the modal shell 'Connect' is open and blocks input to it",
                error.getMessage());
        driver.click(driver.button(dialog, "Cancel"));
        driver.waitUntil("the dialog is closed", dialog::isDisposed);
    }
}
