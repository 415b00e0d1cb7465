package dev.mirrorline.ui.testdriver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.Test;

import dev.mirrorline.ui.testdriver.By;
import dev.mirrorline.ui.testdriver.WidgetNotFoundException;

class FindingWidgetsTest extends UiFixture {

    private Shell openForm() {
        return openShell("Finding", shell -> {
            new Label(shell, SWT.NONE).setText("&Name:");
            Text name = new Text(shell, SWT.BORDER);
            name.setData("field", "name");
            new Label(shell, SWT.NONE).setText("Host:");
            Text host = new Text(shell, SWT.BORDER);
            host.setData("field", "host");
            host.setToolTipText("Host name or address");
            new Label(shell, SWT.NONE).setText("Note");
            Button ok = new Button(shell, SWT.PUSH);
            ok.setText("OK");
            ok.setData("id", "confirm");
            new Button(shell, SWT.PUSH).setText("&Cancel");
            Table table = new Table(shell, SWT.BORDER);
            table.setLayoutData(new GridData(120, 60));
            TableItem row = new TableItem(table, SWT.NONE);
            row.setText("volume-7");
            row.setData("volume", 7);
            Tree tree = new Tree(shell, SWT.BORDER);
            tree.setLayoutData(new GridData(120, 60));
            new TreeItem(tree, SWT.NONE).setText("Sites");
        });
    }

    @Test
    void aButtonIsFoundByItsLabelWithTheMnemonicIgnored() {
        Shell shell = openForm();

        Button cancel = driver.button(shell, "Cancel");

        assertEquals("&Cancel", driver.onUi(cancel::getText));
        assertSame(cancel, driver.button(shell, "&Cancel"));
        assertSame(cancel, driver.find(shell, Button.class, By.text("&Cancel"), "exact text"));
    }

    @Test
    void theTextFieldThatFollowsALabelIsFound() {
        Shell shell = openForm();

        Text name = driver.textAfterLabel(shell, "Name:");
        Text host = driver.textAfterLabel(shell, "Host:");

        assertEquals("name", driver.onUi(() -> name.getData("field")));
        assertEquals("host", driver.onUi(() -> host.getData("field")));
    }

    @Test
    void aLabelWithoutATextFieldAfterItFailsAndListsTheLabelsSeen() {
        Shell shell = openForm();

        WidgetNotFoundException error = assertThrows(WidgetNotFoundException.class,
                () -> driver.withTimeout(Duration.ofMillis(300)).textAfterLabel(shell, "Note"));

        String message = error.getMessage();
        assertTrue(message.contains("text field after the label 'Note'"), message);
        assertTrue(message.contains("Label '&Name:'") && message.contains("Label 'Host:'"), message);
    }

    @Test
    void controlsAndItemsAreFoundByTooltipAndByDataKey() {
        Shell shell = openForm();

        Text host = driver.byTooltip(shell, Text.class, "Host name or address");
        Button ok = driver.byData(shell, Button.class, "id", "confirm");
        TableItem row = driver.byData(shell, TableItem.class, "volume", 7);

        assertEquals("host", driver.onUi(() -> host.getData("field")));
        assertEquals("OK", driver.onUi(ok::getText));
        assertEquals("volume-7", driver.onUi(() -> row.getText()));
    }

    @Test
    void theTableAndTheTreeAreFound() {
        Shell shell = openForm();

        Table table = driver.table(shell);
        Tree tree = driver.tree(shell);

        assertEquals("volume-7", driver.onUi(() -> table.getItem(0).getText()));
        assertEquals("Sites", driver.onUi(() -> tree.getItem(0).getText()));
    }

    @Test
    void findingWaitsForAWidgetThatAppearsLater() {
        Shell shell = openForm();
        driver.onUi(() -> display.timerExec(300, () -> {
            new Button(shell, SWT.PUSH).setText("Late");
            shell.pack();
        }));
        assertFalse(driver.onUi(() -> hasButton(shell, "Late")), "the button must not exist yet");

        Button late = driver.button(shell, "Late");

        assertEquals("Late", driver.onUi(late::getText));
    }

    private static boolean hasButton(Shell shell, String text) {
        for (var child : shell.getChildren()) {
            if (child instanceof Button button && text.equals(button.getText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aMissingWidgetFailsWithWhatWasSearchedForAndTheWidgetsThatExist() {
        Shell shell = openForm();

        WidgetNotFoundException error = assertThrows(WidgetNotFoundException.class,
                () -> driver.withTimeout(Duration.ofMillis(300)).button(shell, "Delete"));

        String message = error.getMessage();
        assertTrue(message.startsWith("Cannot find button labelled 'Delete' in Shell 'Finding' within 300 ms."),
                message);
        assertTrue(message.contains("Buttons seen: [Button 'OK', Button '&Cancel']"), message);
    }

    @Test
    void hiddenControlsAreNotFound() {
        Shell shell = openForm();
        Button ok = driver.button(shell, "OK");
        driver.onUi(() -> ok.setVisible(false));

        assertThrows(WidgetNotFoundException.class,
                () -> driver.withTimeout(Duration.ofMillis(200)).button(shell, "OK"));
    }

    @Test
    void aShellIsFoundByTitleAndAMissingTitleListsTheVisibleShells() {
        Shell shell = openForm();

        assertSame(shell, driver.shell("Finding"));
        assertSame(shell, driver.activeShell());
        WidgetNotFoundException error = assertThrows(WidgetNotFoundException.class,
                () -> driver.withTimeout(Duration.ofMillis(200)).shell("Settings"));
        assertTrue(error.getMessage().contains("'Settings'") && error.getMessage().contains("['Finding']"),
                error.getMessage());
    }
}
