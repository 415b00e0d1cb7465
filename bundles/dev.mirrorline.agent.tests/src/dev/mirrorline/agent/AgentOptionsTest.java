package dev.mirrorline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void everyOptionIsRead() throws Exception {
        AgentOptions options = AgentOptions.parse("--state-dir", "/var/lib/mirrorline", "--listen", "10.0.0.2:7500",
                "--secondary", "db=/dev/sdb", "--secondary", "logs=/srv/logs.img,size=10G,chunk=64K",
                "--pairing-token", "db", "--token-validity", "15", "--trust",
                "logs=AB:CD", "--log", "/var/log/agent.log");

        assertEquals(Path.of("/var/lib/mirrorline"), options.stateDirectory());
        assertEquals("10.0.0.2", options.listen().getHostString());
        assertEquals(7500, options.listen().getPort());
        assertEquals(List.of(new AgentOptions.SecondaryOption("db", Path.of("/dev/sdb"), 0, 4096),
                new AgentOptions.SecondaryOption("logs", Path.of("/srv/logs.img"), 10L << 30, 64 << 10)),
                options.secondaries());
        assertEquals(List.of("db"), options.pairingTokens());
        assertEquals(Duration.ofMinutes(15), options.tokenValidity());
        assertEquals(Map.of("logs", "AB:CD"), options.trustedPrimaries());
        assertEquals(Path.of("/var/log/agent.log"), options.logFile());
    }

    @Test
    void defaultsListenOnEveryAddressAndLogInTheStateDirectory() throws Exception {
        AgentOptions options = AgentOptions.parse("--state-dir", "state");

        assertEquals(AgentOptions.DEFAULT_PORT, options.listen().getPort());
        assertTrue(options.listen().getAddress().isAnyLocalAddress());
        assertEquals(Path.of("state/agent.log"), options.logFile());
        assertEquals(Duration.ofMinutes(60), options.tokenValidity());
    }

    @Test
    void aBadCommandLineSaysWhatIsWrong() {
        assertEquals("--state-dir is required: the agent keeps its identity and volumes' state there",
                usageError("--listen", "0.0.0.0:7420"));
        assertEquals("Unknown option '--port'", usageError("--port", "7420"));
        assertEquals("--listen needs a value", usageError("--state-dir", "s", "--listen"));
        assertEquals("--listen takes HOST:PORT (e.g. 0.0.0.0:7420), not '7420'", usageError("--listen", "7420"));
        assertEquals("The port in --listen must be a number from 0 to 65535, not '99999'",
                usageError("--listen", "h:99999"));
        assertEquals("--secondary takes PAIR=IMAGE, not 'db'", usageError("--secondary", "db"));
        assertEquals("'ten' is not a size: write bytes, or a number with K, M, G or T",
                usageError("--secondary", "db=/x,size=ten"));
        assertEquals("--secondary knows size= and chunk=, not 'sise='", usageError("--secondary", "db=/x,sise=1G"));
        assertEquals("--token-validity takes a positive whole number, not '0'", usageError("--token-validity", "0"));
    }

    @Test
    void theCommandLineExitsWithTwoForAMistakeAndZeroForHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertEquals(Agent.EXIT_USAGE, AgentMain.run(new String[] { "--bogus" }, print(out), print(err)));
        assertEquals("mirrorline-agent: Unknown option '--bogus'\nRun mirrorline-agent --help for the options.\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals(Agent.EXIT_OK, AgentMain.run(new String[] { "--help" }, print(out), print(err)));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: mirrorline-agent --state-dir DIR"));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String usageError(String... arguments) {
        return assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse(arguments)).getMessage();
    }
}
