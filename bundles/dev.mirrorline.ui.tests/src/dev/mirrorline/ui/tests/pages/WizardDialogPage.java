package dev.mirrorline.ui.tests.pages;

import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.ui.testdriver.UiDriver;

/**
 * What every JFace wizard dialog offers a test: its buttons (Next, Finish, Cancel), its current page
 * and its message area. The page objects of the console's wizards extend it with their own pages.
 */
abstract class WizardDialogPage {

    /** The driver. */
    protected final UiDriver driver;
    /** The wizard dialog's shell. */
    protected final Shell shell;
    private final String widgetKey;

    /**
     * @param driver the driver
     * @param shell the wizard dialog's shell
     * @param widgetKey the data key under which the wizard names its widgets
     */
    protected WizardDialogPage(UiDriver driver, Shell shell, String widgetKey) {
        this.driver = driver;
        this.shell = shell;
        this.widgetKey = widgetKey;
    }

    /** Clicks Next once it is enabled, and waits until the next page is shown. */
    protected void clickNext() {
        IWizardPage before = driver.onUi(() -> currentPage());
        Button next = driver.button(shell, "Next >");
        driver.waitUntil("Next is enabled", next::isEnabled);
        driver.click(next);
        driver.waitUntil("the next page is shown", () -> dialog().getCurrentPage() != before);
    }

    /** @return whether Next can be clicked */
    public boolean nextEnabled() {
        Button next = driver.button(shell, "Next >");
        return driver.onUi(() -> next.isEnabled());
    }

    /** @return whether Finish can be clicked */
    public boolean finishEnabled() {
        Button finish = driver.button(shell, "Finish");
        return driver.onUi(() -> finish.isEnabled());
    }

    /** Clicks Finish once it is enabled and waits until the wizard is closed. */
    public void finish() {
        Button finish = driver.button(shell, "Finish");
        driver.waitUntil("Finish is enabled", finish::isEnabled);
        driver.click(finish);
        driver.waitUntil("the wizard is closed", shell::isDisposed);
    }

    /** Clicks the wizard's Cancel and waits until the wizard is closed. */
    public void cancel() {
        driver.click(driver.button(shell, "Cancel"));
        driver.waitUntil("the wizard is closed", shell::isDisposed);
    }

    /** @return whether the wizard is still open */
    public boolean isOpen() {
        return driver.onUi(() -> !shell.isDisposed());
    }

    /**
     * Saves a screenshot of the display.
     *
     * @param name the file's name, without extension
     */
    public void screenshot(String name) {
        driver.screenshot(name);
    }

    /** @return the current page's error message, or null */
    public String errorMessage() {
        return driver.onUi(() -> currentPage().getErrorMessage());
    }

    /** @return the wizard dialog; call on the UI thread */
    protected WizardDialog dialog() {
        return (WizardDialog) shell.getData();
    }

    /** @return the page shown; call on the UI thread */
    protected IWizardPage currentPage() {
        return dialog().getCurrentPage();
    }

    /**
     * @param type the widget's class
     * @param name the name the wizard gave it (under its widget key)
     * @return the widget
     */
    protected <T extends Control> T widget(Class<T> type, String name) {
        return driver.byData(shell, type, widgetKey, name);
    }

    /** @return whether a visible label or text field of the dialog shows the message (its message area) */
    protected boolean shown(String message) {
        return visibleTextIn(shell, message);
    }

    /** Whether a visible label or text field below the composite shows the message. */
    static boolean visibleTextIn(Composite composite, String message) {
        for (Control child : composite.getChildren()) {
            if (!child.isVisible()) {
                continue;
            }
            String text = child instanceof Text field ? field.getText()
                    : child instanceof Label label ? label.getText() : null;
            if (text != null && text.strip().equals(message)) {
                return true;
            }
            if (child instanceof Composite inner && visibleTextIn(inner, message)) {
                return true;
            }
        }
        return false;
    }
}
