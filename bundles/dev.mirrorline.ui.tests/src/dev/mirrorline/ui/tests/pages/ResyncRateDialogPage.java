package dev.mirrorline.ui.tests.pages;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.ui.pairs.commands.SetResyncRateHandler;
import dev.mirrorline.ui.testdriver.UiDriver;

/** The Set Resync Rate Limit dialog of the Pairs view, as a test sees and drives it. */
public final class ResyncRateDialogPage {

    /** The dialog's title. */
    public static final String TITLE = "Resync Rate Limit";

    private final UiDriver driver;
    private final Shell shell;
    private final Text rate;

    private ResyncRateDialogPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
        this.rate = driver.byData(shell, Text.class, SetResyncRateHandler.WIDGET_KEY, SetResyncRateHandler.RATE_WIDGET);
    }

    /**
     * Waits for the dialog, shown and still.
     *
     * @param driver the driver
     * @return the dialog
     */
    public static ResyncRateDialogPage find(UiDriver driver) {
        return new ResyncRateDialogPage(driver, MessageDialogPage.find(driver, TITLE).shell());
    }

    /** @return the limit the field shows, in MiB/s */
    public String rate() {
        return driver.onUi(() -> rate.getText());
    }

    /**
     * Types a limit over the one shown, with real keys.
     *
     * @param text what to type
     */
    public void typeRate(String text) {
        driver.click(rate);
        driver.pressShortcut(SWT.CTRL, 'a');
        driver.waitUntil("the limit is all selected",
                () -> rate.getText().isEmpty() || rate.getSelectionCount() == rate.getText().length());
        driver.typeText(rate, text);
        driver.waitUntil("the limit reads '" + text + "'", () -> text.equals(rate.getText()));
    }

    /**
     * Waits until the dialog shows this problem (and OK is disabled), or none (and OK is enabled).
     *
     * @param problem the message, or null
     */
    public void waitForProblem(String problem) {
        Button ok = driver.button(shell, "OK");
        driver.waitUntil("the dialog shows the problem '" + problem + "'", () -> problem == null
                ? ok.isEnabled() : !ok.isEnabled() && PreferencesDialogPage.shown(shell, problem));
    }

    /** Clicks OK and waits until the dialog is closed. */
    public void ok() {
        driver.click(driver.button(shell, "OK"));
        driver.waitUntil("the dialog is closed", shell::isDisposed);
    }
}
