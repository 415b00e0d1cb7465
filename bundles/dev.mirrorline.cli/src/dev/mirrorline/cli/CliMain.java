package dev.mirrorline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mirrorline.transport.AdminEndpoint;

/**
 * The {@code mirrorline} command line for scripts: reads the global options, and sends the command
 * to the node that runs in the state directory, which carries it out ({@link NodeCommands}); prints
 * what it answered and exits with its exit code. Help is printed here, without a node.
 */
public final class CliMain {

    private static final long DEFAULT_TIMEOUT_SECONDS = 60;
    /** Verify reads both volumes: it gets longer unless --timeout says otherwise. */
    private static final long VERIFY_TIMEOUT_SECONDS = 3600;
    /** A drill runs its steps (an outage, a resync, a verify, a check command): it may take long. */
    private static final long DRILL_TIMEOUT_SECONDS = 24 * 3600;

    /** Held so that its level stays set: java.util.logging keeps loggers weakly. */
    private static final Logger QUIET_GRPC = Logger.getLogger("io.grpc");

    private CliMain() {
    }

    /**
     * Runs a command and exits with its exit code.
     *
     * @param arguments the command line
     */
    public static void main(String[] arguments) {
        System.exit(run(arguments, System.out, System.err));
    }

    /**
     * Runs a command.
     *
     * @param arguments the command line
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] arguments, PrintStream out, PrintStream err) {
        QUIET_GRPC.setLevel(Level.SEVERE); // its warnings about name resolvers under OSGi are not the user's business
        Path stateDirectory = Path.of(System.getProperty("user.home"), ".mirrorline", "workspace", "state", "node");
        boolean json = false;
        Long timeoutSeconds = null;
        List<String> command = new ArrayList<>();
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (!command.isEmpty()) {
                command.add(argument);
                continue;
            }
            switch (argument) {
                case "--state-dir" -> {
                    if (i + 1 >= arguments.length) {
                        return usage(err, "--state-dir needs a directory");
                    }
                    stateDirectory = Path.of(arguments[++i]);
                }
                case "--json" -> json = true;
                case "--timeout" -> {
                    try {
                        timeoutSeconds = Long.parseLong(i + 1 < arguments.length ? arguments[++i] : "");
                    } catch (NumberFormatException e) {
                        timeoutSeconds = -1L;
                    }
                    if (timeoutSeconds <= 0) {
                        return usage(err, "--timeout takes a positive number of seconds");
                    }
                }
                case "--help", "-h", "help" -> {
                    out.print(NodeCommands.USAGE);
                    return NodeCommands.EXIT_OK;
                }
                default -> {
                    if (argument.startsWith("--")) {
                        return usage(err, "unknown option '" + argument + "'");
                    }
                    command.add(argument);
                }
            }
        }
        if (command.isEmpty()) {
            return usage(err, "no command given");
        }
        Optional<String> help = NodeCommands.helpFor(command.get(0));
        if (help.isEmpty()) {
            return usage(err, "unknown command '" + command.get(0) + "'");
        }
        if (command.contains("--help")) {
            out.print(help.get());
            return NodeCommands.EXIT_OK;
        }
        if (json) {
            command.add("--json");
        }
        long timeout = timeoutSeconds != null ? timeoutSeconds
                : command.get(0).equals("verify") ? VERIFY_TIMEOUT_SECONDS
                        : command.get(0).equals("drill") ? DRILL_TIMEOUT_SECONDS : DEFAULT_TIMEOUT_SECONDS;
        if (command.get(0).equals("drill")) {
            // the node writes the report: a relative path means one relative to where the command was given
            int report = command.indexOf("--report");
            if (report > 0 && report + 1 < command.size()) {
                command.set(report + 1, java.nio.file.Path.of(command.get(report + 1)).toAbsolutePath().toString());
            }
        }
        try {
            AdminEndpoint.CommandResult result = AdminEndpoint.call(stateDirectory, command, timeout * 1000);
            out.print(result.output());
            err.print(result.error());
            return result.exitCode();
        } catch (AdminEndpoint.NodeNotRunningException e) {
            err.println("mirrorline: " + e.getMessage());
            return NodeCommands.EXIT_NO_NODE;
        } catch (IOException e) {
            err.println("mirrorline: " + e.getMessage());
            return NodeCommands.EXIT_FAILED;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("mirrorline: " + problem);
        err.println("Run mirrorline --help for the commands.");
        return NodeCommands.EXIT_USAGE;
    }
}
