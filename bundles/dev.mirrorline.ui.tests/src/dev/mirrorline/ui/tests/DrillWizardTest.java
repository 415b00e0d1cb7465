package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.drill.DrillOutcome;
import dev.mirrorline.drill.DrillResult;
import dev.mirrorline.drill.DrillRun;
import dev.mirrorline.drill.DrillService;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;
import dev.mirrorline.ui.drills.ConsoleDrills;
import dev.mirrorline.ui.drills.DrillHistoryView;
import dev.mirrorline.ui.node.ConsoleNode;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;
import dev.mirrorline.ui.tests.pages.DrillHistoryPage;
import dev.mirrorline.ui.tests.pages.DrillWizardPage;

/** The Failover Drill wizard on the demo pair, in the real console window. */
@ExtendWith(ScreenshotOnFailure.class)
class DrillWizardTest {

    private static final String DEMO = MirrorlineNode.DEMO_PAIR;
    private static final Duration DRILL_LIMIT = Duration.ofSeconds(180);
    private static final String DONE = "\u2714 Done";
    private static final String RUNNING = "\u25B6 Running";
    private static final String SKIPPED = "\u2013 Skipped";

    private UiDriver driver;
    private ConsoleWindowPage window;
    private DrillWizardPage wizard;
    private Pair demo;
    private DrillService drills;
    private boolean loadWasRunning;

    @BeforeEach
    void findTheConsoleWindowAndTheDemoPair() throws Exception {
        Display display = PlatformUI.getWorkbench().getDisplay();
        driver = new UiDriver(display, Duration.ofSeconds(30));
        window = ConsoleWindowPage.find(driver);
        demo = ConsoleNode.get().join().pair(DEMO).orElseThrow();
        drills = ConsoleDrills.get().get();
        window.waitForPairState(DEMO, "CONSISTENT");
        loadWasRunning = demo.status().loadRunning();
    }

    @AfterEach
    void closeTheWizardAndLeaveTheDemoPairAsItWas() throws Exception {
        if (wizard != null && wizard.isOpen()) {
            wizard.cancel();
        }
        DrillRun left = drills.running(DEMO).orElse(null);
        if (left != null) {
            left.cancel();
            assertNotNull(left.await(DRILL_LIMIT), "a drill left running ends");
        }
        if (demo.linkHeld()) {
            demo.restoreLink();
        }
        window.waitForPairState(DEMO, "CONSISTENT");
        if (loadWasRunning && !demo.status().loadRunning()) {
            demo.startLoad();
        } else if (!loadWasRunning && demo.status().loadRunning()) {
            demo.stopLoad();
        }
        window.closeView(DrillHistoryView.ID);
    }

    @Test
    void aLinkOutageDrillOnTheDemoPairRunsEveryStepPassesAndIsListedInTheHistory() {
        wizard = DrillWizardPage.openFromDrillsMenu(driver, window);
        assertEquals(DEMO, wizard.pair());
        assertTrue(wizard.scenarioEnabled("planned-switchover"));
        assertEquals("Planned switchover", wizard.scenarioLabel("planned-switchover"));
        assertTrue(wizard.scenarioEnabled("unplanned-failover"));
        assertEquals("Unplanned failover and failback", wizard.scenarioLabel("unplanned-failover"));
        wizard.chooseScenario("link-outage").next();
        wizard.typeParameter("outage", "1.5").typeParameter("warmup", "0.5").next();

        wizard.waitForEveryCheckPassed();
        List<String> checks = wizard.preflightChecks();
        assertTrue(checks.stream().anyMatch(check -> check.startsWith("Pair consistent | \u2714 Passed | ")), checks.toString());
        assertTrue(checks.stream().noneMatch(check -> check.contains("\u2716")), checks.toString());
        wizard.next();

        assertFalse(wizard.backEnabled(), "a drill that runs cannot be gone back from");
        String end = wizard.waitForTheDrillToEnd(DRILL_LIMIT);
        assertEquals("The drill ended: Passed. Next shows the result.", end);
        assertEquals(Collections.nCopies(7, DONE), wizard.stepStatuses(), wizard.steps().toString());
        assertEquals(100, wizard.progress());
        assertTrue(wizard.log().contains("1: The write load was already running"), wizard.log());
        wizard.next();

        assertEquals("Passed", wizard.outcome());
        List<String> measurements = wizard.measurements();
        assertTrue(measurements.stream().anyMatch(row -> row.startsWith(
                "RPO: bytes written but not on the secondary at the cut | ")), measurements.toString());
        assertTrue(measurements.stream().anyMatch(row -> row.startsWith("Resync duration | ")), measurements.toString());
        assertTrue(wizard.verifications().contains("\u2714 equal"), wizard.verifications());
        assertFalse(wizard.verifications().contains("different"), wizard.verifications());
        assertTrue(wizard.reportButtonsEnabled());
        wizard.finish();

        assertTrue(demo.status().loadRunning() == loadWasRunning, "the load runs as before the drill");
        DrillHistoryPage history = DrillHistoryPage.showFromWindowMenu(driver, window);
        assertEquals(List.of("Time", "Pair", "Scenario", "Outcome", "Duration", "RPO"), history.headers());
        org.eclipse.swt.widgets.Table drillsTable = history.table();
        driver.waitUntil("the newest drill is the link outage", () -> drillsTable.getItemCount() > 0
                && drillsTable.getItem(0).getText(2).equals("Link outage under load"));
        List<String> newest = history.rows().get(0);
        assertEquals(DEMO, newest.get(1));
        assertEquals("Passed", newest.get(3));
        assertTrue(newest.get(4).matches("\\d+\\.\\d s"), newest.toString());
        assertTrue(newest.get(5).matches("[\\d.]+ (B|KiB|MiB), \\d+\\.\\d{3} s"), newest.toString());
    }

    @Test
    void aPlannedSwitchoverWithSwitchBackReversesTheDemoPairShowsItInThePairsViewAndEndsAsItStarted() {
        String primaryBefore = demo.primaryVolumeName();
        String secondaryBefore = demo.secondaryVolumeName();
        wizard = DrillWizardPage.openFromPairsContextMenu(driver, window, DEMO);
        wizard.chooseScenario("planned-switchover").next();
        // stay switched a moment, so that the Pairs view can be seen showing the reversed pair
        wizard.typeParameter("warmup", "0.5").typeParameter("stay", "3").typeParameter("switchBack", "yes").next();
        wizard.waitForEveryCheckPassed();
        List<String> checks = wizard.preflightChecks();
        assertTrue(checks.stream().anyMatch(check -> check.startsWith("Roles can change | \u2714 Passed | ")),
                checks.toString());
        wizard.next();

        wizard.waitForStepStatus("Stay in the new roles", RUNNING);
        window.waitForPairRoles(DEMO, "reversed: " + secondaryBefore + " primary");
        String end = wizard.waitForTheDrillToEnd(DRILL_LIMIT);
        assertEquals("The drill ended: Passed. Next shows the result.", end);
        assertEquals(Collections.nCopies(5, DONE), wizard.stepStatuses(), wizard.steps().toString());
        wizard.next();

        assertEquals("Passed", wizard.outcome());
        List<String> measurements = wizard.measurements();
        assertTrue(measurements.stream().anyMatch(row -> row.startsWith("RTO: write outage, from the quiesce to the"
                + " first write accepted by the new primary | ")), measurements.toString());
        assertTrue(measurements.stream().anyMatch(row -> row.startsWith("Drain time | ")), measurements.toString());
        assertTrue(wizard.verifications().startsWith("Primary and secondary before the switchover"),
                wizard.verifications());
        assertTrue(wizard.verifications().contains("Primary and secondary before the switch back"),
                wizard.verifications());
        assertFalse(wizard.verifications().contains("different"), wizard.verifications());
        wizard.screenshot("planned-switchover-result-page");
        wizard.finish();

        assertEquals(primaryBefore, demo.primaryVolumeName(), "switched back: the demo pair ends as it started");
        assertEquals(dev.mirrorline.node.PairDirection.ORIGINAL, demo.direction());
        window.waitForPairRoles(DEMO, "original: " + primaryBefore + " primary");
        assertEquals(loadWasRunning, demo.status().loadRunning(), "the load runs as before the drill");
    }

    @Test
    void aTestFailoverFromThePairsContextMenuChecksTheTestCopyWithACommandAndPasses() {
        wizard = DrillWizardPage.openFromPairsContextMenu(driver, window, DEMO);
        assertEquals(DEMO, wizard.pair());
        wizard.chooseScenario("test-failover").next();
        wizard.typeParameter("check", "test -s \"$1\"").next();
        wizard.waitForEveryCheckPassed();
        wizard.next();

        wizard.waitForTheDrillToEnd(DRILL_LIMIT);
        assertEquals(Collections.nCopies(5, DONE), wizard.stepStatuses(), wizard.steps().toString());
        wizard.next();
        assertEquals("Passed", wizard.outcome());
        assertEquals("\u2013", wizard.reason());
        assertTrue(wizard.verifications().startsWith("Primary and secondary at sequence "), wizard.verifications());
        assertTrue(wizard.verifications().contains("and its test copy"), wizard.verifications());
        assertTrue(wizard.verifications().contains("\u2714 equal"), wizard.verifications());
        wizard.finish();
        assertEquals(PairState.CONSISTENT, demo.status().state());
    }

    @Test
    void theParametersAreCheckedAsTheyAreTypedAndNextWaitsForValidOnes() {
        wizard = DrillWizardPage.openFromDrillsMenu(driver, window);
        wizard.chooseScenario("link-outage").next();

        wizard.typeParameter("outage", "soon");
        assertEquals("The parameter outage is a number of seconds, not 'soon'",
                wizard.waitForErrorMessageStartingWith("The parameter outage"));
        assertFalse(wizard.nextEnabled());
        wizard.typeParameter("outage", "0.01");
        assertEquals("The parameter outage must be from 0.1 to 3600.0 seconds, not 0.01",
                wizard.waitForErrorMessageStartingWith("The parameter outage"));
        assertFalse(wizard.nextEnabled());
        assertFalse(wizard.finishEnabled());
        wizard.typeParameter("outage", "2");
        wizard.waitForNoErrorMessage();
        wizard.waitForNextEnabled();
        assertFalse(wizard.finishEnabled(), "a drill is finished only once it ran");
    }

    @Test
    void cancellingALinkOutageDrillWhileTheLinkIsDownRollsBackAndLeavesThePairConsistent() {
        wizard = DrillWizardPage.openFromDrillsMenu(driver, window);
        wizard.chooseScenario("link-outage").next();
        wizard.typeParameter("outage", "120").typeParameter("warmup", "0").next();
        wizard.waitForEveryCheckPassed();
        wizard.next();

        wizard.waitForStepStatus("Hold the link down", RUNNING);
        assertFalse(wizard.finishEnabled());
        wizard.cancelDrill();
        String end = wizard.waitForTheDrillToEnd(DRILL_LIMIT);
        assertEquals("The drill ended: Cancelled, rolled back. Next shows the result.", end);
        List<String> statuses = wizard.stepStatuses();
        assertEquals(List.of(DONE, DONE, "\u25A0 Cancelled", SKIPPED, SKIPPED, SKIPPED, SKIPPED), statuses,
                wizard.steps().toString());
        wizard.next();

        assertEquals("Cancelled, rolled back", wizard.outcome());
        assertEquals("Cancelled during step 3, Hold the link down", wizard.reason());
        assertTrue(wizard.rollback().contains("Restore the link: done"), wizard.rollback());
        assertTrue(wizard.rollback().contains("The pair is consistent again"), wizard.rollback());
        wizard.finish();
        window.waitForPairState(DEMO, "CONSISTENT");
        assertFalse(demo.linkHeld());
    }

    @Test
    void closingTheWizardWhileADrillRunsCancelsTheDrillWhichRollsBack() throws InterruptedException {
        wizard = DrillWizardPage.openFromDrillsMenu(driver, window);
        wizard.chooseScenario("link-outage").next();
        wizard.typeParameter("outage", "120").typeParameter("warmup", "0").next();
        wizard.waitForEveryCheckPassed();
        wizard.next();
        wizard.waitForStepStatus("Hold the link down", RUNNING);
        DrillRun run = drills.running(DEMO).orElseThrow();

        wizard.cancel();

        assertTrue(run.isCancelled(), "closing the wizard cancels its drill");
        DrillResult result = run.await(DRILL_LIMIT);
        assertNotNull(result, "the cancelled drill ends");
        assertEquals(DrillOutcome.CANCELLED, result.outcome());
        assertTrue(drills.running(DEMO).isEmpty());
        window.waitForPairState(DEMO, "CONSISTENT");
        assertFalse(demo.linkHeld());
    }

    @Test
    void aPairWhoseLinkIsInterruptedFailsThePreflightWithWhatToDoAndTheDrillCannotRun() throws Exception {
        demo.interruptLink();
        window.waitForPairState(DEMO, "INTERRUPTED");
        wizard = DrillWizardPage.openFromPairsContextMenu(driver, window, DEMO);
        wizard.chooseScenario("test-failover").next();
        wizard.next();

        String error = wizard.waitForErrorMessageStartingWith("The pair demo is INTERRUPTED");
        assertTrue(error.endsWith(": a drill needs a consistent pair. Restore its link and wait until the resync has"
                + " ended"), error);
        List<String> checks = wizard.preflightChecks();
        assertTrue(checks.stream().anyMatch(check -> check.startsWith("Pair consistent | \u2716 Failed | The pair demo"
                + " is INTERRUPTED")), checks.toString());
        assertTrue(checks.stream().anyMatch(check -> check.startsWith("Peer reachable | \u2716 Failed | ")),
                checks.toString());
        String details = wizard.preflightDetails();
        assertTrue(details.startsWith("Pair consistent: " + error + "\nPeer reachable: The secondary "), details);
        assertFalse(wizard.nextEnabled());
        assertFalse(wizard.finishEnabled());
        assertTrue(drills.running(DEMO).isEmpty(), "nothing was started");
        wizard.cancel();
    }
}
