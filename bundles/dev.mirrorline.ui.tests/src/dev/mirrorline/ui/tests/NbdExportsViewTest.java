package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.NbdExportServer;
import dev.mirrorline.node.NbdExportStatus;
import dev.mirrorline.ui.nbd.NbdExportsView;
import dev.mirrorline.ui.node.ConsoleNode;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;
import dev.mirrorline.ui.tests.pages.MessageDialogPage;
import dev.mirrorline.ui.tests.pages.NbdExportsPage;
import dev.mirrorline.ui.tests.pages.NbdServerPreferencesPage;

/**
 * The NBD Exports view shows the demo pair's volumes as exports with their addresses, starts and
 * stops the node's NBD server from its toolbar, lists a real client under its export while it is
 * connected, copies an address, and opens from the Pairs view's context menu.
 *
 * <p>Each test moves the console's NBD server to a free port on 127.0.0.1 first (port 10809 may
 * be another console's on this machine) and puts back the address and the state it found.
 */
@ExtendWith(ScreenshotOnFailure.class)
class NbdExportsViewTest {

    private static final long SIXTY_FOUR_MIB = 64L << 20;

    private UiDriver driver;
    private ConsoleWindowPage window;
    private NbdServerPreferencesPage preferences;
    private final List<IStatus> logged = new CopyOnWriteArrayList<>();
    private final ILogListener logListener = (status, plugin) -> logged.add(status);
    private boolean automatedErrorDialogs;
    private NbdExportServer server;
    private InetSocketAddress addressBefore;
    private boolean runningBefore;

    @BeforeEach
    void serveTheDemoPairOnAFreePort() throws Exception {
        Display display = PlatformUI.getWorkbench().getDisplay();
        driver = new UiDriver(display, Duration.ofSeconds(20));
        window = ConsoleWindowPage.find(driver);
        MirrorlineNode node = ConsoleNode.get().get(60, TimeUnit.SECONDS);
        driver.waitUntil("the demo pair runs", () -> node.pair(MirrorlineNode.DEMO_PAIR).isPresent());
        server = node.nbdExports();
        addressBefore = server.configuredAddress();
        runningBefore = server.isRunning();
        server.setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.start();
        Platform.addLogListener(logListener);
        automatedErrorDialogs = ErrorDialog.AUTOMATED_MODE;
        ErrorDialog.AUTOMATED_MODE = false; // the test harness turns error dialogs off; a test here looks at one
    }

    @AfterEach
    void putBackTheServer() throws IOException {
        Platform.removeLogListener(logListener);
        ErrorDialog.AUTOMATED_MODE = automatedErrorDialogs;
        if (preferences != null) {
            preferences.cancelIfOpen();
        }
        window.closeView(NbdExportsView.ID);
        for (NbdExportStatus export : server.exports()) {
            if (!export.served()) {
                server.startExport(export.name());
            }
        }
        server.stop();
        server.setAddress(addressBefore);
        if (runningBefore) {
            server.start();
        }
    }

    @Test
    void theDemoPairsVolumesAreListedWithTheirAddresses() {
        NbdExportsPage exports = window.showNbdExports();
        assertEquals(List.of("Export", "Pair", "Volume", "Size", "Access", "Address", "Clients", "Since"),
                exports.columnHeaders());
        int port = port();
        exports.waitForExport(List.of("demo/primary", "demo", "primary", "64.0 MiB", "writable",
                "nbd://127.0.0.1:" + port + "/demo/primary", "none", ""));
        exports.waitForExport(List.of("demo/secondary", "demo", "secondary", "64.0 MiB", "read-only",
                "nbd://127.0.0.1:" + port + "/demo/secondary", "none", ""));
        exports.waitForServerStatus("NBD server running on 127.0.0.1:" + port + ": ");
        assertEquals(SIXTY_FOUR_MIB, server.exportsOf(MirrorlineNode.DEMO_PAIR).get(0).sizeBytes());

        exports.selectExport("demo/secondary");
        exports.selectContextMenu("Copy Address");
        assertEquals("nbd://127.0.0.1:" + port + "/demo/secondary", exports.clipboardText());
    }

    @Test
    void theToolbarStopsAndStartsTheServer() throws Exception {
        NbdExportsPage exports = window.showNbdExports();
        int port = port();
        exports.waitForServerStatus("NBD server running on 127.0.0.1:" + port);
        exports.waitForToolbarEnabled(NbdExportsPage.START_SERVER, false);

        exports.clickToolbar(NbdExportsPage.STOP_SERVER);
        exports.waitForServerStatus("NBD server stopped (it listens on 127.0.0.1:0 once started)");
        exports.waitForToolbarEnabled(NbdExportsPage.STOP_SERVER, false);
        exports.waitForToolbarEnabled(NbdExportsPage.START_SERVER, true);
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "the port is closed");

        exports.clickToolbar(NbdExportsPage.START_SERVER);
        exports.waitForServerStatus("NBD server running on 127.0.0.1:");
        exports.waitForToolbarEnabled(NbdExportsPage.STOP_SERVER, true);
        exports.waitForToolbarEnabled(NbdExportsPage.START_SERVER, false);
        int newPort = port();
        exports.waitForExport(List.of("demo/primary", "demo", "primary", "64.0 MiB", "writable",
                "nbd://127.0.0.1:" + newPort + "/demo/primary", "none", ""));
        try (NbdTestClient client = NbdTestClient.connect(newPort, "demo/primary")) {
            assertEquals(SIXTY_FOUR_MIB, client.exportSize(), "a client is served again");
        }
    }

    @Test
    void aConnectedClientIsListedUnderItsExportUntilItDisconnects() throws Exception {
        NbdExportsPage exports = window.showNbdExports();
        int port = port();
        exports.waitForServerStatus("NBD server running on 127.0.0.1:" + port + ": 2 exports, none connected");
        String remote;
        try (NbdTestClient client = NbdTestClient.connect(port, "demo/secondary")) {
            client.read(0, 4096);
            remote = "127.0.0.1:" + client.localPort();
            List<String> row = exports.waitForClient("demo/secondary", remote,
                    "1 request, 4.0 KiB read, 0 B written");
            assertEquals(List.of(remote, "", "", "", "read-only", ""), row.subList(0, 6));
            assertTrue(row.get(7).matches("\\d\\d:\\d\\d:\\d\\d"), "the time it connected: " + row);
            exports.waitForExport(List.of("demo/secondary", "demo", "secondary", "64.0 MiB", "read-only",
                    "nbd://127.0.0.1:" + port + "/demo/secondary", "1 client", ""));
            exports.waitForServerStatus("NBD server running on 127.0.0.1:" + port + ": 2 exports, 1 client connected");
            assertEquals(List.of(), exports.clientRows("demo/primary"));
        }
        exports.waitForNoClients("demo/secondary");
        exports.waitForExport(List.of("demo/secondary", "demo", "secondary", "64.0 MiB", "read-only",
                "nbd://127.0.0.1:" + port + "/demo/secondary", "none", ""));
        exports.waitForServerStatus("NBD server running on 127.0.0.1:" + port + ": 2 exports, none connected");
    }

    @Test
    void anExportStoppedFromTheContextMenuIsListedButNotServedUntilItIsStartedAgain() throws Exception {
        NbdExportsPage exports = window.showNbdExports();
        int port = port();
        exports.waitForExport(List.of("demo/secondary", "demo", "secondary", "64.0 MiB", "read-only",
                "nbd://127.0.0.1:" + port + "/demo/secondary", "none", ""));
        exports.selectExport("demo/secondary");
        exports.selectContextMenu("Stop Export");
        exports.waitForExport(List.of("demo/secondary", "demo", "secondary", "64.0 MiB", "read-only",
                "nbd://127.0.0.1:" + port + "/demo/secondary", "stopped: not served", ""));
        assertThrows(IOException.class, () -> NbdTestClient.connect(port, "demo/secondary").close(),
                "a client asking for it is refused");
        try (NbdTestClient other = NbdTestClient.connect(port, "demo/primary")) {
            assertEquals(SIXTY_FOUR_MIB, other.exportSize(), "the other export is served");
        }

        exports.selectExport("demo/secondary");
        exports.selectContextMenu("Start Export");
        exports.waitForExport(List.of("demo/secondary", "demo", "secondary", "64.0 MiB", "read-only",
                "nbd://127.0.0.1:" + port + "/demo/secondary", "none", ""));
        try (NbdTestClient client = NbdTestClient.connect(port, "demo/secondary")) {
            assertEquals(SIXTY_FOUR_MIB, client.exportSize(), "it is served again");
        }
    }

    @Test
    void thePairsViewsContextMenuShowsThePairsExports() {
        window.closeView(NbdExportsView.ID);
        window.selectPair(MirrorlineNode.DEMO_PAIR);
        window.selectPairsContextMenu("Show NBD Exports");
        NbdExportsPage exports = window.nbdExports();
        exports.waitForExport(List.of("demo/primary", "demo", "primary", "64.0 MiB", "writable",
                "nbd://127.0.0.1:" + port() + "/demo/primary", "none", ""));
        assertEquals("demo/primary", exports.selectedExport());
    }

    @Test
    void theListenAddressIsCheckedAsTypedAndAnAddressTheServerCannotTakeIsReportedAndLogged() throws Exception {
        preferences = NbdServerPreferencesPage.open(driver, window);
        assertEquals("127.0.0.1:0", preferences.address());
        assertEquals("Now: NBD server running on 127.0.0.1:" + port() + ": 2 exports, none connected",
                preferences.now());
        preferences.typeAddress("localhost");
        preferences.waitForErrorMessage("The address localhost has no port: write HOST:PORT, for example"
                + " 127.0.0.1:10809");
        assertEquals(false, preferences.applyAndCloseEnabled());

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String takenAddress = "127.0.0.1:" + taken.getLocalPort();
            preferences.typeAddress(takenAddress);
            preferences.waitForErrorMessage(null);
            preferences.applyAndClose();

            String job = "Moving the NBD server to " + takenAddress;
            MessageDialogPage error = MessageDialogPage.find(driver.withTimeout(Duration.ofSeconds(60)), job + " failed");
            String message = error.message();
            error.close("OK");
            assertTrue(message.startsWith(job + " failed. The server keeps its previous address."), message);
            assertTrue(message.contains("Cannot listen for NBD clients on " + takenAddress + ": "), "the reason: " + message);
            driver.waitUntil("the failure is in the Error Log", () -> logged.stream()
                    .anyMatch(status -> status.getMessage().startsWith(job)));
            List<IStatus> entries = logged.stream().filter(status -> status.getMessage().startsWith(job)).toList();
            assertEquals(1, entries.size(), "logged once: " + entries);
            assertEquals(IStatus.ERROR, entries.get(0).getSeverity());
            assertTrue(entries.get(0).getMessage().startsWith(job + " failed: Cannot listen for NBD clients on "
                    + takenAddress), entries.get(0).getMessage());
            assertTrue(entries.get(0).getException() instanceof IOException, "with its cause: " + entries);
        }
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), server.configuredAddress());
        assertTrue(server.isRunning(), "it listens where it was");

        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        preferences = NbdServerPreferencesPage.open(driver, window);
        preferences.typeAddress("127.0.0.1:" + free);
        preferences.applyAndClose();
        driver.waitUntil("the server listens on port " + free, () -> server.listeningAddress()
                .map(address -> address.getPort() == free).orElse(false));
        NbdExportsPage exports = window.showNbdExports();
        exports.waitForServerStatus("NBD server running on 127.0.0.1:" + free + ": ");
    }

    private int port() {
        return server.listeningAddress().orElseThrow(() -> new AssertionError("the NBD server is not running: "
                + server.problem().orElse("stopped"))).getPort();
    }
}
