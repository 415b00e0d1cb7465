package dev.mirrorline.agent;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The agent's command line: parses the arguments, runs the {@link Agent} until SIGTERM (or
 * Ctrl-C), and returns its exit code. Used by the Equinox application and, without OSGi, by tests
 * that run the agent as a process of its own.
 */
public final class AgentMain {

    private static final long STOP_SECONDS = 30;

    private AgentMain() {
    }

    /**
     * Runs the agent in this JVM and exits with its exit code.
     *
     * @param arguments the command line
     */
    public static void main(String[] arguments) {
        System.exit(run(arguments, System.out, System.err));
    }

    /**
     * Runs the agent until the JVM is asked to shut down.
     *
     * @param arguments the command line
     * @param out where the log's lines and the usage go
     * @param err where a bad command line is explained
     * @return the exit code
     */
    public static int run(String[] arguments, PrintStream out, PrintStream err) {
        return run(arguments, out, err, agent -> { });
    }

    /**
     * Runs the agent until the JVM is asked to shut down, or until it is stopped through the agent
     * handed to {@code started}.
     *
     * @param arguments the command line
     * @param out where the log's lines and the usage go
     * @param err where a bad command line is explained
     * @param started told the agent before it runs
     * @return the exit code
     */
    public static int run(String[] arguments, PrintStream out, PrintStream err, Consumer<Agent> started) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (AgentOptions.UsageException e) {
            err.println("mirrorline-agent: " + e.getMessage());
            err.println("Run mirrorline-agent --help for the options.");
            return Agent.EXIT_USAGE;
        }
        if (options.help()) {
            out.print(AgentOptions.USAGE);
            return Agent.EXIT_OK;
        }
        Agent agent = new Agent(options, out);
        Thread stopper = new Thread(() -> {
            agent.stop();
            try {
                agent.awaitStopped(STOP_SECONDS); // the JVM ends only once the volumes are closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mirrorline-agent-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        started.accept(agent);
        int exit = agent.run();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running
        }
        return exit;
    }
}
