package dev.mirrorline.ui.tests.pages;

import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.wizards.NewPairWizard;

/** The New Pair wizard, as a test sees and drives it: real clicks and key presses on its widgets. */
public final class NewPairWizardPage extends WizardDialogPage {

    /** The wizard's title. */
    public static final String TITLE = "New Pair";

    private NewPairWizardPage(UiDriver driver, Shell shell) {
        super(driver, shell, NewPairWizard.WIDGET_KEY);
    }

    /**
     * Opens the wizard through File &gt; New Pair… with real key presses.
     *
     * @param driver the driver
     * @param window the console window
     * @return the wizard
     */
    public static NewPairWizardPage openFromFileMenu(UiDriver driver, ConsoleWindowPage window) {
        driver.selectMenu(window.shell(), "File", "New Pair\u2026");
        return new NewPairWizardPage(driver, driver.shell(TITLE));
    }

    /**
     * Opens the wizard with a click on the Pairs view's toolbar button.
     *
     * @param driver the driver
     * @param window the console window
     * @return the wizard
     */
    public static NewPairWizardPage openFromPairsToolbar(UiDriver driver, ConsoleWindowPage window) {
        window.clickPairsToolbar("New Pair\u2026");
        return new NewPairWizardPage(driver, driver.shell(TITLE));
    }

    /**
     * Types the pair's name.
     *
     * @param name the name
     * @return this page
     */
    public NewPairWizardPage typeName(String name) {
        replaceText(NewPairWizard.NAME_WIDGET, name);
        return this;
    }

    /**
     * Chooses a new primary image.
     *
     * @param image its path
     * @param mebibytes its size in MiB
     * @return this page
     */
    public NewPairWizardPage newPrimary(Path image, int mebibytes) {
        select(NewPairWizard.PRIMARY_NEW_WIDGET);
        replaceText(NewPairWizard.PRIMARY_PATH_WIDGET, image.toString());
        replaceText(NewPairWizard.PRIMARY_SIZE_WIDGET, Integer.toString(mebibytes));
        Combo unit = widget(Combo.class, NewPairWizard.PRIMARY_SIZE_UNIT_WIDGET);
        driver.waitUntil("the size is in MiB", () -> "MiB".equals(unit.getText()));
        return this;
    }

    /**
     * Chooses an existing primary volume.
     *
     * @param image its path
     * @return this page
     */
    public NewPairWizardPage existingPrimary(Path image) {
        select(NewPairWizard.PRIMARY_EXISTING_WIDGET);
        replaceText(NewPairWizard.PRIMARY_PATH_WIDGET, image.toString());
        return this;
    }

    /**
     * Chooses a new secondary image on this machine.
     *
     * @param image its path
     * @return this page
     */
    public NewPairWizardPage newLocalSecondary(Path image) {
        select(NewPairWizard.SECONDARY_LOCAL_WIDGET);
        select(NewPairWizard.SECONDARY_NEW_WIDGET);
        replaceText(NewPairWizard.SECONDARY_PATH_WIDGET, image.toString());
        return this;
    }

    /**
     * Chooses an existing secondary volume on this machine.
     *
     * @param image its path
     * @return this page
     */
    public NewPairWizardPage existingLocalSecondary(Path image) {
        select(NewPairWizard.SECONDARY_LOCAL_WIDGET);
        select(NewPairWizard.SECONDARY_EXISTING_WIDGET);
        replaceText(NewPairWizard.SECONDARY_PATH_WIDGET, image.toString());
        return this;
    }

    /**
     * Chooses a remote agent as the secondary.
     *
     * @param host its host
     * @param port its port
     * @return this page
     */
    public NewPairWizardPage remoteSecondary(String host, int port) {
        select(NewPairWizard.SECONDARY_REMOTE_WIDGET);
        replaceText(NewPairWizard.REMOTE_HOST_WIDGET, host);
        replaceText(NewPairWizard.REMOTE_PORT_WIDGET, Integer.toString(port));
        return this;
    }

    /** @return whether the confirmation check box of the remote agent's fingerprint can be ticked */
    public boolean fingerprintConfirmable() {
        Button confirm = widget(Button.class, NewPairWizard.REMOTE_CONFIRM_WIDGET);
        return driver.onUi(() -> confirm.isEnabled());
    }

    /**
     * Waits until the probe of the remote agent shows a fingerprint.
     *
     * @return the fingerprint shown
     */
    public String waitForFingerprint() {
        Text fingerprint = widget(Text.class, NewPairWizard.REMOTE_FINGERPRINT_WIDGET);
        driver.waitUntil("the agent's fingerprint is shown", () -> !fingerprint.getText().isEmpty());
        return driver.onUi(() -> fingerprint.getText());
    }

    /** @return the fingerprint of this console as the wizard shows it beside the agent's */
    public String consoleFingerprint() {
        Text fingerprint = widget(Text.class, NewPairWizard.CONSOLE_FINGERPRINT_WIDGET);
        return driver.onUi(() -> fingerprint.getText());
    }

    /** Ticks the check box that confirms the remote agent's fingerprint, once it is enabled. */
    public void confirmFingerprint() {
        Button confirm = widget(Button.class, NewPairWizard.REMOTE_CONFIRM_WIDGET);
        driver.waitUntil("the fingerprint can be confirmed", confirm::isEnabled);
        driver.click(confirm);
        driver.waitUntil("the fingerprint is confirmed", confirm::getSelection);
    }

    /**
     * Waits until the wizard's message area shows this message (not an error: information or a
     * warning) and no error.
     *
     * @param expected the message
     */
    public void waitForMessage(String expected) {
        try {
            driver.waitUntil("the wizard shows the message '" + expected + "'",
                    () -> currentPage().getErrorMessage() == null && expected.equals(currentPage().getMessage())
                            && shown(expected));
        } catch (RuntimeException e) {
            driver.screenshot("new-pair-wizard-without-the-expected-message"); // before @AfterEach closes it
            throw new AssertionError("expected the message '" + expected + "' but the wizard shows '"
                    + driver.onUi(() -> currentPage().getMessage()) + "' (error '" + errorMessage() + "')", e);
        }
    }

    /**
     * Clicks Next once it is enabled, and waits for the next page.
     *
     * @return this page
     */
    public NewPairWizardPage next() {
        clickNext();
        return this;
    }

    /**
     * Types the resync rate limit (on the Replication page), in MiB/s.
     *
     * @param mebibytesPerSecond what to type
     * @return this page
     */
    public NewPairWizardPage typeResyncRate(String mebibytesPerSecond) {
        replaceText(NewPairWizard.RESYNC_RATE_WIDGET, mebibytesPerSecond);
        return this;
    }

    /** @return the text of the link timeout field (on the Replication page) */
    public String linkTimeoutText() {
        Text timeout = widget(Text.class, NewPairWizard.LINK_TIMEOUT_WIDGET);
        return driver.onUi(() -> timeout.getText());
    }

    /**
     * Waits until the wizard's message area shows this error.
     *
     * @param expected the error message
     */
    public void waitForErrorMessage(String expected) {
        try {
            driver.waitUntil("the wizard shows the error '" + expected + "'",
                    () -> expected.equals(currentPage().getErrorMessage()) && shown(expected));
        } catch (RuntimeException e) {
            driver.screenshot("new-pair-wizard-without-the-expected-error"); // before @AfterEach closes it
            throw new AssertionError("expected the error '" + expected + "' but the wizard shows '" + errorMessage()
                    + "' (message '" + driver.onUi(() -> currentPage().getMessage()) + "')", e);
        }
    }

    /**
     * Waits until the wizard's message area shows an error that begins with this text.
     *
     * @param prefix the error's beginning
     * @return the whole error message
     */
    public String waitForErrorMessageStartingWith(String prefix) {
        try {
            driver.waitUntil("the wizard shows an error beginning '" + prefix + "'", () -> {
                String error = currentPage().getErrorMessage();
                return error != null && error.startsWith(prefix) && shown(error);
            });
        } catch (RuntimeException e) {
            driver.screenshot("new-pair-wizard-without-the-expected-error"); // before @AfterEach closes it
            throw new AssertionError("expected an error beginning '" + prefix + "' but the wizard shows '"
                    + errorMessage() + "'", e);
        }
        return errorMessage();
    }

    /** Clicks a radio button and waits until it is selected. */
    private void select(String name) {
        Button radio = widget(Button.class, name);
        driver.waitUntil(name + " is enabled", radio::isEnabled);
        driver.click(radio);
        driver.waitUntil(name + " is selected", radio::getSelection);
    }

    /** Selects all of a field's text with a real Ctrl+A and types the new text over it. */
    private void replaceText(String name, String text) {
        Text field = widget(Text.class, name);
        driver.waitUntil(name + " is enabled", field::isEnabled);
        driver.click(field);
        driver.pressShortcut(SWT.CTRL, 'a');
        driver.waitUntil(name + " is all selected or empty",
                () -> field.getText().isEmpty() || field.getSelectionCount() == field.getText().length());
        driver.typeText(field, text);
        driver.waitUntil(name + " reads '" + text + "'", () -> text.equals(field.getText()));
    }
}
