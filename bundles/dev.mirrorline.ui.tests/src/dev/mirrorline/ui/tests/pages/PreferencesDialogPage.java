package dev.mirrorline.ui.tests.pages;

import org.eclipse.jface.preference.IPreferencePage;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.ui.testdriver.UiDriver;

/** Window &gt; Preferences, open at the Mirrorline page, as a test sees and drives it. */
public final class PreferencesDialogPage {

    /** The dialog's title. */
    public static final String TITLE = "Preferences";
    /** The link timeout's label on the Mirrorline page. */
    public static final String LINK_TIMEOUT_LABEL = "Link timeout (keepalive), seconds:";

    private final UiDriver driver;
    private final Shell shell;

    private PreferencesDialogPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
    }

    /**
     * Opens Window &gt; Preferences… with real key presses and selects the Mirrorline page.
     *
     * @param driver the driver
     * @param window the console window
     * @return the dialog
     */
    public static PreferencesDialogPage openMirrorlinePage(UiDriver driver, ConsoleWindowPage window) {
        driver.selectMenu(window.shell(), "Window", "Preferences...");
        PreferencesDialogPage page = new PreferencesDialogPage(driver, driver.shell(TITLE));
        driver.selectTreePath(driver.tree(page.shell), "Mirrorline");
        driver.textAfterLabel(page.shell, LINK_TIMEOUT_LABEL);
        return page;
    }

    /**
     * Types a link timeout over the current one with real keys.
     *
     * @param text what to type
     */
    public void typeLinkTimeout(String text) {
        Text field = driver.textAfterLabel(shell, LINK_TIMEOUT_LABEL);
        driver.click(field);
        driver.pressShortcut(SWT.CTRL, 'a');
        driver.waitUntil("the link timeout is all selected",
                () -> field.getText().isEmpty() || field.getSelectionCount() == field.getText().length());
        driver.typeText(field, text);
        driver.waitUntil("the link timeout reads '" + text + "'", () -> text.equals(field.getText()));
    }

    /**
     * Waits until the dialog's message area shows this error, or none for null.
     *
     * @param expected the error, or null
     */
    public void waitForErrorMessage(String expected) {
        try {
            driver.waitUntil("the preferences show the error '" + expected + "'", () -> {
                String error = errorOnUi();
                return java.util.Objects.equals(expected, error) && (error == null || shown(shell, error));
            });
        } catch (RuntimeException e) {
            throw new AssertionError("expected the error '" + expected + "' but the dialog shows '"
                    + driver.onUi(() -> errorOnUi()) + "'", e);
        }
    }

    /** @return whether Apply and Apply and Close can be clicked, in that order */
    public java.util.List<Boolean> applyButtonsEnabled() {
        Button apply = driver.button(shell, "Apply");
        Button applyAndClose = driver.button(shell, "Apply and Close");
        return driver.onUi(() -> java.util.List.of(apply.isEnabled(), applyAndClose.isEnabled()));
    }

    /** Clicks Apply and Close and waits until the dialog is closed. */
    public void applyAndClose() {
        Button applyAndClose = driver.button(shell, "Apply and Close");
        driver.waitUntil("Apply and Close is enabled", applyAndClose::isEnabled);
        driver.click(applyAndClose);
        driver.waitUntil("the preferences are closed", shell::isDisposed);
    }

    /** Clicks Cancel and waits until the dialog is closed. */
    public void cancel() {
        driver.click(driver.button(shell, "Cancel"));
        driver.waitUntil("the preferences are closed", shell::isDisposed);
    }

    /** @return whether the dialog is still open */
    public boolean isOpen() {
        return driver.onUi(() -> !shell.isDisposed());
    }

    private String errorOnUi() {
        return ((IPreferencePage) ((PreferenceDialog) shell.getData()).getSelectedPage()).getErrorMessage();
    }

    /** Whether a visible label or text field below the composite shows the message (the message area). */
    static boolean shown(Composite composite, String message) {
        for (Control child : composite.getChildren()) {
            if (!child.isVisible()) {
                continue;
            }
            String text = child instanceof Text field ? field.getText()
                    : child instanceof Label label ? label.getText()
                    : child instanceof CLabel label ? label.getText() : null;
            if (text != null && text.strip().equals(message)) {
                return true;
            }
            if (child instanceof Composite inner && shown(inner, message)) {
                return true;
            }
        }
        return false;
    }
}
