package dev.mirrorline.ui.tests.pages;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

import dev.mirrorline.ui.testdriver.UiDriver;

/**
 * A JFace message dialog (information, warning, question, or an error dialog with its reason), as
 * a test sees and drives it.
 */
public final class MessageDialogPage {

    private final UiDriver driver;
    private final Shell shell;

    private MessageDialogPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
    }

    /**
     * Waits for a dialog with this title.
     *
     * @param driver the driver
     * @param title the dialog's title
     * @return the dialog
     */
    public static MessageDialogPage find(UiDriver driver, String title) {
        Shell shell = driver.shell(title);
        // a click sent before the dialog is shown and active can land beside it
        driver.waitUntil("the dialog '" + title + "' is shown and active", () -> shell.isVisible()
                && shell.getDisplay().getActiveShell() == shell);
        // and has stopped moving: without a window manager a new dialog can still be placed after it shows
        org.eclipse.swt.graphics.Rectangle[] seen = { null };
        long[] seenSince = { 0 };
        driver.waitUntil("the dialog '" + title + "' stays where it is", () -> {
            org.eclipse.swt.graphics.Rectangle now = shell.getBounds();
            if (!now.equals(seen[0])) {
                seen[0] = now;
                seenSince[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - seenSince[0] > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(150);
        });
        return new MessageDialogPage(driver, shell);
    }

    /** @return the dialog's shell */
    public Shell shell() {
        return shell;
    }

    /** @return the texts of the dialog's labels, joined by new lines: its message (and an error's reason) */
    public String message() {
        return driver.onUi(() -> {
            List<String> texts = new ArrayList<>();
            collectLabels(shell, texts);
            return String.join("\n", texts);
        });
    }

    private static void collectLabels(Control control, List<String> texts) {
        if (control instanceof Label label && !label.getText().isEmpty()) {
            texts.add(label.getText());
        }
        if (control instanceof org.eclipse.swt.widgets.Composite composite) {
            for (Control child : composite.getChildren()) {
                collectLabels(child, texts);
            }
        }
    }

    /**
     * @param label a check box's label
     * @return whether it is checked
     */
    public boolean isChecked(String label) {
        Button box = driver.button(shell, label);
        return driver.onUi(box::getSelection);
    }

    /**
     * Clicks a check box or a button with a real click.
     *
     * @param label its label
     */
    public void click(String label) {
        driver.click(driver.button(shell, label));
    }

    /**
     * Checks a check box with a real click and waits until it shows checked (under load GTK can
     * report the toggle a moment after the click was handled).
     *
     * @param label the check box's label
     */
    public void check(String label) {
        Button box = driver.button(shell, label);
        driver.click(box);
        driver.waitUntil("the check box '" + label + "' is checked", box::getSelection);
    }

    /**
     * Clicks the button that closes the dialog and waits until it is gone.
     *
     * @param label the button's label, e.g. "OK"
     */
    public void close(String label) {
        String title = driver.onUi(shell::getText);
        click(label);
        driver.waitUntil("the dialog '" + title + "' is closed", shell::isDisposed);
    }
}
