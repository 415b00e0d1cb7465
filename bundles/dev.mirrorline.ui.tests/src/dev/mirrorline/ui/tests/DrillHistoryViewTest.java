package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.drill.DrillParameters;
import dev.mirrorline.drill.DrillResult;
import dev.mirrorline.drill.DrillService;
import dev.mirrorline.drill.TestFailoverScenario;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.ui.drills.ConsoleDrills;
import dev.mirrorline.ui.drills.DrillHistoryView;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;
import dev.mirrorline.ui.tests.pages.DrillHistoryPage;

/** The Drill History view: the node's past drills, newest first, refreshed when a drill ends. */
@ExtendWith(ScreenshotOnFailure.class)
class DrillHistoryViewTest {

    private UiDriver driver;
    private ConsoleWindowPage window;
    private DrillService drills;

    @BeforeEach
    void findTheConsoleWindow() throws Exception {
        Display display = PlatformUI.getWorkbench().getDisplay();
        driver = new UiDriver(display, Duration.ofSeconds(30));
        window = ConsoleWindowPage.find(driver);
        drills = ConsoleDrills.get().get();
        window.waitForPairState(MirrorlineNode.DEMO_PAIR, "CONSISTENT");
    }

    @AfterEach
    void closeTheView() {
        window.closeView(DrillHistoryView.ID);
    }

    @Test
    void aDrillThatEndsWhileTheViewIsOpenAppearsAtTheTopWithItsOutcome() throws Exception {
        DrillHistoryPage history = DrillHistoryPage.showFromWindowMenu(driver, window);
        int before = drills.history().list().size();
        history.waitForRowCount(before);

        // started without the wizard, as the command line would
        DrillResult result = drills.start(MirrorlineNode.DEMO_PAIR, drills.scenario(TestFailoverScenario.ID),
                DrillParameters.of(Map.of()), null).await(Duration.ofSeconds(180));
        assertNotNull(result, "the drill ends");

        history.waitForRowCount(before + 1);
        List<String> newest = history.rows().get(0);
        assertEquals(List.of(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault())
                .format(result.started()), "demo", "Test failover (non-disruptive)", "Passed"), newest.subList(0, 4));
        assertEquals("\u2013", newest.get(5), "a test failover measures no RPO");
        assertEquals(before == 0 ? "1 drill" : (before + 1) + " drills, newest first", history.status());
        window.waitForPairState(MirrorlineNode.DEMO_PAIR, "CONSISTENT");
    }
}
