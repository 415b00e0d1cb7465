package dev.mirrorline.ui.tests.pages;

import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

import dev.mirrorline.ui.about.AboutMirrorlineDialog;
import dev.mirrorline.ui.testdriver.UiDriver;

/** The About Mirrorline dialog, as a test sees and drives it. */
public final class AboutDialogPage {

    /** The dialog's title. */
    public static final String TITLE = "About Mirrorline";

    private final UiDriver driver;
    private final Shell shell;

    private AboutDialogPage(UiDriver driver, Shell shell) {
        this.driver = driver;
        this.shell = shell;
    }

    static AboutDialogPage find(UiDriver driver) {
        return new AboutDialogPage(driver, driver.shell(TITLE));
    }

    /** @return whether the dialog is modal to the application */
    public boolean isModal() {
        return driver.onUi(() -> (shell.getStyle() & (org.eclipse.swt.SWT.APPLICATION_MODAL
                | org.eclipse.swt.SWT.PRIMARY_MODAL | org.eclipse.swt.SWT.SYSTEM_MODAL)) != 0);
    }

    /** @return the text of the version label */
    public String versionText() {
        Label version = driver.byData(shell, Label.class, AboutMirrorlineDialog.VERSION_LABEL_KEY, Boolean.TRUE);
        return driver.onUi(version::getText);
    }

    /** Clicks Close with a real mouse click and waits until the dialog is gone. */
    public void clickClose() {
        driver.click(driver.button(shell, "Close"));
        driver.waitUntil("the About dialog is closed", shell::isDisposed);
    }
}
