package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;

@ExtendWith(ScreenshotOnFailure.class)
class ConsoleWindowTest {

    private ConsoleWindowPage window;

    @BeforeEach
    void findTheConsoleWindow() {
        Display display = PlatformUI.getWorkbench().getDisplay();
        window = ConsoleWindowPage.find(new UiDriver(display, Duration.ofSeconds(20)));
    }

    @Test
    void theWindowIsTitledMirrorlineAndCarriesTheApplicationIconInSixSizes() {
        assertEquals("Mirrorline", window.title());
        assertEquals(6, window.iconCount());
    }

    @Test
    void thePairsViewShowsEveryPairAttributeAsAColumnAndTheDemoPairOfTheFirstStart() {
        assertEquals(List.of("Name", "Primary", "Secondary", "Mode", "State", "Lag", "Unacknowledged", "Snapshot",
                "Resync", "Roles"), window.pairsColumnHeaders());
        window.waitForPairState("demo", "CONSISTENT");
        window.waitForPairRoles("demo", "original: demo-primary.img primary");
    }

    @Test
    void theStatusLineSummarisesThePairs() {
        window.waitForStatusLineText("1 pair: 1 consistent");
    }

    @Test
    void aLinkInterruptedFromThePairsViewIsResynchronisedWhenRestored() {
        window.waitForPairState("demo", "CONSISTENT");
        window.selectPair("demo");
        assertEquals(new RGB(0, 158, 115), window.pairStateIconColour("demo"), "consistent: a green disc");
        window.clickPairsToolbar("Interrupt Link");
        window.waitForPairState("demo", "INTERRUPTED");
        assertEquals(new RGB(213, 94, 0), window.pairStateIconColour("demo"), "interrupted: a vermillion square");
        window.clickPairsToolbar("Restore Link");
        window.waitForPairState("demo", "CONSISTENT");
    }
}
