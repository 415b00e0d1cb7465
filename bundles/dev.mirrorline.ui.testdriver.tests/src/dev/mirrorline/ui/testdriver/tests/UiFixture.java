package dev.mirrorline.ui.testdriver.tests;

import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.ui.testdriver.UiThreadExtension;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;

/**
 * Base of the driver's tests: a driver on the shared UI thread, and small shells built on it.
 *
 * <p>Shells are closed before each test, not after it: {@link ScreenshotOnFailure} runs after
 * {@code @AfterEach}, and the screenshot of a failed test should show its shells.
 */
@ExtendWith({ UiThreadExtension.class, ScreenshotOnFailure.class })
abstract class UiFixture {

    private static Display sharedDisplay;

    UiDriver driver;
    Display display;

    @BeforeEach
    void closeShellsAndCreateDriver(UiDriver uiDriver) {
        driver = uiDriver;
        display = uiDriver.display();
        sharedDisplay = display;
        closeAllShells(driver);
    }

    @AfterAll
    static void closeShellsOfTheLastTest() {
        if (sharedDisplay != null && !sharedDisplay.isDisposed()) {
            closeAllShells(new UiDriver(sharedDisplay));
        }
    }

    private static void closeAllShells(UiDriver driver) {
        driver.onUi(() -> {
            for (Shell shell : driver.display().getShells()) {
                shell.dispose();
            }
        });
    }

    /**
     * Opens a shell with a two-column grid at a fixed place (there is no window manager to place it)
     * after {@code content} has filled it on the UI thread, and makes it the active shell.
     */
    Shell openShell(String title, int x, int y, Consumer<Shell> content) {
        Shell shell = driver.onUi(() -> {
            Shell created = new Shell(display, SWT.SHELL_TRIM);
            created.setText(title);
            created.setLayout(new GridLayout(2, false));
            content.accept(created);
            created.pack();
            created.setLocation(x, y);
            created.open();
            return created;
        });
        driver.activate(shell);
        return shell;
    }

    Shell openShell(String title, Consumer<Shell> content) {
        return openShell(title, 60, 60, content);
    }
}
