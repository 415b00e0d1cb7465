package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.ui.preferences.EnginePreferences;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;
import dev.mirrorline.ui.tests.pages.NewPairWizardPage;
import dev.mirrorline.ui.tests.pages.PreferencesDialogPage;

@ExtendWith(ScreenshotOnFailure.class)
class EnginePreferencesTest {

    @TempDir
    Path directory;

    private UiDriver driver;
    private ConsoleWindowPage window;
    private PreferencesDialogPage preferences;
    private NewPairWizardPage wizard;

    @BeforeEach
    void findTheConsoleWindow() {
        Display display = PlatformUI.getWorkbench().getDisplay();
        driver = new UiDriver(display, Duration.ofSeconds(20));
        window = ConsoleWindowPage.find(driver);
    }

    @AfterEach
    void closeDialogsAndRestoreTheDefaults() {
        if (wizard != null && wizard.isOpen()) {
            wizard.cancel();
        }
        if (preferences != null && preferences.isOpen()) {
            preferences.cancel();
        }
        driver.onUi(() -> {
            IPreferenceStore store = EnginePreferences.store();
            for (String key : List.of(EnginePreferences.CHUNK_SIZE_KIB, EnginePreferences.LINK_TIMEOUT_SECONDS,
                    EnginePreferences.IN_FLIGHT_WINDOW_MIB, EnginePreferences.REPLICATION_MODE)) {
                store.setToDefault(key);
            }
        });
    }

    @Test
    void anInvalidLinkTimeoutIsRefusedAndAValidOneBecomesTheNewPairWizardsInitialValue() {
        preferences = PreferencesDialogPage.openMirrorlinePage(driver, window);

        preferences.typeLinkTimeout("0");
        preferences.waitForErrorMessage("The link timeout is a whole number of seconds from 1 to 600");
        assertEquals(List.of(false, false), preferences.applyButtonsEnabled(), "Apply, Apply and Close");

        preferences.typeLinkTimeout("30");
        preferences.waitForErrorMessage(null);
        assertEquals(List.of(true, true), preferences.applyButtonsEnabled(), "Apply, Apply and Close");
        preferences.applyAndClose();

        wizard = NewPairWizardPage.openFromFileMenu(driver, window);
        wizard.typeName("preferences-pair").newPrimary(directory.resolve("p.img"), 4).next().next();
        assertEquals("30", wizard.linkTimeoutText());
    }
}
