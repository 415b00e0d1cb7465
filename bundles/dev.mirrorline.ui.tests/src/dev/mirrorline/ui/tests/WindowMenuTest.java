package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.ui.ConsolePerspective;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;

@ExtendWith(ScreenshotOnFailure.class)
class WindowMenuTest {

    private ConsoleWindowPage window;

    @BeforeEach
    void startWithoutTheProgressViewAndTheErrorLog() {
        Display display = PlatformUI.getWorkbench().getDisplay();
        window = ConsoleWindowPage.find(new UiDriver(display, Duration.ofSeconds(20)));
        closeOptionalViews();
    }

    @AfterEach
    void closeOptionalViews() {
        window.closeView(ConsolePerspective.PROGRESS_VIEW_ID);
        window.closeView(ConsolePerspective.ERROR_LOG_VIEW_ID);
    }

    @Test
    void windowShowViewProgressOpensTheProgressView() {
        assertFalse(window.isViewOpen(ConsolePerspective.PROGRESS_VIEW_ID));

        window.showViewFromWindowMenu("Progress", ConsolePerspective.PROGRESS_VIEW_ID);

        assertTrue(window.isViewOpen(ConsolePerspective.PROGRESS_VIEW_ID));
    }

    @Test
    void windowShowViewErrorLogOpensTheErrorLog() {
        assertFalse(window.isViewOpen(ConsolePerspective.ERROR_LOG_VIEW_ID));

        window.showViewFromWindowMenu("Error Log", ConsolePerspective.ERROR_LOG_VIEW_ID);

        assertTrue(window.isViewOpen(ConsolePerspective.ERROR_LOG_VIEW_ID));
    }
}
