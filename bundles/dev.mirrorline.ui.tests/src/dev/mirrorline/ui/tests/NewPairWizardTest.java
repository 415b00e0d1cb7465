package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.transport.NodeIdentity;
import dev.mirrorline.transport.NodeServer;
import dev.mirrorline.transport.NodeStatus;
import dev.mirrorline.transport.PinnedPeers;
import dev.mirrorline.transport.TransportSecurity;
import dev.mirrorline.ui.node.ConsoleNode;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;
import dev.mirrorline.ui.tests.pages.NewPairWizardPage;

@ExtendWith(ScreenshotOnFailure.class)
class NewPairWizardTest {

    @TempDir
    Path directory;

    private UiDriver driver;
    private ConsoleWindowPage window;
    private NewPairWizardPage wizard;
    private final List<String> pairsToDelete = new ArrayList<>();

    @BeforeEach
    void findTheConsoleWindow() {
        Display display = PlatformUI.getWorkbench().getDisplay();
        driver = new UiDriver(display, Duration.ofSeconds(20));
        window = ConsoleWindowPage.find(driver);
    }

    @AfterEach
    void closeTheWizardAndDeleteThePairsItMade() throws IOException {
        if (wizard != null && wizard.isOpen()) {
            wizard.cancel();
        }
        MirrorlineNode node = ConsoleNode.get().join();
        for (String pair : pairsToDelete) {
            node.deletePair(pair, true);
        }
    }

    @Test
    void aPairOfTwoNewImagesAppearsInThePairsViewAndBecomesConsistent() throws IOException {
        Path primary = directory.resolve("primary.img");
        Path secondary = directory.resolve("secondary.img");
        wizard = NewPairWizardPage.openFromFileMenu(driver, window);

        wizard.typeName("wizard-pair").newPrimary(primary, 16).next();
        wizard.newLocalSecondary(secondary).next();
        pairsToDelete.add("wizard-pair");
        wizard.finish();

        window.waitForPairState("wizard-pair", "CONSISTENT");
        assertEquals(16L << 20, Files.size(primary));
        assertEquals(16L << 20, Files.size(secondary));
        PairSpec spec = ConsoleNode.get().join().pair("wizard-pair").orElseThrow().spec();
        assertEquals(new PairSpec.LocalSecondary(secondary, false), spec.secondary());
    }

    @Test
    void aResyncRateLimitIsCheckedAsItIsTypedAndKeptWithThePair() throws IOException {
        wizard = NewPairWizardPage.openFromFileMenu(driver, window);
        wizard.typeName("limited-pair").newPrimary(directory.resolve("limited-primary.img"), 8).next();
        wizard.newLocalSecondary(directory.resolve("limited-secondary.img")).next();

        wizard.typeResyncRate("0.01");
        wizard.waitForErrorMessage("The resync rate limit must be at least 64 KiB/s, or 0 for no limit");
        assertFalse(wizard.finishEnabled());
        wizard.typeResyncRate("lots");
        wizard.waitForErrorMessage("The resync rate limit is a number of MiB/s, or 0 for no limit");
        assertFalse(wizard.finishEnabled());
        wizard.typeResyncRate("20");
        pairsToDelete.add("limited-pair");
        wizard.finish();

        window.waitForPairState("limited-pair", "CONSISTENT");
        assertEquals(20L << 20, ConsoleNode.get().join().pair("limited-pair").orElseThrow().spec()
                .resyncBytesPerSecond());
    }

    @Test
    void aMissingPrimaryIsNamedAndKeepsNextAndFinishDisabled() {
        Path missing = directory.resolve("missing.img");
        wizard = NewPairWizardPage.openFromFileMenu(driver, window);

        wizard.typeName("missing-pair").existingPrimary(missing);

        wizard.waitForErrorMessage("The primary volume " + missing + " does not exist");
        assertFalse(wizard.nextEnabled());
        assertFalse(wizard.finishEnabled());
    }

    @Test
    void volumesOfDifferentSizesAreRefused() throws IOException {
        Path small = Files.write(directory.resolve("small.img"), new byte[8192]);
        Path big = Files.write(directory.resolve("big.img"), new byte[16384]);
        wizard = NewPairWizardPage.openFromFileMenu(driver, window);

        wizard.typeName("mismatch-pair").existingPrimary(small).next();
        wizard.existingLocalSecondary(big);

        wizard.waitForErrorMessage("The volumes differ in size: the primary has 8192 bytes, the secondary 16384");
        assertFalse(wizard.finishEnabled());
    }

    @Test
    void anExistingPrimaryIsAcceptedWithANoteThatTheSecondaryGetsAFullCopyFirst() throws IOException {
        Path existing = Files.write(directory.resolve("existing.img"), new byte[8192]);
        wizard = NewPairWizardPage.openFromFileMenu(driver, window);

        wizard.typeName("existing-pair").existingPrimary(existing).next();
        wizard.newLocalSecondary(directory.resolve("copy.img"));

        wizard.waitForMessage("The primary holds data already: the secondary first gets a full copy of it (the pair"
                + " resynchronises every chunk), then every write from then on.");
        assertTrue(wizard.finishEnabled());
    }

    @Test
    void theDemoPairsPrimaryIsRefusedAsTheVolumeOfAnotherPair() {
        Path demoPrimary = ConsoleNode.get().join().pair(MirrorlineNode.DEMO_PAIR).orElseThrow().spec()
                .primaryImage();
        wizard = NewPairWizardPage.openFromPairsToolbar(driver, window);

        wizard.typeName("second-demo").existingPrimary(demoPrimary);

        wizard.waitForErrorMessage("The primary volume " + demoPrimary + " is already in the pair demo");
        assertFalse(wizard.finishEnabled());
    }

    @Test
    void thePrimaryCannotBeItsOwnSecondary() throws IOException {
        Path image = Files.write(directory.resolve("only.img"), new byte[8192]);
        wizard = NewPairWizardPage.openFromFileMenu(driver, window);

        wizard.typeName("mirror-of-itself").existingPrimary(image).next();
        wizard.existingLocalSecondary(image);

        wizard.waitForErrorMessage("The secondary volume cannot be the primary volume itself");
        assertFalse(wizard.finishEnabled());
    }

    @Test
    void aReachableAgentShowsItsFingerprintAndFinishWaitsUntilItIsConfirmed() throws IOException {
        NodeIdentity agentIdentity = NodeIdentity.loadOrCreate(directory.resolve("agent"), "agent");
        PinnedPeers agentPins = PinnedPeers.open(directory.resolve("agent").resolve("pinned-peers"));
        String consoleFingerprint = ConsoleNode.get().join().fingerprint();
        try (NodeServer agent = NodeServer.start(new InetSocketAddress("127.0.0.1", 0), new NodeStatus("agent",
                NodeStatus.SOFTWARE_VERSION, NodeStatus.PROTOCOL_VERSION, Instant.now()),
                TransportSecurity.mutualTls(agentIdentity, agentPins))) {
            wizard = NewPairWizardPage.openFromFileMenu(driver, window);
            wizard.typeName("agent-pair").newPrimary(directory.resolve("p.img"), 4).next();
            wizard.remoteSecondary("127.0.0.1", agent.port());

            assertEquals(agentIdentity.fingerprint().toString(), wizard.waitForFingerprint());
            wizard.waitForMessage("The agent at 127.0.0.1:" + agent.port() + " answers. Compare its certificate with"
                    + " the agent's own fingerprint, then confirm it.");
            assertFalse(wizard.finishEnabled());

            wizard.confirmFingerprint();
            wizard.waitForMessage("The agent at 127.0.0.1:" + agent.port() + " does not trust this console yet: pin"
                    + " this console's fingerprint there for the pair agent-pair.");
            assertEquals(consoleFingerprint, wizard.consoleFingerprint());
            assertTrue(wizard.finishEnabled());
            wizard.cancel();
        }
    }

    @Test
    void anUnreachableRemoteAgentIsReportedAndCannotBeConfirmed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        wizard = NewPairWizardPage.openFromFileMenu(driver, window);

        wizard.typeName("remote-pair").newPrimary(directory.resolve("p.img"), 4).next();
        wizard.remoteSecondary("127.0.0.1", closedPort);

        wizard.waitForErrorMessageStartingWith("Peer 127.0.0.1:" + closedPort + " is unreachable");
        assertFalse(wizard.fingerprintConfirmable());
        assertFalse(wizard.finishEnabled());
    }
}
