package dev.mirrorline.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.testsupport.FileDigests;

/**
 * Two hosts on one machine: two network namespaces joined by a veth pair, the agent in one and
 * the primary in the other, each a process of its own. The link is cut with {@code ip link set
 * ... down} while the primary writes, and brought back; the volumes must end byte-for-byte equal.
 * The namespaces are the test's own and are deleted at the end; where they cannot be made (not
 * root, no iproute2), the test is skipped and says why.
 */
class TwoHostTest {

    private static final long SIZE = 64L << 20;
    private static final long WAIT_SECONDS = 90;
    private static final String PRIMARY_ADDRESS = "10.231.77.1";
    private static final String AGENT_ADDRESS = "10.231.77.2";

    @TempDir
    Path directory;

    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final String primaryHost = "mlp-" + suffix;
    private final String agentHost = "mla-" + suffix;
    private final String primaryEnd = "mlp" + suffix;
    private final String agentEnd = "mla" + suffix;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void makeTwoHosts() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "two network namespaces need root; this test runs as " + System.getProperty("user.name"));
        String unavailable = run("ip", "netns", "add", primaryHost);
        Assumptions.assumeTrue(unavailable == null, () -> "cannot create a network namespace: " + unavailable);
        created.add(primaryHost);
        check(run("ip", "netns", "add", agentHost));
        created.add(agentHost);
        check(run("ip", "link", "add", primaryEnd, "type", "veth", "peer", "name", agentEnd));
        check(run("ip", "link", "set", primaryEnd, "netns", primaryHost));
        check(run("ip", "link", "set", agentEnd, "netns", agentHost));
        check(run("ip", "-n", primaryHost, "addr", "add", PRIMARY_ADDRESS + "/24", "dev", primaryEnd));
        check(run("ip", "-n", agentHost, "addr", "add", AGENT_ADDRESS + "/24", "dev", agentEnd));
        for (String[] hostAndEnd : new String[][] { { primaryHost, primaryEnd }, { agentHost, agentEnd } }) {
            check(run("ip", "-n", hostAndEnd[0], "link", "set", "lo", "up"));
            check(run("ip", "-n", hostAndEnd[0], "link", "set", hostAndEnd[1], "up"));
        }
    }

    @AfterEach
    void removeTheHosts() throws Exception {
        for (String namespace : created) {
            run("ip", "netns", "del", namespace); // takes its end of the veth pair with it
        }
    }

    @Test
    void theLinkCutBetweenTwoHostsDuringWritesIsResyncedToEqualVolumes() throws Exception {
        Path secondaryImage = directory.resolve("agent-host/two.img");
        Path primaryImage = directory.resolve("primary-host/two.img");
        try (JvmProcess agent = JvmProcess.agent(List.of("ip", "netns", "exec", agentHost), "--state-dir",
                directory.resolve("agent-host/state").toString(), "--listen", AGENT_ADDRESS + ":7420",
                "--secondary", "two=" + secondaryImage + ",size=64M", "--pairing-token", "two");
                JvmProcess primary = JvmProcess.start(List.of("ip", "netns", "exec", primaryHost),
                        PrimaryProcess.class, directory.resolve("primary-host/state").toString(),
                        primaryImage.toString(), Long.toString(SIZE), AGENT_ADDRESS, "7420", agent.pairingToken("two"),
                        "two")) {
            int consistent = awaitState(primary, "STATE CONSISTENT", 0);
            Thread.sleep(1000); // replicating the load across the veth pair

            check(run("ip", "-n", primaryHost, "link", "set", primaryEnd, "down"));
            int interrupted = awaitState(primary, "STATE INTERRUPTED", consistent);
            Thread.sleep(1000); // the primary goes on writing alone
            check(run("ip", "-n", primaryHost, "link", "set", primaryEnd, "up"));
            int again = awaitState(primary, "STATE CONSISTENT", interrupted);
            primary.send("stop-load");
            awaitState(primary, "STATE CONSISTENT 0", again);
            primary.send("quit");
            assertEquals(0, primary.awaitExit(WAIT_SECONDS), () -> "the primary's output: " + primary.lines());
            agent.terminate();
            assertTrue(agent.lines().stream().anyMatch(line -> line.endsWith(" stopped cleanly")), "agent stopped");
        }
        assertArrayEquals(FileDigests.sha256(primaryImage), FileDigests.sha256(secondaryImage),
                "the agent host's volume equals the primary host's");
    }

    /** @return the index of the first line from {@code from} on that starts with the state */
    private static int awaitState(JvmProcess process, String state, int from) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            List<String> lines = process.lines();
            for (int i = from; i < lines.size(); i++) {
                if (lines.get(i).equals(state) || lines.get(i).startsWith(state + " ")) {
                    return i;
                }
            }
            Thread.sleep(50);
        }
        List<String> lines = process.lines();
        throw new AssertionError("no '" + state + "' within " + WAIT_SECONDS + " s; the last lines: "
                + lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void check(String failure) {
        assertEquals(null, failure);
    }

    /** @return null if the command succeeded, else what it printed */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish within 30 s";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? null
                : String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output;
    }
}
