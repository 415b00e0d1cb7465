package dev.mirrorline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.history.EventHistory;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;
import dev.mirrorline.transport.AdminEndpoint;

/**
 * The command line against a running node (the demo pair on it), through the node's admin
 * endpoint over 127.0.0.1: output for people and for scripts (JSON), exit codes, and the errors
 * for bad input.
 */
class CommandLineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();
    private MirrorlineNode node;
    private EventHistory history;
    private AdminEndpoint endpoint;
    private Path state;

    /** What one command printed and how it ended. */
    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void startANodeWithTheDemoPair() throws Exception {
        state = directory.resolve("node");
        node = MirrorlineNode.openWithoutStarting(state, listenerFailures::add);
        history = EventHistory.open(state.resolve("history"), volume -> node.pairOfVolume(volume).orElse(volume));
        node.events().addListener(history);
        node.startRecordedPairs();
        Pair demo = node.createDemoPairIfNone().orElseThrow();
        await(() -> demo.status().state() == PairState.CONSISTENT);
        endpoint = AdminEndpoint.start(state, new NodeCommands(node, history));
    }

    @AfterEach
    void stopTheNode() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
        if (node != null) {
            node.close();
        }
        if (history != null) {
            history.close();
        }
        assertEquals(List.of(), listenerFailures);
    }

    @Test
    void statusListAndShowTellPeopleAndScriptsWhatThePairsDo() {
        Run status = run("status");
        assertEquals(0, status.exitCode(), status.err());
        List<String> lines = status.out().lines().toList();
        assertTrue(lines.get(0).startsWith("NAME  STATE       LAG"), lines.get(0));
        assertTrue(lines.get(1).startsWith("demo  CONSISTENT  "), lines.get(1));

        Run json = run("--json", "status", "demo");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().startsWith("[{\"name\":\"demo\",\"state\":\"CONSISTENT\",\"lagSeconds\":"), json.out());

        Run list = run("list");
        assertTrue(list.out().lines().anyMatch(line -> line.startsWith("demo  asynchronous  ")
                && line.endsWith("demo-secondary.img")), list.out());

        Run show = run("show", "demo");
        assertTrue(show.out().contains("chunkSize              4096\n"), show.out());
        assertTrue(show.out().contains("state                  CONSISTENT\n"), show.out());

        assertEquals(new Run(0, node.fingerprint() + "\n", ""), run("fingerprint"));
    }

    @Test
    void anInterruptionAndARestoreFromTheCommandLineAreResyncedVerifiedAndInTheEvents() throws Exception {
        assertEquals(0, run("interrupt", "demo").exitCode());
        assertEquals(PairState.INTERRUPTED, node.pair("demo").orElseThrow().status().state());
        Thread.sleep(200); // the load writes locally
        Run restored = run("restore", "demo");
        assertEquals(new Run(0, "demo: link restored; the resync follows\n", ""), restored);
        await(() -> node.pair("demo").orElseThrow().status().state() == PairState.CONSISTENT);
        assertEquals(new Run(0, "demo: write load stopped\n", ""), run("stop-load", "demo"));

        Run verify = run("verify", "demo");
        assertEquals(0, verify.exitCode(), verify.err());
        List<String> lines = verify.out().lines().toList();
        assertEquals(lines.get(0).substring("primary   ".length()), lines.get(1).substring("secondary ".length()));
        assertEquals("equal: the secondary is an exact copy of the primary", lines.get(2));

        assertTrue(history.awaitRecorded(TIMEOUT));
        Run events = run("--json", "events", "--pair", "demo", "--type", "LinkDown", "--since", "1h");
        assertEquals(0, events.exitCode(), events.err());
        assertTrue(events.out().startsWith("[{\"id\":"), events.out());
        assertTrue(events.out().contains("\"type\":\"LinkDown\""), events.out());
        assertTrue(events.out().contains("the administrator interrupted the link"), events.out());
    }

    @Test
    void aDrillRunsFromTheCommandLineKeepsItsReportIsListedAndIsRefusedOnAnInterruptedPair() throws Exception {
        Path report = directory.resolve("reports").resolve("outage.html");
        Run drill = run("drill", "demo", "link-outage", "--param", "outage=1", "--param", "warmup=0.5", "--report",
                report.toString());
        assertEquals(0, drill.exitCode(), drill.err() + drill.out());
        List<String> lines = drill.out().lines().toList();
        assertTrue(lines.get(0).matches("drill \\S+-demo-\\p{XDigit}{4}: Link outage under load on demo"), lines.get(0));
        assertEquals(" 1. PASSED    Start the write load: Load running for 0.5 s", lines.get(1));
        assertTrue(lines.get(7).startsWith(" 7. PASSED    Verify both volumes: Equal: 64.0 MiB"), lines.get(7));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("    rpo.bytes = ")), drill.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("    Primary and secondary after the resync: equal,"
                + " SHA-256 ")), drill.out());
        assertEquals("PASSED", lines.get(lines.size() - 2));
        assertTrue(lines.get(lines.size() - 1).endsWith("(copied to " + report + ")"), lines.get(lines.size() - 1));
        assertTrue(Files.readString(report).contains("<svg"));
        assertTrue(node.pair("demo").orElseThrow().status().loadRunning(), "the demo's load runs again, as before");

        assertTrue(history.awaitRecorded(TIMEOUT));
        Run steps = run("--json", "events", "--pair", "demo", "--type", "DrillStepChanged");
        assertTrue(steps.out().contains(" (link-outage) on demo-primary.img, step 2 Cut the link: PASSED, "), steps.out());

        Run drills = run("drills", "demo");
        assertEquals(0, drills.exitCode(), drills.err());
        assertEquals(1, drills.out().lines().count(), drills.out());
        assertTrue(drills.out().contains("  demo  link-outage  PASSED  "), drills.out());

        assertEquals(0, run("interrupt", "demo").exitCode());
        Run refused = run("drill", "demo", "test-failover");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.out().contains("FAILED  Pair consistent: The pair demo is INTERRUPTED since "),
                refused.out());
        assertTrue(refused.err().startsWith("mirrorline drill: the pre-flight checks refused the drill: "),
                refused.err());
        assertEquals(0, run("restore", "demo").exitCode());

        Run unknown = run("drill", "demo", "fire");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("mirrorline drill: No drill scenario 'fire'; the scenarios are"
                + " link-outage, test-failover, planned-switchover, unplanned-failover\n"), unknown.err());
        assertEquals(4, run("drill", "nowhere", "link-outage").exitCode());
        assertEquals(2, run("drill", "demo", "link-outage", "--param", "outage").exitCode());
        await(() -> node.pair("demo").orElseThrow().status().state() == PairState.CONSISTENT);
    }

    @Test
    void aPlannedSwitchoverDrillFromTheCommandLineReversesTheDemoPairAndSwitchesItBack() throws Exception {
        await(() -> node.pair("demo").orElseThrow().status().state() == PairState.CONSISTENT);
        Run drill = run("drill", "demo", "planned-switchover", "--param", "warmup=0.5");
        assertEquals(0, drill.exitCode(), drill.err() + drill.out());
        List<String> lines = drill.out().lines().toList();
        assertTrue(lines.get(0).matches("drill \\S+-demo-\\p{XDigit}{4}: Planned switchover on demo"), lines.get(0));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("    rto.seconds = ")), drill.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(" 5. PASSED    Switch back to the original roles:"
                + " demo-primary.img is the primary again")), drill.out());
        assertEquals("PASSED", lines.get(lines.size() - 2));
        assertEquals("demo-primary.img", node.pair("demo").orElseThrow().primaryVolumeName());
    }

    @Test
    void aPairIsCreatedListedAndDeletedWithItsVolumesOnlyWhenAsked() throws Exception {
        Path primary = directory.resolve("p2-primary.img");
        Path secondary = directory.resolve("p2-secondary.img");

        Run created = run("create", "p2", "--primary", primary.toString(), "--size", "8M", "--secondary",
                secondary.toString(), "--create", "--mode", "sync", "--link-timeout", "5", "--resync-rate", "20M");
        assertEquals(0, created.exitCode(), created.err());
        assertEquals(20L << 20, node.pair("p2").orElseThrow().spec().resyncBytesPerSecond());
        assertTrue(run("show", "p2").out().contains("resyncBytesPerSecond   20971520\n"), run("show", "p2").out());
        assertEquals(new Run(0, "p2: resync limited to 512.0 KiB/s\n", ""), run("resync-rate", "p2", "512K"));
        assertEquals(512L << 10, node.pair("p2").orElseThrow().spec().resyncBytesPerSecond());
        assertEquals(new Run(0, "p2: no resync rate limit\n", ""), run("resync-rate", "p2", "0"));
        assertEquals(new Run(1, "", "mirrorline resync-rate: The resync rate limit must be at least 64 KiB/s, or 0"
                + " for no limit\n"), run("resync-rate", "p2", "1K"));
        assertEquals(0, node.pair("p2").orElseThrow().spec().resyncBytesPerSecond(), "a refused limit changes nothing");
        assertTrue(created.out().startsWith("created p2: " + primary + " -> "), created.out());
        await(() -> node.pair("p2").map(pair -> pair.status().state() == PairState.CONSISTENT).orElse(false));
        assertTrue(run("list").out().contains("p2    synchronous"), run("list").out());

        Run again = run("create", "p2", "--primary", primary.toString(), "--secondary", secondary.toString());
        assertEquals(new Run(1, "", "mirrorline create: A pair named p2 exists already\n"), again);

        assertEquals(new Run(0, "deleted p2; its volume images are kept\n", ""), run("delete", "p2"));
        assertTrue(Files.exists(primary) && Files.exists(secondary));
        assertEquals(4, run("show", "p2").exitCode());
    }

    @Test
    void badInputIsExplainedWithItsExitCode() throws Exception {
        assertEquals(new Run(4, "", "mirrorline show: no pair named nosuch (this node has [demo])\n"),
                run("show", "nosuch"));
        Run missing = run("create", "p3", "--size", "8M");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("mirrorline create: --primary IMAGE is required\nUsage: mirrorline create"),
                missing.err());
        assertEquals(new Run(2, "", "mirrorline: unknown command 'stauts'\nRun mirrorline --help for the commands.\n"),
                run("stauts"));
        Run bothSecondaries = run("create", "p3", "--primary", "/x", "--secondary", "/y", "--remote", "h:1");
        assertTrue(bothSecondaries.err().startsWith("mirrorline create: give either --secondary IMAGE or --remote"
                + " HOST:PORT\n"), bothSecondaries.err());
        Run badSince = run("events", "--since", "yesterday");
        assertEquals(2, badSince.exitCode());
        assertTrue(badSince.err().startsWith("mirrorline events: --since takes an instant"), badSince.err());
        Run help = run("verify", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("Usage: mirrorline verify PAIR\n"), help.out());
        assertTrue(run("--help").out().contains("Exit codes: 0 done, 1 failed"));

        Path nowhere = directory.resolve("no-node-here");
        Run noNode = runIn(nowhere, "status");
        assertEquals(3, noNode.exitCode());
        assertEquals("mirrorline: No Mirrorline node runs in " + nowhere + " (no admin-endpoint there): start"
                + " mirrorline-agent --state-dir " + nowhere + ", or the console\n", noNode.err());

        Path endpointFile = state.resolve(AdminEndpoint.FILE_NAME);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(endpointFile)), "only the node's owner may read the secret");
        Files.writeString(endpointFile, Files.readString(endpointFile).replaceAll("secret=.*", "secret=guess"));
        Run guessed = run("status");
        assertEquals(1, guessed.exitCode());
        assertTrue(guessed.err().contains("PERMISSION_DENIED (Wrong secret"), guessed.err());
    }

    @Test
    void theSecondariesANodeHostsAreAdministeredFromTheCommandLine() throws Exception {
        Path image = directory.resolve("hosted.img");
        Run hosted = run("host", "far", "--image", image.toString(), "--size", "8M");
        assertEquals(new Run(0, "hosting the secondary of far on " + image + "\n", ""), hosted);

        Run token = run("pairing-token", "far", "--minutes", "5");
        assertEquals(0, token.exitCode(), token.err());
        assertTrue(token.out().matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){5}\\.[0-9A-F]{16}\n"), token.out());

        Run listed = run("--json", "secondaries");
        assertTrue(listed.out().contains("\"pair\":\"far\",\"image\":\"" + image + "\",\"sizeBytes\":8388608"),
                listed.out());
        assertEquals(4, run("pairing-token", "near").exitCode());
        assertEquals(0, run("unhost", "far").exitCode());
        assertFalse(run("secondaries").out().contains("far"));
    }

    @Test
    void theNbdExportsAreListedAndTheirServerMovedStartedAndStoppedFromTheCommandLine() {
        Run stopped = run("exports");
        assertEquals(0, stopped.exitCode(), stopped.err());
        List<String> lines = stopped.out().lines().toList();
        assertEquals("NBD server stopped (listens on 127.0.0.1:10809 once started)", lines.get(0));
        assertTrue(lines.get(1).startsWith("demo/primary             primary   writable   nbd://127.0.0.1:10809/demo/primary"
                + "  0 clients"), lines.get(1));
        assertTrue(lines.get(2).startsWith("demo/secondary           secondary read-only  "), lines.get(2));

        assertEquals(new Run(0, "NBD server stopped (listens on 127.0.0.1:0 once started)\n", ""),
                run("export-server", "address", "127.0.0.1:0"));
        Run started = run("export-server", "start");
        assertEquals(0, started.exitCode(), started.err());
        int port = node.nbdExports().listeningAddress().orElseThrow().getPort();
        assertEquals("NBD server running on 127.0.0.1:" + port + "\n", started.out());
        Run json = run("--json", "exports");
        assertTrue(json.out().startsWith("{\"running\":true,\"address\":\"127.0.0.1:" + port + "\",\"problem\":null,"
                + "\"exports\":[{\"name\":\"demo/primary\",\"pair\":\"demo\",\"role\":\"primary\",\"sizeBytes\":67108864,"
                + "\"writable\":true,\"served\":true,\"url\":\"nbd://127.0.0.1:" + port + "/demo/primary\",\"clients\":[]}"),
                json.out());

        assertEquals(new Run(0, "demo/secondary: stopped, not served\n", ""), run("export-server", "stop-export",
                "demo/secondary"));
        assertTrue(run("exports").out().lines().anyMatch(line -> line.startsWith("demo/secondary ")
                && line.endsWith("0 clients  (stopped: not served)")), run("exports").out());
        assertEquals(new Run(0, "demo/secondary: served\n", ""), run("export-server", "start-export", "demo/secondary"));
        Run unknown = run("export-server", "stop-export", "demo/nothing");
        assertEquals(4, unknown.exitCode());
        assertEquals("mirrorline export-server: There is no export named demo/nothing (the exports: demo/primary,"
                + " demo/secondary)\n", unknown.err());

        Run noPort = run("export-server", "address", "localhost");
        assertEquals(2, noPort.exitCode());
        assertTrue(noPort.err().startsWith("mirrorline export-server: The address localhost has no port: write"
                + " HOST:PORT, for example 127.0.0.1:10809\n"), noPort.err());
        assertEquals(2, run("export-server", "restart").exitCode());
        assertEquals(new Run(0, "NBD server stopped (listens on 127.0.0.1:0 once started)\n", ""),
                run("export-server", "stop"));
    }

    private Run run(String... arguments) {
        return runIn(state, arguments);
    }

    private static Run runIn(Path stateDirectory, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--state-dir", stateDirectory.toString()));
        all.addAll(List.of(arguments));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CliMain.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), "timed out");
    }
}
