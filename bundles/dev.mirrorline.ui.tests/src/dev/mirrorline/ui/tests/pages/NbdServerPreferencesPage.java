package dev.mirrorline.ui.tests.pages;

import java.util.Objects;

import org.eclipse.jface.preference.IPreferencePage;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.ui.nbd.NbdServerPreferencePage;
import dev.mirrorline.ui.testdriver.UiDriver;

/** Window &gt; Preferences &gt; Mirrorline &gt; NBD Server, as a test sees and drives it. */
public final class NbdServerPreferencesPage {

    private final UiDriver driver;
    private final Shell shell;

    private NbdServerPreferencesPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
    }

    /**
     * Opens Window &gt; Preferences… with real key presses and selects Mirrorline &gt; NBD Server.
     *
     * @param driver the driver
     * @param window the console window
     * @return the page
     */
    public static NbdServerPreferencesPage open(UiDriver driver, ConsoleWindowPage window) {
        driver.selectMenu(window.shell(), "Window", "Preferences...");
        Shell shell = driver.shell(PreferencesDialogPage.TITLE);
        driver.selectTreePath(driver.tree(shell), "Mirrorline", "NBD Server");
        NbdServerPreferencesPage page = new NbdServerPreferencesPage(driver, shell);
        page.addressField();
        return page;
    }

    /** @return the listen address as the field shows it */
    public String address() {
        Text field = addressField();
        return driver.onUi(() -> field.getText());
    }

    /** @return the line that says what the server does now ("Now: ...") */
    public String now() {
        org.eclipse.swt.widgets.Label label = driver.find(shell, org.eclipse.swt.widgets.Label.class,
                candidate -> candidate.getText().startsWith("Now: "), "the line that says what the server does now");
        return driver.onUi(() -> label.getText());
    }

    /**
     * Types a listen address over the current one with real keys.
     *
     * @param text what to type
     */
    public void typeAddress(String text) {
        Text field = addressField();
        driver.click(field);
        driver.pressShortcut(SWT.CTRL, 'a');
        driver.waitUntil("the address is all selected",
                () -> field.getText().isEmpty() || field.getSelectionCount() == field.getText().length());
        driver.typeText(field, text);
        driver.waitUntil("the address reads '" + text + "'", () -> text.equals(field.getText()));
    }

    /**
     * Waits until the page reports this error, or none for null.
     *
     * @param expected the error, or null
     */
    public void waitForErrorMessage(String expected) {
        try {
            driver.waitUntil("the page shows the error '" + expected + "'", () -> Objects.equals(expected, errorOnUi()));
        } catch (RuntimeException e) {
            throw new AssertionError("expected the error '" + expected + "' but the page shows '"
                    + driver.onUi(this::errorOnUi) + "'", e);
        }
    }

    /** @return whether Apply and Close can be clicked */
    public boolean applyAndCloseEnabled() {
        Button applyAndClose = driver.button(shell, "Apply and Close");
        return driver.onUi(() -> applyAndClose.isEnabled());
    }

    /** Clicks Apply and Close and waits until the dialog is closed. */
    public void applyAndClose() {
        Button applyAndClose = driver.button(shell, "Apply and Close");
        driver.waitUntil("Apply and Close is enabled", applyAndClose::isEnabled);
        driver.click(applyAndClose);
        driver.waitUntil("the preferences are closed", shell::isDisposed);
    }

    /** Clicks Cancel and waits until the dialog is closed, if it is open. */
    public void cancelIfOpen() {
        if (driver.onUi(() -> !shell.isDisposed())) {
            driver.click(driver.button(shell, "Cancel"));
            driver.waitUntil("the preferences are closed", shell::isDisposed);
        }
    }

    private Text addressField() {
        return driver.byData(shell, Text.class, NbdServerPreferencePage.WIDGET_KEY, NbdServerPreferencePage.ADDRESS_WIDGET);
    }

    private String errorOnUi() {
        return ((IPreferencePage) ((PreferenceDialog) shell.getData()).getSelectedPage()).getErrorMessage();
    }
}
