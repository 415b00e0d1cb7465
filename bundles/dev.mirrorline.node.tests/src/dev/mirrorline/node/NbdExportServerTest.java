package dev.mirrorline.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's NBD exports with real clients from Debian's libnbd-bin (nbdinfo, nbdcopy): the
 * demo pair's volumes are listed, a write through the primary's export reaches the secondary, the
 * secondary's export refuses writes, a stopped server closes its port, a restarted node runs the
 * server again only if it ran before, and an address it cannot listen on is refused in words
 * while the node goes on.
 */
class NbdExportServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final InetSocketAddress ANY_FREE_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path directory;

    private final List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();

    @Test
    void theDemoPairsVolumesAreExportedAndListedByNbdinfo() throws Exception {
        try (MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            assertFalse(exports.isConfigured(), "a new node decides nothing about its NBD server");
            assertFalse(exports.isRunning(), "a new node's NBD server waits to be started");
            assertEquals(NbdExportServer.DEFAULT_ADDRESS, exports.configuredAddress());
            exports.setAddress(ANY_FREE_PORT);
            exports.start();
            node.createDemoPairIfNone().orElseThrow();
            int port = exports.listeningAddress().orElseThrow().getPort();
            assertNotEquals(0, port);

            List<NbdExportStatus> listed = exports.exports();
            assertEquals(List.of(
                    new NbdExportStatus("demo/primary", "demo", NbdExportStatus.Role.PRIMARY, 64L << 20, true, true,
                            "nbd://127.0.0.1:" + port + "/demo/primary", List.of()),
                    new NbdExportStatus("demo/secondary", "demo", NbdExportStatus.Role.SECONDARY, 64L << 20, false, true,
                            "nbd://127.0.0.1:" + port + "/demo/secondary", List.of())), listed);

            String list = run("nbdinfo", "--list", "--json", "nbd://127.0.0.1:" + port);
            assertTrue(list.contains("\"export-name\": \"demo/primary\""), list);
            assertTrue(list.contains("\"export-name\": \"demo/secondary\""), list);
            String size = run("nbdinfo", "--size", "nbd://127.0.0.1:" + port + "/demo/secondary");
            assertEquals(Long.toString(64L << 20), size.strip());
        }
    }

    @Test
    void aWriteThroughThePrimarysExportReachesTheSecondaryWhoseExportRefusesWrites() throws Exception {
        try (MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            exports.setAddress(ANY_FREE_PORT);
            exports.start();
            Pair demo = node.createDemoPairIfNone().orElseThrow();
            demo.stopLoad();
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());
            String base = "nbd://127.0.0.1:" + exports.listeningAddress().orElseThrow().getPort() + "/demo/";

            byte[] written = new byte[4 << 20];
            new Random(6).nextBytes(written);
            Path source = directory.resolve("written.img");
            Files.write(source, written);
            run("nbdcopy", source.toString(), base + "primary");
            await(() -> demo.status().unacknowledgedUpdates() == 0, () -> "all acknowledged, not " + demo.status());

            Path secondaryCopy = directory.resolve("secondary-copy.img");
            run("nbdcopy", base + "secondary", secondaryCopy.toString());
            byte[] secondary = Files.readAllBytes(secondaryCopy);
            assertEquals(64L << 20, secondary.length);
            assertArrayEquals(written, Arrays.copyOf(secondary, written.length),
                    "the secondary holds what was written through the primary's export");

            byte[] other = new byte[written.length];
            new Random(7).nextBytes(other);
            Path otherSource = directory.resolve("other.img");
            Files.write(otherSource, other);
            Result refused = runAllowingFailure("nbdcopy", otherSource.toString(), base + "secondary");
            assertNotEquals(0, refused.exitCode(), "a write to the secondary's export fails: " + refused.output());
            Path secondaryAgain = directory.resolve("secondary-again.img");
            run("nbdcopy", base + "secondary", secondaryAgain.toString());
            assertArrayEquals(written, Arrays.copyOf(Files.readAllBytes(secondaryAgain), written.length),
                    "the secondary is unchanged");
            assertEquals(List.of(), listenerFailures);
        }
    }

    @Test
    void theExportsFollowTheRolesADemotedPrimaryRefusesWritesAndAStoppedExportStaysStopped() throws Exception {
        try (MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            exports.setAddress(ANY_FREE_PORT);
            exports.start();
            Pair demo = node.createDemoPairIfNone().orElseThrow();
            demo.stopLoad();
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());
            String base = "nbd://127.0.0.1:" + port(exports) + "/demo/";
            byte[] written = new byte[1 << 20];
            new Random(8).nextBytes(written);
            Path source = directory.resolve("written.img");
            Files.write(source, written);

            demo.demote("a switchover is under way");
            Result refused = runAllowingFailure("nbdcopy", source.toString(), base + "primary");
            assertNotEquals(0, refused.exitCode(), "a demoted primary's export refuses writes: " + refused.output());

            demo.drain(TIMEOUT, () -> false);
            demo.switchRoles();
            assertTrue(run("nbdinfo", base + "primary").contains("demo-secondary.img"), "the primary export serves"
                    + " the new primary");
            run("nbdcopy", source.toString(), base + "primary");
            await(() -> demo.status().unacknowledgedUpdates() == 0, () -> "all acknowledged, not " + demo.status());
            Path copy = directory.resolve("new-secondary.img");
            run("nbdcopy", base + "secondary", copy.toString());
            assertArrayEquals(written, Arrays.copyOf(Files.readAllBytes(copy), written.length),
                    "the old primary, the secondary now, holds what was written through the primary's export");

            exports.stopExport("demo/secondary");
            demo.demote("switching back");
            demo.drain(TIMEOUT, () -> false);
            demo.switchRoles();
            assertEquals(List.of(true, false), served(exports), "the stopped export stays stopped");
            assertEquals(List.of(), listenerFailures);
        }
    }

    @Test
    void aStoppedServerClosesItsPortAndKeepsItsExports() throws Exception {
        try (MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            exports.setAddress(ANY_FREE_PORT);
            exports.start();
            node.createDemoPairIfNone().orElseThrow();
            int port = exports.listeningAddress().orElseThrow().getPort();
            new Socket(InetAddress.getLoopbackAddress(), port).close();

            exports.stop();
            assertFalse(exports.isRunning());
            assertEquals(java.util.Optional.empty(), exports.listeningAddress());
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
            assertEquals(List.of("demo/primary", "demo/secondary"), names(exports));

            exports.start();
            int newPort = exports.listeningAddress().orElseThrow().getPort();
            assertTrue(run("nbdinfo", "--list", "--json", "nbd://127.0.0.1:" + newPort).contains("demo/primary"));
        }
    }

    @Test
    void aStoppedExportIsListedButNotServedAcrossARestartUntilItIsStartedAgain() throws Exception {
        try (MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            exports.setAddress(ANY_FREE_PORT);
            exports.start();
            node.createDemoPairIfNone().orElseThrow();
            exports.stopExport("demo/secondary");
            assertEquals(List.of(true, false), served(exports));
            String list = run("nbdinfo", "--list", "--json", "nbd://127.0.0.1:" + port(exports));
            assertTrue(list.contains("\"export-name\": \"demo/primary\""), list);
            assertFalse(list.contains("demo/secondary"), list);
            assertNotEquals(0, runAllowingFailure("nbdinfo", "nbd://127.0.0.1:" + port(exports) + "/demo/secondary")
                    .exitCode(), "a client asking for it is refused");
            assertEquals("There is no export named demo/tertiary (the exports: demo/primary, demo/secondary)",
                    assertThrows(IllegalArgumentException.class, () -> exports.stopExport("demo/tertiary"))
                            .getMessage());
        }
        try (MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            assertEquals(List.of(true, false), served(exports), "still stopped after a restart");
            assertFalse(run("nbdinfo", "--list", "--json", "nbd://127.0.0.1:" + port(exports)).contains("demo/secondary"));
            exports.startExport("demo/secondary");
            assertEquals(List.of(true, true), served(exports));
            assertEquals(Long.toString(64L << 20), run("nbdinfo", "--size", "nbd://127.0.0.1:" + port(exports)
                    + "/demo/secondary").strip());
            exports.stopExport("demo/primary");
            node.deletePair(MirrorlineNode.DEMO_PAIR, false);
            assertEquals(List.of(), names(exports));
            assertFalse(Files.readString(directory.resolve("state/node/nbd-server.properties")).contains("demo/"),
                    "a deleted pair's stopped export is forgotten");
        }
    }

    private static List<Boolean> served(NbdExportServer exports) {
        return exports.exports().stream().map(NbdExportStatus::served).toList();
    }

    private static int port(NbdExportServer exports) {
        return exports.listeningAddress().orElseThrow().getPort();
    }

    @Test
    void aDeletedPairsExportsDisappear() throws Exception {
        try (MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            exports.setAddress(ANY_FREE_PORT);
            exports.start();
            node.createDemoPairIfNone().orElseThrow();
            assertEquals(List.of("demo/primary", "demo/secondary"), names(exports));
            node.deletePair(MirrorlineNode.DEMO_PAIR, true);
            assertEquals(List.of(), names(exports));
            int port = exports.listeningAddress().orElseThrow().getPort();
            assertFalse(run("nbdinfo", "--list", "--json", "nbd://127.0.0.1:" + port).contains("demo/"));
        }
    }

    @Test
    void aRestartedNodeRunsItsServerAgainOnlyIfItWasRunning() throws Exception {
        try (MirrorlineNode node = open()) {
            node.nbdExports().setAddress(ANY_FREE_PORT);
            node.nbdExports().start();
            node.createDemoPairIfNone().orElseThrow();
        }
        try (MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            assertTrue(exports.isConfigured());
            assertTrue(exports.isRunning(), "it was running when the node closed");
            assertEquals(ANY_FREE_PORT, exports.configuredAddress());
            int port = exports.listeningAddress().orElseThrow().getPort();
            String list = run("nbdinfo", "--list", "--json", "nbd://127.0.0.1:" + port);
            assertTrue(list.contains("\"export-name\": \"demo/primary\""), list);
            exports.stop();
        }
        try (MirrorlineNode node = open()) {
            assertFalse(node.nbdExports().isRunning(), "it was stopped when the node closed");
            assertEquals(List.of("demo/primary", "demo/secondary"), names(node.nbdExports()));
        }
    }

    @Test
    void aTakenPortIsRefusedInWordsAndTheNodeGoesOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            InetSocketAddress takenAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            exports.setAddress(takenAddress);
            IOException refused = assertThrows(IOException.class, exports::start);
            assertTrue(refused.getMessage().startsWith("Cannot listen for NBD clients on 127.0.0.1:" + taken.getLocalPort()
                    + ": "), refused.getMessage());
            assertTrue(refused.getMessage().contains("Choose another address for the NBD server"), refused.getMessage());
            assertFalse(exports.isRunning());

            Pair demo = node.createDemoPairIfNone().orElseThrow();
            await(() -> demo.status().state() == PairState.CONSISTENT, () -> "CONSISTENT, not " + demo.status());

            // a running server asked to move there stays where it was
            exports.setAddress(ANY_FREE_PORT);
            exports.start();
            assertThrows(IOException.class, () -> exports.setAddress(takenAddress));
            assertTrue(exports.isRunning(), "it listens again where it was");
            assertEquals(ANY_FREE_PORT, exports.configuredAddress());
            int port = exports.listeningAddress().orElseThrow().getPort();
            assertTrue(run("nbdinfo", "--list", "--json", "nbd://127.0.0.1:" + port).contains("demo/primary"));
        }
    }

    @Test
    void aServerThatCannotListenWhenTheNodeStartsSaysWhyAndTheNodeRuns() throws Exception {
        int port;
        try (MirrorlineNode node = open()) {
            node.nbdExports().setAddress(ANY_FREE_PORT);
            node.nbdExports().start();
            node.createDemoPairIfNone().orElseThrow();
            port = node.nbdExports().listeningAddress().orElseThrow().getPort();
            node.nbdExports().setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                MirrorlineNode node = open()) {
            assertFalse(node.nbdExports().isRunning());
            String problem = node.nbdExports().problem().orElseThrow();
            assertTrue(problem.startsWith("Cannot listen for NBD clients on 127.0.0.1:" + port + ": "), problem);
            assertEquals(1, node.pairs().size(), "the pairs run without it");
            assertEquals(List.of("demo/primary", "demo/secondary"), names(node.nbdExports()));
        }
    }

    @Test
    void anAddressThatIsNotThisMachinesOrNotAnAddressIsRefusedInWords() throws Exception {
        try (MirrorlineNode node = open()) {
            NbdExportServer exports = node.nbdExports();
            // TEST-NET-3 (RFC 5737): never an address of this machine
            exports.setAddress(NbdExportServer.parseAddress("203.0.113.7:10809"));
            IOException refused = assertThrows(IOException.class, exports::start);
            assertTrue(refused.getMessage().startsWith("Cannot listen for NBD clients on 203.0.113.7:10809: "),
                    refused.getMessage());
            assertFalse(exports.isRunning());
        }
        assertEquals("The address localhost has no port: write HOST:PORT, for example 127.0.0.1:10809",
                assertThrows(IllegalArgumentException.class, () -> NbdExportServer.parseAddress("localhost"))
                        .getMessage());
        assertEquals("The port 99999 is not a number from 0 to 65535 (10809 is NBD's; 0 picks a free port)",
                assertThrows(IllegalArgumentException.class, () -> NbdExportServer.parseAddress("127.0.0.1:99999"))
                        .getMessage());
        assertEquals("Enter the address to listen on as HOST:PORT, for example 127.0.0.1:10809",
                assertThrows(IllegalArgumentException.class, () -> NbdExportServer.parseAddress(" ")).getMessage());
        assertEquals("The address :10809 has no host: write HOST:PORT, for example 127.0.0.1:10809 (0.0.0.0 listens"
                + " on every interface)",
                assertThrows(IllegalArgumentException.class, () -> NbdExportServer.parseAddress(":10809")).getMessage());
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 10809),
                NbdExportServer.parseAddress("[::1]:10809"));
        assertEquals("[0:0:0:0:0:0:0:1]:10809", NbdExportServer.format(NbdExportServer.parseAddress("[::1]:10809")));
        assertEquals("0.0.0.0:10809", NbdExportServer.format(NbdExportServer.parseAddress(" 0.0.0.0:10809 ")));
    }

    private MirrorlineNode open() throws IOException {
        return MirrorlineNode.open(directory.resolve("state"), listenerFailures::add);
    }

    private static List<String> names(NbdExportServer exports) {
        return exports.exports().stream().map(NbdExportStatus::name).toList();
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + TIMEOUT + " for " + what.get());
            }
            Thread.sleep(20);
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a real client to its end and fails the test unless it exits with 0. */
    private static String run(String... command) throws IOException, InterruptedException {
        Result result = runAllowingFailure(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.output();
    }

    private static Result runAllowingFailure(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " cannot run (install Debian's libnbd-bin; scripts/run-tests does): "
                    + e.getMessage(), e);
        }
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = ("(output lost: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT);
        }
        reader.join();
        return new Result(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
    }
}
