package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.FrameworkUtil;

import dev.mirrorline.ui.about.AboutMirrorlineDialog;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.AboutDialogPage;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;

@ExtendWith(ScreenshotOnFailure.class)
class AboutDialogTest {

    @Test
    void helpAboutOpensAModalDialogWithTheConsoleVersionAndCloseClosesIt() {
        Display display = PlatformUI.getWorkbench().getDisplay();
        ConsoleWindowPage window = ConsoleWindowPage.find(new UiDriver(display, Duration.ofSeconds(20)));
        String expectedVersion = "Version " + AboutMirrorlineDialog.displayVersion(
                FrameworkUtil.getBundle(AboutMirrorlineDialog.class).getVersion());

        AboutDialogPage about = window.openAboutDialog();

        assertTrue(about.isModal(), "the About dialog should be modal");
        assertEquals(expectedVersion, about.versionText());
        assertTrue(expectedVersion.matches("Version 0\\.1\\.0 \\(build \\d{12}\\)"), expectedVersion);
        about.clickClose();
    }

    @Test
    void theDisplayedVersionLeavesOutAnEmptyQualifier() {
        assertEquals("1.2.3", AboutMirrorlineDialog.displayVersion(new org.osgi.framework.Version(1, 2, 3)));
        assertEquals("1.2.3 (build 202611250016)",
                AboutMirrorlineDialog.displayVersion(new org.osgi.framework.Version(1, 2, 3, "202611250016")));
    }
}
