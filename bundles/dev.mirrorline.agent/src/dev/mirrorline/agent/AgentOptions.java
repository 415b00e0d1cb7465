package dev.mirrorline.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mirrorline.node.Sizes;

/**
 * The agent's command line, parsed.
 *
 * @param stateDirectory where the agent keeps everything (its identity, pins, secondaries, log)
 * @param listen where it serves its secondaries
 * @param secondaries secondaries to host, added at start if not hosted yet
 * @param pairingTokens pairs to issue a one-time pairing token for at start
 * @param trustedPrimaries primaries to trust by fingerprint, pair by pair
 * @param tokenValidity how long an issued token can be used
 * @param logFile where the log goes besides standard output
 * @param help whether only the usage was asked for
 */
public record AgentOptions(Path stateDirectory, InetSocketAddress listen, List<SecondaryOption> secondaries,
        List<String> pairingTokens, Map<String, String> trustedPrimaries, Duration tokenValidity, Path logFile,
        boolean help) {

    /** The port the agent listens on when none is given. */
    public static final int DEFAULT_PORT = 7420;

    /** The usage text, for {@code --help} and after a mistake. */
    public static final String USAGE = """
            Usage: mirrorline-agent --state-dir DIR [options]

            Serves secondary volumes to Mirrorline primaries on other hosts, over mutual TLS, without a
            display. Runs until stopped (SIGTERM or Ctrl-C); everything it knows is kept in DIR.

            Options:
              --state-dir DIR            where the agent keeps its identity, pins, secondaries and log
              --listen HOST:PORT         where to serve (default 0.0.0.0:7420)
              --secondary PAIR=IMAGE[,size=SIZE][,chunk=BYTES]
                                         host the secondary of PAIR on IMAGE (an image file or block
                                         device); with size=, a new image of that size (e.g. 64M, 10G)
                                         is created. chunk= must equal the primary's (default 4096).
                                         Repeatable; a secondary hosted already is kept as it is.
              --pairing-token PAIR       print a one-time token with which PAIR's primary pairs
              --token-validity MINUTES   how long such a token can be used (default 60)
              --trust PAIR=FINGERPRINT   trust PAIR's primary by its certificate fingerprint instead
              --log FILE                 log here as well as to standard output (default DIR/agent.log)
              --help                     print this and exit

            Exit codes: 0 stopped cleanly, 1 failed while running, 2 bad command line.
            """;

    /**
     * A secondary to host, as {@code --secondary} gives it.
     *
     * @param pairId the pair
     * @param image the image file or block device
     * @param createBytes the size of a new image, or 0 for an existing one
     * @param chunkSize the pair's chunk size
     */
    public record SecondaryOption(String pairId, Path image, long createBytes, int chunkSize) {
    }

    /** A command line that cannot be used; the message says why. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses the agent's arguments.
     *
     * @param arguments the command line's arguments
     * @return the options
     * @throws UsageException if an option is unknown, lacks its value, or has a bad one
     */
    public static AgentOptions parse(String... arguments) throws UsageException {
        Path stateDirectory = null;
        InetSocketAddress listen = new InetSocketAddress("0.0.0.0", DEFAULT_PORT);
        List<SecondaryOption> secondaries = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        Map<String, String> trusted = new LinkedHashMap<>();
        Duration validity = Duration.ofMinutes(60);
        Path logFile = null;
        for (int i = 0; i < arguments.length; i++) {
            String option = arguments[i];
            switch (option) {
                case "--help", "-h" -> {
                    return new AgentOptions(null, listen, List.of(), List.of(), Map.of(), validity, null, true);
                }
                case "--state-dir" -> stateDirectory = Path.of(value(arguments, ++i, option));
                case "--listen" -> listen = address(value(arguments, ++i, option));
                case "--secondary" -> secondaries.add(secondary(value(arguments, ++i, option)));
                case "--pairing-token" -> tokens.add(value(arguments, ++i, option));
                case "--token-validity" -> validity = Duration.ofMinutes(positive(value(arguments, ++i, option),
                        option));
                case "--trust" -> {
                    String[] pairAndFingerprint = keyValue(value(arguments, ++i, option), option,
                            "PAIR=FINGERPRINT");
                    trusted.put(pairAndFingerprint[0], pairAndFingerprint[1]);
                }
                case "--log" -> logFile = Path.of(value(arguments, ++i, option));
                default -> throw new UsageException("Unknown option '" + option + "'");
            }
        }
        if (stateDirectory == null) {
            throw new UsageException("--state-dir is required: the agent keeps its identity and volumes' state there");
        }
        return new AgentOptions(stateDirectory, listen, List.copyOf(secondaries), List.copyOf(tokens),
                Map.copyOf(trusted), validity, logFile != null ? logFile : stateDirectory.resolve("agent.log"), false);
    }

    private static String value(String[] arguments, int index, String option) throws UsageException {
        if (index >= arguments.length || arguments[index].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return arguments[index];
    }

    private static InetSocketAddress address(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageException("--listen takes HOST:PORT (e.g. 0.0.0.0:7420), not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("The port in --listen must be a number from 0 to 65535, not '"
                    + text.substring(colon + 1) + "'");
        }
        return new InetSocketAddress(host, port);
    }

    private static SecondaryOption secondary(String text) throws UsageException {
        String[] parts = text.split(",");
        String[] pairAndImage = keyValue(parts[0], "--secondary", "PAIR=IMAGE");
        long size = 0;
        int chunk = 4096;
        for (int i = 1; i < parts.length; i++) {
            String[] setting = keyValue(parts[i], "--secondary", "size=SIZE or chunk=BYTES");
            switch (setting[0]) {
                case "size" -> size = bytes(setting[1]);
                case "chunk" -> chunk = (int) Math.min(Integer.MAX_VALUE, bytes(setting[1]));
                default -> throw new UsageException("--secondary knows size= and chunk=, not '" + setting[0] + "='");
            }
        }
        return new SecondaryOption(pairAndImage[0], Path.of(pairAndImage[1]), size, chunk);
    }

    private static String[] keyValue(String text, String option, String form) throws UsageException {
        int equals = text.indexOf('=');
        if (equals <= 0 || equals == text.length() - 1) {
            throw new UsageException(option + " takes " + form + ", not '" + text + "'");
        }
        return new String[] { text.substring(0, equals), text.substring(equals + 1) };
    }

    /**
     * @param text a size such as 4096, 64K, 64M, 10G or 1T (binary multiples)
     * @return the bytes
     * @throws UsageException if it is not a size
     */
    static long bytes(String text) throws UsageException {
        try {
            return Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static long positive(String text, String option) throws UsageException {
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(option + " takes a positive whole number, not '" + text + "'");
    }
}
