package dev.mirrorline.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;


import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.testsupport.ChildJvm;
import dev.mirrorline.transport.NodeServer;

/**
 * A process of its own, as on a server: a JVM without OSGi whose classpath is this test runtime's
 * bundles, running the agent ({@link AgentMain}) or another main class. Its output goes to a file,
 * read line by line; its standard input takes commands.
 */
final class JvmProcess implements AutoCloseable {

    private static final long START_SECONDS = 60;

    private final Process process;
    private final Path output;

    private JvmProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts the agent and waits until it listens.
     *
     * @param prefix a command to run the JVM under (e.g. {@code ip netns exec NAME}), or empty
     * @param arguments the agent's command line
     * @return the running agent
     */
    static JvmProcess agent(List<String> prefix, String... arguments) throws Exception {
        JvmProcess agent = start(prefix, AgentMain.class, arguments);
        agent.awaitLine(line -> line.contains(" listening on "), START_SECONDS);
        return agent;
    }

    /**
     * Starts a JVM running a main class.
     *
     * @param prefix a command to run the JVM under (e.g. {@code ip netns exec NAME}), or empty
     * @param main the main class
     * @param arguments its arguments
     * @return the running process
     */
    static JvmProcess start(List<String> prefix, Class<?> main, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(ChildJvm.javaCommand());
        command.add("-cp");
        command.add(ChildJvm.classpath(PrimaryProcess.class, AgentMain.class, MirrorlineNode.class,
                NodeServer.class, Volume.class));
        command.add(main.getName());
        command.addAll(List.of(arguments));
        // to a file, not a pipe: what a process prints just before it exits can be lost from a pipe
        Path output = Files.createTempFile("mirrorline-agent-", ".out");
        JvmProcess agent = new JvmProcess(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start(), output);
        return agent;
    }

    /** Writes a line to the process's standard input. */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the process to end by itself; @return its exit code */
    int awaitExit(long seconds) throws InterruptedException {
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "the process did not end within " + seconds + " s");
        return process.exitValue();
    }

    /**
     * Waits for a line of output.
     *
     * @return the first line that matches
     */
    String awaitLine(Predicate<String> wanted, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        return lines().stream().filter(wanted).findFirst().orElseThrow(() -> new AssertionError(
                "the agent did not print the line expected within " + seconds + " s; it printed: " + lines()));
    }

    /** @return the port from the agent's "listening on HOST:PORT" line */
    int port() throws InterruptedException {
        String line = awaitLine(text -> text.contains(" listening on "), 1);
        String address = line.substring(line.indexOf(" listening on ") + " listening on ".length()).split(" ")[0];
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** @return the token from the agent's "pairing token for PAIR ...: TOKEN" line */
    String pairingToken(String pair) throws InterruptedException {
        String line = awaitLine(text -> text.contains(" pairing token for " + pair + " "), 1);
        return line.substring(line.lastIndexOf(' ') + 1);
    }

    /** @return everything printed so far */
    List<String> lines() {
        try {
            return Files.readAllLines(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM and waits for the process to end; @return its exit code */
    int terminate() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the agent did not stop within 60 s of SIGTERM");
        return process.exitValue();
    }

    /** Kills the process outright (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the agent did not die");
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            kill();
        }
        Files.deleteIfExists(output);
    }
}
