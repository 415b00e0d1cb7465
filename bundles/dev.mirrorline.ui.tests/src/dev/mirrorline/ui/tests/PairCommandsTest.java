package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.ui.node.ConsoleNode;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;
import dev.mirrorline.ui.tests.pages.MessageDialogPage;
import dev.mirrorline.ui.tests.pages.PropertiesViewPage;
import dev.mirrorline.ui.tests.pages.ResyncRateDialogPage;

/**
 * The Pairs view's commands, from the toolbar, the context menu and their key bindings, on the demo
 * pair and on throwaway pairs: the link interrupted and resynchronised, enablement that follows the
 * pair's state, verify, delete with its confirmation, the Properties view of the selected pair, and
 * a command that fails.
 */
@ExtendWith(ScreenshotOnFailure.class)
class PairCommandsTest {

    private static final String DEMO = MirrorlineNode.DEMO_PAIR;

    private UiDriver driver;
    private ConsoleWindowPage window;
    private MirrorlineNode node;
    private final List<IStatus> logged = new CopyOnWriteArrayList<>();
    private final ILogListener logListener = (status, plugin) -> logged.add(status);
    private final List<String> throwawayPairs = new ArrayList<>();
    private Path volumes;
    private boolean automatedErrorDialogs;

    @BeforeEach
    void findTheConsoleAndItsNode() throws Exception {
        Display display = PlatformUI.getWorkbench().getDisplay();
        driver = new UiDriver(display, Duration.ofSeconds(20));
        window = ConsoleWindowPage.find(driver);
        node = ConsoleNode.get().get(60, TimeUnit.SECONDS);
        volumes = Files.createTempDirectory("mirrorline-commands-test");
        Platform.addLogListener(logListener);
        automatedErrorDialogs = ErrorDialog.AUTOMATED_MODE;
        ErrorDialog.AUTOMATED_MODE = false; // the test harness turns error dialogs off; these tests look at them
        window.waitForPairState(DEMO, "CONSISTENT");
    }

    @AfterEach
    void restoreTheDemoAndDeleteThrowawayPairs() throws Exception {
        closeDialogsLeftOpen(); // by a failed test: the next test must find the window usable
        Platform.removeLogListener(logListener);
        ErrorDialog.AUTOMATED_MODE = automatedErrorDialogs;
        for (String name : throwawayPairs) {
            if (node.pair(name).isPresent()) {
                node.deletePair(name, true);
            }
        }
        Pair demo = node.pair(DEMO).orElseThrow();
        if (demo.spec().resyncBytesPerSecond() != 0) {
            demo.setResyncRate(0);
        }
        if (demo.linkHeld()) {
            demo.restoreLink();
        }
        if (!demo.status().loadRunning()) {
            demo.startLoad();
        }
        window.waitForPairState(DEMO, "CONSISTENT");
    }

    @Test
    void aLinkInterruptedAndRestoredFromTheToolbarIsResynchronisedAndTheButtonsFollowTheState() {
        window.selectPair(DEMO);
        window.waitForPairsToolbarEnabled("Restore Link", false);
        window.waitForPairsToolbarEnabled("Interrupt Link", true);
        assertEquals("Interrupt Link (Shift+Ctrl+I)", window.pairsToolbarTooltip("Interrupt Link"), "GTK's order");

        List<String> seen = new ArrayList<>();
        window.clickPairsToolbar("Interrupt Link");
        window.recordPairStatesUntil(DEMO, "INTERRUPTED", seen);
        window.waitForPairsToolbarEnabled("Interrupt Link", false);
        window.waitForPairsToolbarEnabled("Restore Link", true);
        assertFalse(window.isPairsToolbarEnabled("Resync Now"), "a held link is restored, not retried");

        window.clickPairsToolbar("Restore Link");
        window.recordPairStatesUntil(DEMO, "CONSISTENT", seen);
        assertResynchronised(seen);
        window.waitForPairsToolbarEnabled("Restore Link", false);
        window.waitForPairsToolbarEnabled("Interrupt Link", true);
    }

    @Test
    void withARateLimitSetFromTheContextMenuTheStateGoesFromInterruptedThroughResyncingToConsistent()
            throws Exception {
        window.selectPair(DEMO);
        window.selectPairsContextMenu("Set Resync Rate Limit...");
        ResyncRateDialogPage dialog = ResyncRateDialogPage.find(driver);
        assertEquals("0", dialog.rate(), "no limit yet");
        dialog.typeRate("0.01");
        dialog.waitForProblem("The resync rate limit must be at least 64 KiB/s, or 0 for no limit");
        dialog.typeRate("fast");
        dialog.waitForProblem("Enter a number of MiB/s, such as 20 or 0.5, or 0 for no limit");
        dialog.typeRate("0.25");
        dialog.waitForProblem(null);
        dialog.ok();
        Pair demo = node.pair(DEMO).orElseThrow();
        driver.waitUntil("the limit is set", () -> demo.spec().resyncBytesPerSecond() == 256 * 1024);
        window.showProperties().waitForValue("Pair", "Resync rate limit", "256.0 KiB/s (262144 B/s)");
        window.selectPair(DEMO); // the Pairs view active again: its selection enables the commands

        List<String> seen = new ArrayList<>();
        window.clickPairsToolbar("Interrupt Link");
        window.recordPairStatesUntil(DEMO, "INTERRUPTED", seen);
        // a megabyte in chunks of its own, besides the load's writes: four seconds of resync at the limit
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 256; i++) {
            byte[] block = new byte[4096];
            random.nextBytes(block);
            demo.write(i * 65536L + 8192, java.nio.ByteBuffer.wrap(block));
        }
        window.waitForPairsToolbarEnabled("Restore Link", true);
        window.clickPairsToolbar("Restore Link");
        window.recordPairStatesUntil(DEMO, "CONSISTENT", seen);

        assertEquals(List.of("INTERRUPTED", "RESYNCING", "CONSISTENT"), seen.subList(seen.indexOf("INTERRUPTED"),
                seen.size()), "the states the Pairs view showed: " + seen);
    }

    @Test
    void aLinkInterruptedAndRestoredFromTheContextMenuIsResynchronised() {
        window.selectPair(DEMO);
        window.waitForPairsToolbarEnabled("Restore Link", false);
        IllegalStateException disabled = assertThrows(IllegalStateException.class,
                () -> window.selectPairsContextMenu("Restore Link"));
        assertEquals("Menu path Restore Link: 'Restore Link' is disabled", disabled.getMessage());

        List<String> seen = new ArrayList<>();
        window.selectPairsContextMenu("Interrupt Link");
        window.recordPairStatesUntil(DEMO, "INTERRUPTED", seen);
        window.waitForPairsToolbarEnabled("Restore Link", true);
        window.selectPairsContextMenu("Restore Link");
        window.recordPairStatesUntil(DEMO, "CONSISTENT", seen);
        assertResynchronised(seen);
    }

    @Test
    void aLinkInterruptedAndRestoredByItsKeyBindingsIsResynchronised() {
        window.selectPair(DEMO);
        window.waitForPairsToolbarEnabled("Interrupt Link", true);

        List<String> seen = new ArrayList<>();
        window.pressInPairsView(SWT.CTRL | SWT.SHIFT, 'i');
        window.recordPairStatesUntil(DEMO, "INTERRUPTED", seen);
        window.waitForPairsToolbarEnabled("Restore Link", true);
        window.pressInPairsView(SWT.CTRL | SWT.SHIFT, 'r');
        window.recordPairStatesUntil(DEMO, "CONSISTENT", seen);
        assertResynchronised(seen);
    }

    /** The states end CONSISTENT after INTERRUPTED, with at most RESYNCING between (it may be too brief to see). */
    private static void assertResynchronised(List<String> seen) {
        int interrupted = seen.indexOf("INTERRUPTED");
        assertTrue(interrupted >= 0, "passed through INTERRUPTED: " + seen);
        List<String> after = seen.subList(interrupted, seen.size());
        assertTrue(after.equals(List.of("INTERRUPTED", "RESYNCING", "CONSISTENT"))
                || after.equals(List.of("INTERRUPTED", "CONSISTENT")), "INTERRUPTED -> (RESYNCING) -> CONSISTENT: " + seen);
    }

    @Test
    void verifyReportsEqualChecksumsOnceTheLoadIsStopped() {
        window.selectPair(DEMO);
        window.clickPairsToolbar("Stop Write Load");
        window.waitForPairsToolbarEnabled("Stop Write Load", false);
        window.waitForPairsToolbarEnabled("Start Write Load", true);

        window.clickPairsToolbar("Verify");
        MessageDialogPage result = MessageDialogPage.find(driver.withTimeout(Duration.ofSeconds(60)), "Verify");
        String message = result.message();
        result.close("OK");
        assertTrue(message.startsWith("The volumes of demo are equal."), message);
        Matcher checksums = Pattern.compile("Primary SHA-256: +([0-9a-f]{64})\\s+Secondary SHA-256: ([0-9a-f]{64})")
                .matcher(message);
        assertTrue(checksums.find(), message);
        assertEquals(checksums.group(1), checksums.group(2));

        window.clickPairsToolbar("Start Write Load");
        window.waitForPairsToolbarEnabled("Stop Write Load", true);
    }

    private void closeDialogsLeftOpen() {
        driver.onUi(() -> {
            Shell workbenchWindow = PlatformUI.getWorkbench().getActiveWorkbenchWindow() == null ? null
                    : PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
            for (Shell shell : driver.display().getShells()) {
                if (shell != workbenchWindow && shell.isVisible() && (shell.getStyle() & SWT.APPLICATION_MODAL) != 0) {
                    shell.close();
                }
            }
        });
    }

    @Test
    void deletePairAsksNamingThePairAndKeepsItsVolumesUnlessAsked() throws Exception {
        Pair kept = throwawayPair("keep-" + run());
        Path primary = kept.spec().primaryImage();
        Path secondary = ((PairSpec.LocalSecondary) kept.spec().secondary()).image();
        window.waitForPairState(kept.name(), "CONSISTENT");
        window.selectPair(kept.name());

        window.clickPairsToolbar("Delete Pair");
        MessageDialogPage confirm = MessageDialogPage.find(driver, "Delete Pair");
        String message = confirm.message();
        assertTrue(message.startsWith("Delete the pair " + kept.name() + "?"), message);
        assertTrue(message.contains("primary: " + primary) && message.contains("secondary: " + secondary), message);
        assertFalse(confirm.isChecked("Also delete the volume image files"), "volumes are kept by default");
        confirm.close("Delete");

        window.waitForNoPair(kept.name());
        driver.waitUntil("the node forgot " + kept.name(), () -> node.pair(kept.name()).isEmpty());
        assertTrue(Files.exists(primary) && Files.exists(secondary), "the volume image files are kept");

        Pair deleted = throwawayPair("gone-" + run());
        Path deletedPrimary = deleted.spec().primaryImage();
        window.waitForPairState(deleted.name(), "CONSISTENT");
        window.selectPair(deleted.name());
        window.pressInPairsView(0, SWT.DEL);
        MessageDialogPage confirmAgain = MessageDialogPage.find(driver, "Delete Pair");
        confirmAgain.check("Also delete the volume image files");
        confirmAgain.close("Delete");
        window.waitForNoPair(deleted.name());
        driver.waitUntil("the image files of " + deleted.name() + " are deleted", () -> !Files.exists(deletedPrimary));
    }

    @Test
    void thePropertiesViewShowsEveryAttributeOfTheSelectedPair() {
        Pair demo = node.pair(DEMO).orElseThrow();
        window.selectPair(DEMO);
        PropertiesViewPage properties = window.showProperties();

        properties.waitForValue("Pair", "Name", DEMO);
        assertEquals(demo.spec().primaryImage().toString(), properties.value("Pair", "Primary volume"));
        assertEquals(demo.secondaryDescription(), properties.value("Pair", "Secondary volume"));
        assertEquals("asynchronous", properties.value("Pair", "Mode"));
        assertEquals("4.0 KiB (4096 B)", properties.value("Pair", "Chunk size"));
        assertEquals("64.0 MiB (67108864 B)", properties.value("Pair", "In-flight window"));
        assertEquals("10.0 s", properties.value("Pair", "Link timeout"));
        assertEquals("no limit", properties.value("Pair", "Resync rate limit"));
        properties.waitForValue("Status", "State", "CONSISTENT");
        for (String attribute : List.of("Link held down", "Lag", "Unacknowledged bytes", "Unacknowledged updates",
                "Snapshot size", "Outage since", "Resync progress", "Last error", "Write load")) {
            String value = properties.value("Status", attribute);
            assertTrue(value != null && !value.isEmpty(), attribute + " is shown: " + value);
        }
        assertEquals("running", properties.value("Status", "Write load"));
        assertEquals("no", properties.value("Status", "Link held down"));
    }

    @Test
    void aVerifyThatCannotReadTheSecondaryShowsAnErrorDialogAndLogsWhy() throws Exception {
        Pair damaged = throwawayPair("damaged-" + run());
        window.waitForPairState(damaged.name(), "CONSISTENT");
        Path secondary = ((PairSpec.LocalSecondary) damaged.spec().secondary()).image();
        try (FileChannel image = FileChannel.open(secondary, StandardOpenOption.WRITE)) {
            image.truncate(0); // the secondary's image loses its data behind the engine's back
        }
        window.selectPair(damaged.name());

        window.clickPairsToolbar("Verify");
        MessageDialogPage error = MessageDialogPage.find(driver.withTimeout(Duration.ofSeconds(60)), "Verify Failed");
        String message = error.message();
        error.close("OK");
        assertTrue(message.startsWith("Verify failed for the pair " + damaged.name() + "."), message);
        assertTrue(message.contains("Check that both volumes' image files exist, are readable and have the pair's size"),
                message);
        assertTrue(message.contains(secondary + " ends at 0 bytes"), "the reason: " + message);
        driver.waitUntil("the failure is in the Error Log", () -> logged.stream()
                .anyMatch(status -> status.getMessage().contains(damaged.name())));
        List<IStatus> entries = logged.stream().filter(status -> status.getMessage().contains(damaged.name())).toList();
        assertEquals(1, entries.size(), "logged once: " + entries);
        assertEquals(IStatus.ERROR, entries.get(0).getSeverity());
        assertEquals("Verify failed for the pair " + damaged.name() + ": " + secondary + " ends at 0 bytes; 1048576 more"
                + " bytes were expected", entries.get(0).getMessage());
        assertTrue(entries.get(0).getException() instanceof java.io.EOFException, "with its cause: " + entries);
        Shell[] dialogs = driver.onUi(() -> Arrays.stream(PlatformUI.getWorkbench().getDisplay().getShells())
                .filter(shell -> shell.isVisible() && shell != window.shell()).toArray(Shell[]::new));
        assertEquals(0, dialogs.length, "no second dialog for the same failure");
    }

    private Pair throwawayPair(String name) throws IOException {
        throwawayPairs.add(name);
        return node.createPair(new PairSpec(name, volumes.resolve(name + "-primary.img"), 1 << 20,
                new PairSpec.LocalSecondary(volumes.resolve(name + "-secondary.img"), true),
                ReplicationMode.ASYNCHRONOUS, MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                MirrorlineNode.DEFAULT_LINK_TIMEOUT));
    }

    private static String run() {
        return Long.toString(System.nanoTime(), 36);
    }
}
