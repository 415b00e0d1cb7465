package dev.mirrorline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.mirrorline.drill.DrillParameters;
import dev.mirrorline.drill.DrillRefusedException;
import dev.mirrorline.drill.DrillResult;
import dev.mirrorline.drill.DrillRun;
import dev.mirrorline.drill.DrillScenario;
import dev.mirrorline.drill.DrillService;
import dev.mirrorline.drill.DrillSummary;
import dev.mirrorline.drill.Measurement;
import dev.mirrorline.drill.PreflightCheck;
import dev.mirrorline.drill.StepRecord;
import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.history.EventHistory;
import dev.mirrorline.history.EventQuery;
import dev.mirrorline.history.RecordedEvent;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.NbdClientStatus;
import dev.mirrorline.node.NbdExportServer;
import dev.mirrorline.node.NbdExportStatus;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.node.PairStatus;
import dev.mirrorline.node.SecondaryHost;
import dev.mirrorline.node.Sizes;
import dev.mirrorline.transport.AdminEndpoint.CommandResult;

/**
 * The command line's commands, carried out by the node they administer (the command line sends
 * them over the node's {@linkplain dev.mirrorline.transport.AdminEndpoint admin endpoint}). Each
 * prints text for people or, after {@code --json}, one JSON document for scripts, and ends with
 * one of the exit codes below.
 */
public final class NodeCommands implements Function<List<String>, CommandResult> {

    /** The command did what it was asked. */
    public static final int EXIT_OK = 0;
    /** The command failed (or, for verify, the volumes differ); the error output says why. */
    public static final int EXIT_FAILED = 1;
    /** The command line cannot be used. */
    public static final int EXIT_USAGE = 2;
    /** No node runs in the state directory, or it does not answer. */
    public static final int EXIT_NO_NODE = 3;
    /** The pair (or hosted secondary) named does not exist. */
    public static final int EXIT_NOT_FOUND = 4;

    /** The usage of the whole command line. */
    public static final String USAGE = """
            Usage: mirrorline [--state-dir DIR] [--json] [--timeout SECONDS] COMMAND [ARGUMENTS]

            Administers the Mirrorline node that runs in DIR: an agent's --state-dir, or the console's
            WORKSPACE/state/node (default: ~/.mirrorline/workspace/state/node). The node must be running.

            Pairs of which this node is the primary:
              list                         the pairs, their volumes and modes
              status [PAIR]                state, lag, unacknowledged updates, snapshot, resync progress
              show PAIR                    every setting and figure of one pair
              create PAIR OPTIONS          a new pair (see mirrorline create --help)
              delete PAIR [--delete-volumes]
              connect PAIR                 try the link at once (after a refusal or during a backoff)
              interrupt PAIR               take the link down and keep it down (a drill)
              restore PAIR                 let an interrupted link come back; the resync follows
              resync PAIR                  reconnect and resynchronise now
              resync-rate PAIR RATE        limit the resync to RATE bytes/s (e.g. 20M; 0: no limit)
              verify PAIR                  compare SHA-256 of both volumes (a secondary on this node)
              start-load PAIR              start the write-load generator (200 writes/s)
              stop-load PAIR               stop it
              events [OPTIONS]             the event history (see mirrorline events --help)
              drill PAIR SCENARIO [--param KEY=VALUE]... [--report FILE]
                                           run a failover drill (link-outage, test-failover,
                                           planned-switchover, unplanned-failover)
              drills [PAIR]                past drills, newest first, with their reports
            Secondaries this node serves to primaries on other hosts (an agent):
              secondaries                  the hosted secondaries
              host PAIR --image IMAGE [--size SIZE] [--chunk BYTES]
              unhost PAIR [--delete-volume]
              pairing-token PAIR [--minutes N]
              trust PAIR FINGERPRINT       trust PAIR's primary by its certificate fingerprint
              fingerprint                  this node's certificate fingerprint
            NBD exports of the volumes the pairs hold on this node:
              exports                      the exports, their addresses and connected clients
              export-server start|stop|address HOST:PORT|start-export NAME|stop-export NAME

            --json prints one JSON document instead of text. COMMAND --help explains a command.
            Exit codes: 0 done, 1 failed (verify: the volumes differ), 2 bad command line,
            3 no node runs in DIR, 4 no such pair.
            """;

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("list", "Usage: mirrorline list\nLists the pairs of which this node is the primary.\n"),
            Map.entry("status", "Usage: mirrorline status [PAIR]\nShows each pair's (or one pair's) state, lag in"
                    + " seconds, unacknowledged updates and bytes, outage snapshot size and resync progress.\n"),
            Map.entry("show", "Usage: mirrorline show PAIR\nShows every setting and figure of a pair.\n"),
            Map.entry("create", """
                    Usage: mirrorline create PAIR --primary IMAGE [--size SIZE]
                             (--secondary IMAGE [--create] | --remote HOST:PORT (--token TOKEN | --fingerprint FP))
                             [--mode async|sync] [--window SIZE] [--chunk BYTES] [--link-timeout SECONDS]
                             [--resync-rate RATE]
                    Creates a pair and starts replicating. --size creates a new primary image of that size
                    (e.g. 64M, 10G); without it IMAGE must exist. --secondary is a volume on this node (--create
                    makes a new image of the primary's size); --remote is an agent, paired with the token it
                    printed, or trusted by the fingerprint it showed. --resync-rate limits a resync to RATE
                    bytes a second (e.g. 20M), leaving room for live writes. Defaults: async, a 64M window,
                    4096-byte chunks, a 10 s link timeout, no resync rate limit.
                    """),
            Map.entry("delete", "Usage: mirrorline delete PAIR [--delete-volumes]\nStops a pair and forgets it;"
                    + " its volume images are kept unless --delete-volumes.\n"),
            Map.entry("connect", "Usage: mirrorline connect PAIR\nTries the pair's link at once, e.g. after a"
                    + " refusal was resolved, instead of waiting for the backoff.\n"),
            Map.entry("interrupt", "Usage: mirrorline interrupt PAIR\nTakes the link down and keeps it down, as"
                    + " a real outage: writes go on locally, tracked by the outage snapshot.\n"),
            Map.entry("restore", "Usage: mirrorline restore PAIR\nLets an interrupted link come back; the resync"
                    + " follows.\n"),
            Map.entry("resync", "Usage: mirrorline resync PAIR\nReconnects and resynchronises now.\n"),
            Map.entry("resync-rate", "Usage: mirrorline resync-rate PAIR RATE\nLimits the pair's resyncs to RATE"
                    + " bytes a second (e.g. 20M, at least 64K), also a resync going on; 0 lifts the limit. The"
                    + " limit is kept with the pair.\n"),
            Map.entry("verify", "Usage: mirrorline verify PAIR\nWaits until the secondary has every update, then"
                    + " compares the SHA-256 of both volumes. Exit code 1 if they differ. Needs the secondary on"
                    + " this node.\n"),
            Map.entry("start-load", "Usage: mirrorline start-load PAIR\nStarts the write-load generator on the"
                    + " pair's primary (200 random 4 KiB writes a second), to see replication at work.\n"),
            Map.entry("stop-load", "Usage: mirrorline stop-load PAIR\nStops the write-load generator.\n"),
            Map.entry("events", """
                    Usage: mirrorline events [--pair PAIR] [--type TYPE] [--since TIME] [--until TIME] [--limit N]
                    Lists recorded events, oldest first. TIME is an instant (2026-11-25T04:00:00Z) or a time ago
                    (30s, 10m, 2h, 1d). --limit defaults to 100.
                    """),
            Map.entry("drill", """
                    Usage: mirrorline drill PAIR SCENARIO [--param KEY=VALUE]... [--report FILE]
                    Runs a failover drill on PAIR and waits for its end: pre-flight checks, its steps, their
                    measurements and the SHA-256 comparison, then the outcome. The HTML report is kept in the
                    drill history (mirrorline drills) and copied to FILE if given. Exit code 1 if the drill did
                    not pass or the pre-flight checks refused it. Scenarios and their parameters (seconds):
                      link-outage     outage=5 warmup=1 resyncLimit=300
                                      load, cut the link for the outage, restore, resync, verify
                      test-failover   check=COMMAND checkLimit=300 freezeLimit=5
                                      the secondary at a sequence point as a writable test copy, compared with
                                      the primary at that point; COMMAND gets the copy's path as $1
                      planned-switchover  warmup=1 drainLimit=60 probe=yes stay=0 switchBack=yes
                                      quiesce, drain, verify, promote the secondary and reverse the pair,
                                      a probe write on the new primary, optionally switch back
                      unplanned-failover  warmup=1 alone=0.5 newPrimaryLoad=1 resyncLimit=300 switchBack=yes
                                      cut under load, declare the primary lost, promote the secondary, write
                                      on it, fail back with the chunks changed on either side, verify
                    """),
            Map.entry("drills", "Usage: mirrorline drills [PAIR]\nLists the drills this node ran (of one pair),"
                    + " newest first: when, the scenario, the outcome and the report's path.\n"),
            Map.entry("secondaries", "Usage: mirrorline secondaries\nLists the secondaries this node serves.\n"),
            Map.entry("host", "Usage: mirrorline host PAIR --image IMAGE [--size SIZE] [--chunk BYTES]\nServes the"
                    + " secondary of PAIR on IMAGE (a new image if --size is given).\n"),
            Map.entry("unhost", "Usage: mirrorline unhost PAIR [--delete-volume]\nStops serving a secondary; its"
                    + " image is kept unless --delete-volume.\n"),
            Map.entry("pairing-token", "Usage: mirrorline pairing-token PAIR [--minutes N]\nIssues a one-time token"
                    + " with which PAIR's primary pairs with this node (valid 60 minutes unless --minutes).\n"),
            Map.entry("trust", "Usage: mirrorline trust PAIR FINGERPRINT\nTrusts PAIR's primary by its certificate"
                    + " fingerprint, compared with what the primary shows.\n"),
            Map.entry("fingerprint", "Usage: mirrorline fingerprint\nPrints this node's certificate fingerprint.\n"),
            Map.entry("exports", "Usage: mirrorline exports\nLists the NBD exports of the volumes the pairs hold on"
                    + " this node (PAIR/primary, PAIR/secondary), their nbd:// addresses and connected clients, and"
                    + " whether the NBD server runs.\n"),
            Map.entry("export-server", """
                    Usage: mirrorline export-server start|stop|address HOST:PORT|start-export NAME|stop-export NAME
                    Starts or stops the node's NBD server (its clients are disconnected), moves it to another
                    listen address (e.g. 127.0.0.1:10809, 0.0.0.0:10809 for every interface; there is no TLS on
                    NBD), or stops and starts serving one export (e.g. db/secondary). The node remembers the
                    address, whether the server runs and the exports stopped across restarts.
                    """));

    private static final int DEFAULT_EVENT_LIMIT = 100;

    private final MirrorlineNode node;
    private final EventHistory history;

    /**
     * @param node the node the commands act on
     * @param history its event history, or null if it keeps none
     */
    public NodeCommands(MirrorlineNode node, EventHistory history) {
        this.node = node;
        this.history = history;
    }

    /**
     * @param command a command's name
     * @return its help text, if it is a command
     */
    public static Optional<String> helpFor(String command) {
        return Optional.ofNullable(HELP.get(command));
    }

    /** A command line that cannot be used. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** A pair or secondary that does not exist. */
    private static final class NotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        NotFoundException(String message) {
            super(message);
        }
    }

    /** The arguments of one command; options and positionals may come in any order. */
    private static final class Arguments {
        /** The options that take no value. */
        private static final List<String> FLAGS = List.of("--delete-volumes", "--delete-volume", "--create");

        private final List<String> rest;

        Arguments(List<String> arguments) {
            rest = new ArrayList<>(arguments);
        }

        String positional(String name) throws UsageException {
            return optionalPositional().orElseThrow(() -> new UsageException("Missing " + name));
        }

        Optional<String> optionalPositional() {
            for (int i = 0; i < rest.size(); i++) {
                if (!rest.get(i).startsWith("--")) {
                    return Optional.of(rest.remove(i));
                }
                if (!FLAGS.contains(rest.get(i))) {
                    i++; // the option's value
                }
            }
            return Optional.empty();
        }

        boolean flag(String name) {
            return rest.remove(name);
        }

        Optional<String> option(String name) throws UsageException {
            int index = rest.indexOf(name);
            if (index < 0) {
                return Optional.empty();
            }
            if (index + 1 >= rest.size() || rest.get(index + 1).startsWith("--")) {
                throw new UsageException(name + " needs a value");
            }
            String value = rest.get(index + 1);
            rest.remove(index + 1);
            rest.remove(index);
            return Optional.of(value);
        }

        void done() throws UsageException {
            if (!rest.isEmpty()) {
                throw new UsageException("Unexpected " + (rest.get(0).startsWith("--") ? "option" : "argument") + " '"
                        + rest.get(0) + "'");
            }
        }
    }

    /** Where a command writes. */
    private static final class Output {
        final boolean json;
        final StringBuilder out = new StringBuilder();

        Output(boolean json) {
            this.json = json;
        }

        void line(String text) {
            out.append(text).append('\n');
        }

        void document(Object value) {
            out.append(Json.write(value)).append('\n');
        }
    }

    @Override
    public CommandResult apply(List<String> arguments) {
        List<String> rest = new ArrayList<>(arguments);
        boolean json = rest.remove("--json");
        if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("help")) {
            return new CommandResult(rest.isEmpty() ? EXIT_USAGE : EXIT_OK, rest.isEmpty() ? "" : USAGE,
                    rest.isEmpty() ? "mirrorline: no command given\n" + USAGE : "");
        }
        String command = rest.remove(0);
        if (!HELP.containsKey(command)) {
            return new CommandResult(EXIT_USAGE, "", "mirrorline: unknown command '" + command
                    + "'; run mirrorline --help for the commands\n");
        }
        if (rest.contains("--help")) {
            return new CommandResult(EXIT_OK, HELP.get(command), "");
        }
        Output output = new Output(json);
        try {
            run(command, new Arguments(rest), output);
            return new CommandResult(EXIT_OK, output.out.toString(), "");
        } catch (UsageException e) {
            return new CommandResult(EXIT_USAGE, "", "mirrorline " + command + ": " + e.getMessage() + "\n"
                    + HELP.get(command));
        } catch (NotFoundException e) {
            return new CommandResult(EXIT_NOT_FOUND, output.out.toString(), "mirrorline " + command + ": "
                    + e.getMessage() + "\n");
        } catch (VerifyDifferedException e) {
            return new CommandResult(EXIT_FAILED, output.out.toString(), "mirrorline " + command + ": " + e.getMessage()
                    + "\n");
        } catch (IOException | RuntimeException e) {
            return new CommandResult(EXIT_FAILED, output.out.toString(), "mirrorline " + command + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()) + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(EXIT_FAILED, "", "mirrorline " + command + ": interrupted\n");
        }
    }

    /** Verify found different volumes, or a drill did not pass (or was refused): exit code 1 with the output. */
    private static final class VerifyDifferedException extends Exception {
        private static final long serialVersionUID = 1L;

        VerifyDifferedException(String message) {
            super(message);
        }
    }

    private void run(String command, Arguments arguments, Output output) throws UsageException, NotFoundException,
            IOException, InterruptedException, VerifyDifferedException {
        switch (command) {
            case "list" -> {
                arguments.done();
                list(output);
            }
            case "status" -> {
                Optional<String> name = arguments.optionalPositional();
                arguments.done();
                status(name.isPresent() ? List.of(pair(name.get())) : node.pairs(), output);
            }
            case "show" -> {
                Pair pair = pair(arguments.positional("PAIR"));
                arguments.done();
                show(pair, output);
            }
            case "create" -> create(arguments, output);
            case "delete" -> {
                Pair pair = pair(arguments.positional("PAIR"));
                boolean deleteVolumes = arguments.flag("--delete-volumes");
                arguments.done();
                node.deletePair(pair.name(), deleteVolumes);
                done(output, "deleted " + pair.name() + (deleteVolumes ? " and its volume images" : "; its volume"
                        + " images are kept"), Map.of("deleted", pair.name(), "volumesDeleted", deleteVolumes));
            }
            case "connect", "resync" -> {
                Pair pair = pair(arguments.positional("PAIR"));
                arguments.done();
                pair.resyncNow();
                done(output, pair.name() + ": connecting", Map.of("pair", pair.name(), "connecting", true));
            }
            case "interrupt" -> {
                Pair pair = pair(arguments.positional("PAIR"));
                arguments.done();
                pair.interruptLink();
                done(output, pair.name() + ": link interrupted; writes go on locally", Map.of("pair", pair.name(),
                        "state", pair.status().state().name()));
            }
            case "restore" -> {
                Pair pair = pair(arguments.positional("PAIR"));
                arguments.done();
                pair.restoreLink();
                done(output, pair.name() + ": link restored; the resync follows", Map.of("pair", pair.name(),
                        "state", pair.status().state().name()));
            }
            case "resync-rate" -> {
                Pair pair = pair(arguments.positional("PAIR"));
                long rate = rate(arguments.positional("RATE"), "RATE");
                arguments.done();
                try {
                    pair.setResyncRate(rate);
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e); // refused like a bad pair: exit code 1
                }
                done(output, pair.name() + ": " + (rate == 0 ? "no resync rate limit" : "resync limited to "
                        + bytes(rate) + "/s"), Map.of("pair", pair.name(), "resyncBytesPerSecond", rate));
            }
            case "verify" -> {
                Pair pair = pair(arguments.positional("PAIR"));
                arguments.done();
                verify(pair, output);
            }
            case "start-load" -> {
                Pair pair = pair(arguments.positional("PAIR"));
                arguments.done();
                pair.startLoad();
                done(output, pair.name() + ": write load started", Map.of("pair", pair.name(), "loadRunning", true));
            }
            case "stop-load" -> {
                Pair pair = pair(arguments.positional("PAIR"));
                arguments.done();
                pair.stopLoad();
                done(output, pair.name() + ": write load stopped", Map.of("pair", pair.name(), "loadRunning", false));
            }
            case "events" -> events(arguments, output);
            case "drill" -> drill(arguments, output);
            case "drills" -> drills(arguments, output);
            case "secondaries" -> {
                arguments.done();
                secondaries(output);
            }
            case "host" -> host(arguments, output);
            case "unhost" -> {
                String name = arguments.positional("PAIR");
                boolean deleteVolume = arguments.flag("--delete-volume");
                arguments.done();
                if (!node.secondaryHost().remove(name, deleteVolume)) {
                    throw new NotFoundException("this node hosts no secondary for " + name);
                }
                done(output, "no longer hosting the secondary of " + name, Map.of("unhosted", name));
            }
            case "pairing-token" -> {
                String name = arguments.positional("PAIR");
                long minutes = positive(arguments.option("--minutes").orElse("60"), "--minutes");
                arguments.done();
                if (node.secondaryHost().secondaries().stream().noneMatch(hosted -> hosted.pairId().equals(name))) {
                    throw new NotFoundException("this node hosts no secondary for " + name);
                }
                String token = node.secondaryHost().issuePairingToken(name, Duration.ofMinutes(minutes));
                if (output.json) {
                    output.document(map("pair", name, "token", token, "validMinutes", minutes));
                } else {
                    output.line(token);
                }
            }
            case "trust" -> {
                String name = arguments.positional("PAIR");
                String fingerprint = arguments.positional("FINGERPRINT");
                arguments.done();
                if (node.secondaryHost().secondaries().stream().noneMatch(hosted -> hosted.pairId().equals(name))) {
                    throw new NotFoundException("this node hosts no secondary for " + name);
                }
                try {
                    node.secondaryHost().pinPrimary(name, fingerprint);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                done(output, "trusting " + fingerprint + " as the primary of " + name, Map.of("pair", name,
                        "trusted", fingerprint));
            }
            case "fingerprint" -> {
                arguments.done();
                if (output.json) {
                    output.document(map("fingerprint", node.fingerprint()));
                } else {
                    output.line(node.fingerprint());
                }
            }
            case "exports" -> {
                arguments.done();
                exports(output);
            }
            case "export-server" -> exportServer(arguments, output);
            default -> throw new UsageException("unknown command"); // HELP lists every command
        }
    }

    private void exports(Output output) {
        NbdExportServer server = node.nbdExports();
        List<NbdExportStatus> exports = server.exports();
        if (output.json) {
            List<Object> listed = new ArrayList<>();
            for (NbdExportStatus export : exports) {
                List<Object> clients = new ArrayList<>();
                for (NbdClientStatus client : export.clients()) {
                    clients.add(map("remote", client.remote(), "connectedAt", client.connectedAt().toString(),
                            "requests", client.requests(), "bytesRead", client.bytesRead(), "bytesWritten",
                            client.bytesWritten()));
                }
                listed.add(map("name", export.name(), "pair", export.pairName(), "role",
                        export.role().name().toLowerCase(Locale.ROOT), "sizeBytes", export.sizeBytes(), "writable",
                        export.writable(), "served", export.served(), "url", export.url(), "clients", clients));
            }
            output.document(map("running", server.isRunning(), "address", NbdExportServer.format(
                    server.listeningAddress().orElse(server.configuredAddress())), "problem",
                    server.problem().orElse(null), "exports", listed));
            return;
        }
        output.line(server.isRunning()
                ? "NBD server running on " + NbdExportServer.format(server.listeningAddress().orElseThrow())
                : "NBD server stopped (listens on " + NbdExportServer.format(server.configuredAddress())
                        + " once started)" + server.problem().map(problem -> ": " + problem).orElse(""));
        for (NbdExportStatus export : exports) {
            output.line(String.format(Locale.ROOT, "%-24s %-9s %-10s %s  %s client%s", export.name(),
                    export.role().name().toLowerCase(Locale.ROOT), export.writable() ? "writable" : "read-only",
                    export.url(), export.clients().size(), export.clients().size() == 1 ? "" : "s")
                    + (export.served() ? "" : "  (stopped: not served)"));
            for (NbdClientStatus client : export.clients()) {
                output.line(String.format(Locale.ROOT, "  %s since %s: %d requests, %d bytes read, %d written",
                        client.remote(), client.connectedAt(), client.requests(), client.bytesRead(),
                        client.bytesWritten()));
            }
        }
    }

    private void exportServer(Arguments arguments, Output output) throws UsageException, NotFoundException,
            IOException {
        String action = arguments.positional("start, stop, address, start-export or stop-export");
        NbdExportServer server = node.nbdExports();
        switch (action) {
            case "start" -> {
                arguments.done();
                server.start();
            }
            case "stop" -> {
                arguments.done();
                server.stop();
            }
            case "address" -> {
                String text = arguments.positional("HOST:PORT");
                arguments.done();
                java.net.InetSocketAddress address;
                try {
                    address = NbdExportServer.parseAddress(text);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                server.setAddress(address);
            }
            case "start-export", "stop-export" -> {
                String name = arguments.positional("NAME");
                arguments.done();
                try {
                    if (action.equals("start-export")) {
                        server.startExport(name);
                    } else {
                        server.stopExport(name);
                    }
                } catch (IllegalArgumentException e) {
                    throw new NotFoundException(e.getMessage());
                }
                boolean served = action.equals("start-export");
                done(output, name + (served ? ": served" : ": stopped, not served"), map("export", name, "served",
                        served));
                return;
            }
            default -> throw new UsageException("'" + action + "' is not start, stop, address, start-export or"
                    + " stop-export");
        }
        String where = NbdExportServer.format(server.listeningAddress().orElse(server.configuredAddress()));
        done(output, server.isRunning() ? "NBD server running on " + where : "NBD server stopped (listens on " + where
                + " once started)", map("running", server.isRunning(), "address", where));
    }

    private static void done(Output output, String text, Map<String, Object> document) {
        if (output.json) {
            output.document(document);
        } else {
            output.line(text);
        }
    }

    private Pair pair(String name) throws NotFoundException {
        return node.pair(name).orElseThrow(() -> new NotFoundException("no pair named " + name
                + (node.pairs().isEmpty() ? " (this node has none)" : " (this node has "
                        + node.pairs().stream().map(Pair::name).toList() + ")")));
    }

    private void list(Output output) {
        List<Object> pairs = new ArrayList<>();
        for (Pair pair : node.pairs()) {
            PairSpec spec = pair.spec();
            pairs.add(map("name", pair.name(), "primary", spec.primaryImage().toString(), "secondary",
                    pair.secondaryDescription(), "mode", spec.mode().name().toLowerCase(Locale.ROOT)));
        }
        if (output.json) {
            output.document(pairs);
            return;
        }
        table(output, List.of("NAME", "MODE", "PRIMARY", "SECONDARY"), node.pairs().stream().map(pair -> List.of(
                pair.name(), pair.spec().mode().name().toLowerCase(Locale.ROOT),
                pair.spec().primaryImage().toString(), pair.secondaryDescription())).toList());
    }

    private static void status(List<Pair> pairs, Output output) {
        if (output.json) {
            List<Object> documents = new ArrayList<>();
            for (Pair pair : pairs) {
                documents.add(statusDocument(pair, pair.status()));
            }
            output.document(documents);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Pair pair : pairs) {
            PairStatus status = pair.status();
            rows.add(List.of(pair.name(), status.state().name(), String.format(Locale.ROOT, "%.1f s",
                    status.lag().toMillis() / 1000.0), status.unacknowledgedUpdates() + " ("
                            + bytes(status.unacknowledgedBytes()) + ")",
                    status.outageSince() == null ? "-" : bytes(status.snapshotBytes()),
                    status.resyncProgress() < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%",
                            status.resyncProgress() * 100), status.lastError() == null ? "" : status.lastError()));
        }
        table(output, List.of("NAME", "STATE", "LAG", "UNACKNOWLEDGED", "SNAPSHOT", "RESYNC", "LAST ERROR"), rows);
    }

    private static Map<String, Object> statusDocument(Pair pair, PairStatus status) {
        return map("name", pair.name(), "state", status.state().name(), "lagSeconds",
                status.lag().toMillis() / 1000.0, "unacknowledgedUpdates", status.unacknowledgedUpdates(),
                "unacknowledgedBytes", status.unacknowledgedBytes(), "snapshotBytes", status.snapshotBytes(),
                "outageSince", status.outageSince() == null ? null : status.outageSince().toString(),
                "resyncProgress", status.resyncProgress() < 0 ? null : status.resyncProgress(), "lastError",
                status.lastError(), "loadRunning", status.loadRunning());
    }

    private void show(Pair pair, Output output) {
        PairSpec spec = pair.spec();
        Map<String, Object> document = map("name", pair.name(), "primary", spec.primaryImage().toString(),
                "secondary", pair.secondaryDescription(), "mode", spec.mode().name().toLowerCase(Locale.ROOT),
                "sizeBytes", pair.sizeBytes(), "chunkSize", spec.chunkSize(), "windowBytes",
                spec.inFlightWindowBytes(), "linkTimeoutSeconds", spec.linkTimeout().toMillis() / 1000.0,
                "resyncBytesPerSecond", spec.resyncBytesPerSecond(), "pinnedPeers", node.pinnedPeersOf(pair.name()));
        document.put("status", statusDocument(pair, pair.status()));
        if (output.json) {
            output.document(document);
            return;
        }
        for (Map.Entry<String, Object> entry : document.entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> status) {
                status.forEach((key, value) -> {
                    if (!key.equals("name")) {
                        output.line(String.format(Locale.ROOT, "%-22s %s", key, value == null ? "-" : value));
                    }
                });
            } else {
                output.line(String.format(Locale.ROOT, "%-22s %s", entry.getKey(), entry.getValue()));
            }
        }
    }

    private void create(Arguments arguments, Output output) throws UsageException, IOException {
        String name = arguments.positional("PAIR");
        Path primary = Path.of(arguments.option("--primary").orElseThrow(() -> new UsageException(
                "--primary IMAGE is required")));
        long size = 0;
        Optional<String> sizeText = arguments.option("--size");
        if (sizeText.isPresent()) {
            size = bytes(sizeText.get(), "--size");
        }
        Optional<String> secondaryImage = arguments.option("--secondary");
        boolean create = arguments.flag("--create");
        Optional<String> remote = arguments.option("--remote");
        Optional<String> token = arguments.option("--token");
        Optional<String> fingerprint = arguments.option("--fingerprint");
        ReplicationMode mode = switch (arguments.option("--mode").orElse("async")) {
            case "async" -> ReplicationMode.ASYNCHRONOUS;
            case "sync" -> ReplicationMode.SYNCHRONOUS;
            default -> throw new UsageException("--mode is async or sync");
        };
        long window = bytes(arguments.option("--window").orElse("64M"), "--window");
        long chunk = bytes(arguments.option("--chunk").orElse("4096"), "--chunk");
        long linkTimeout = positive(arguments.option("--link-timeout").orElse("10"), "--link-timeout");
        long resyncRate = rate(arguments.option("--resync-rate").orElse("0"), "--resync-rate");
        arguments.done();
        PairSpec.SecondaryLocation secondary;
        if (secondaryImage.isPresent() == remote.isPresent()) {
            throw new UsageException("give either --secondary IMAGE or --remote HOST:PORT");
        }
        if (secondaryImage.isPresent()) {
            secondary = new PairSpec.LocalSecondary(Path.of(secondaryImage.get()), create);
        } else {
            String address = remote.get();
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new UsageException("--remote takes HOST:PORT, not '" + address + "'");
            }
            if (token.isPresent() == fingerprint.isPresent()) {
                throw new UsageException("a remote secondary needs --token TOKEN or --fingerprint FP");
            }
            String host = address.substring(0, colon);
            String agentFingerprint;
            if (token.isPresent()) {
                // what pairing cannot fix is said before the token is used up
                PairSpec beforePairing = new PairSpec(name, primary, size, new PairSpec.RemoteSecondary(host, port, ""),
                        mode, window, (int) Math.min(Integer.MAX_VALUE, chunk), Duration.ofSeconds(linkTimeout),
                        resyncRate);
                for (PairSpec.Part part : List.of(PairSpec.Part.NAME_AND_PRIMARY, PairSpec.Part.REPLICATION)) {
                    Optional<String> problem = node.problemWith(beforePairing, part);
                    if (problem.isPresent()) {
                        throw new IOException(problem.get());
                    }
                }
                var paired = node.pairWithSecondary(host, port, token.get(), Duration.ofSeconds(30));
                if (!paired.pairId().equals(name)) {
                    throw new IOException("The token was issued for the pair " + paired.pairId() + ", not " + name);
                }
                agentFingerprint = paired.secondary().toString();
            } else {
                agentFingerprint = fingerprint.get();
            }
            secondary = new PairSpec.RemoteSecondary(host, port, agentFingerprint);
        }
        PairSpec spec = new PairSpec(name, primary, size, secondary, mode, window, (int) Math.min(Integer.MAX_VALUE,
                chunk), Duration.ofSeconds(linkTimeout), resyncRate);
        Optional<String> problem = node.problemWith(spec);
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
        Pair pair = node.createPair(spec);
        done(output, "created " + pair.name() + ": " + pair.spec().primaryImage() + " -> "
                + pair.secondaryDescription() + "; this node's fingerprint is " + node.fingerprint(),
                map("created", pair.name(), "fingerprint", node.fingerprint()));
    }

    private static void verify(Pair pair, Output output) throws IOException, InterruptedException,
            VerifyDifferedException {
        Pair.VerifyResult result = pair.verify(bytes -> { }, () -> false);
        if (output.json) {
            output.document(map("pair", pair.name(), "equal", result.equal(), "primarySha256",
                    result.primarySha256(), "secondarySha256", result.secondarySha256(), "bytes", result.bytes()));
        } else {
            output.line("primary   " + result.primarySha256());
            output.line("secondary " + result.secondarySha256());
            output.line(result.equal() ? "equal: the secondary is an exact copy of the primary"
                    : "DIFFERENT: the secondary is not a copy of the primary");
        }
        if (!result.equal()) {
            throw new VerifyDifferedException("the volumes of " + pair.name() + " differ");
        }
    }

    private void events(Arguments arguments, Output output) throws UsageException {
        EventQuery query = EventQuery.all().oldestFirst();
        Optional<String> pair = arguments.option("--pair");
        if (pair.isPresent()) {
            query = query.pair(pair.get());
        }
        Optional<String> type = arguments.option("--type");
        if (type.isPresent()) {
            query = query.types(type.get());
        }
        Optional<String> since = arguments.option("--since");
        if (since.isPresent()) {
            query = query.from(time(since.get(), "--since"));
        }
        Optional<String> until = arguments.option("--until");
        if (until.isPresent()) {
            query = query.to(time(until.get(), "--until"));
        }
        query = query.limit((int) Math.min(Integer.MAX_VALUE, positive(arguments.option("--limit")
                .orElse(Integer.toString(DEFAULT_EVENT_LIMIT)), "--limit")));
        arguments.done();
        if (history == null) {
            throw new IllegalStateException("this node keeps no event history");
        }
        List<RecordedEvent> events = history.find(query);
        if (output.json) {
            List<Object> documents = new ArrayList<>();
            for (RecordedEvent event : events) {
                documents.add(map("id", event.id(), "at", event.at().toString(), "pair", event.pair(), "type",
                        event.type(), "summary", event.summary()));
            }
            output.document(documents);
            return;
        }
        table(output, List.of("TIME", "PAIR", "TYPE", "SUMMARY"), events.stream().map(event -> List.of(
                event.at().toString(), event.pair(), event.type(), event.summary())).toList());
    }

    private void secondaries(Output output) {
        List<SecondaryHost.Hosted> hosted = node.secondaryHost().secondaries();
        if (output.json) {
            List<Object> documents = new ArrayList<>();
            for (SecondaryHost.Hosted secondary : hosted) {
                documents.add(map("pair", secondary.pairId(), "image", secondary.image().toString(), "sizeBytes",
                        secondary.sizeBytes(), "chunkSize", secondary.chunkSize(), "lastAppliedSequence",
                        secondary.lastAppliedSequence(), "trustedPrimaries", secondary.primaries()));
            }
            output.document(map("listening", node.secondaryHost().address().map(Object::toString).orElse(null),
                    "secondaries", documents));
            return;
        }
        table(output, List.of("PAIR", "IMAGE", "SIZE", "APPLIED", "TRUSTED PRIMARIES"), hosted.stream()
                .map(secondary -> List.of(secondary.pairId(), secondary.image().toString(),
                        bytes(secondary.sizeBytes()), Long.toString(secondary.lastAppliedSequence()),
                        secondary.primaries().isEmpty() ? "none yet" : String.join(", ", secondary.primaries())))
                .toList());
    }

    private void host(Arguments arguments, Output output) throws UsageException, IOException {
        String name = arguments.positional("PAIR");
        Path image = Path.of(arguments.option("--image").orElseThrow(() -> new UsageException(
                "--image IMAGE is required")));
        Optional<String> size = arguments.option("--size");
        long chunk = bytes(arguments.option("--chunk").orElse("4096"), "--chunk");
        arguments.done();
        SecondaryHost.Spec spec = new SecondaryHost.Spec(name, image, size.isPresent() ? bytes(size.get(), "--size")
                : 0, (int) Math.min(Integer.MAX_VALUE, chunk));
        Optional<String> problem = node.secondaryHost().problemWith(spec);
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
        SecondaryHost.Hosted hosted = node.secondaryHost().host(spec);
        done(output, "hosting the secondary of " + name + " on " + hosted.image(), map("hosted", name, "image",
                hosted.image().toString(), "sizeBytes", hosted.sizeBytes()));
    }

    private static void table(Output output, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format(Locale.ROOT, "%-" + widths[i] + "s  ",
                        row.get(i)));
            }
            output.line(line.toString().stripTrailing());
        }
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
    }

    /** @return a size such as 4096, 64K, 64M, 10G (binary multiples) in bytes */
    static long bytes(String text, String option) throws UsageException {
        try {
            return Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " takes a size (bytes, or a number with K, M, G or T), not '" + text
                    + "'");
        }
    }

    /** @return a rate in bytes a second, such as 20M; 0 for none */
    private static long rate(String text, String option) throws UsageException {
        if (text.trim().equals("0")) {
            return 0;
        }
        try {
            return Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " takes bytes a second (e.g. 20M), or 0 for no limit, not '" + text
                    + "'");
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

    /** @return an instant, from ISO-8601 text or a time ago such as 30s, 10m, 2h, 1d */
    static Instant time(String text, String option) throws UsageException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            // perhaps a time ago
        }
        if (text.length() >= 2) {
            String number = text.substring(0, text.length() - 1);
            Duration unit = switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(1);
                case 'm' -> Duration.ofMinutes(1);
                case 'h' -> Duration.ofHours(1);
                case 'd' -> Duration.ofDays(1);
                default -> null;
            };
            if (unit != null) {
                try {
                    return Instant.now().minus(unit.multipliedBy(Long.parseLong(number)));
                } catch (NumberFormatException e) {
                    // said below
                }
            }
        }
        throw new UsageException(option + " takes an instant (2026-11-25T04:00:00Z) or a time ago (30s, 10m, 2h,"
                + " 1d), not '" + text + "'");
    }

    private void drill(Arguments arguments, Output output) throws UsageException, NotFoundException, IOException,
            InterruptedException, VerifyDifferedException {
        String pairName = arguments.positional("PAIR");
        String scenarioId = arguments.positional("SCENARIO");
        List<String> given = new ArrayList<>();
        for (Optional<String> parameter = arguments.option("--param"); parameter.isPresent();
                parameter = arguments.option("--param")) {
            given.add(parameter.get());
        }
        Optional<String> report = arguments.option("--report");
        arguments.done();
        DrillService drills = DrillService.of(node);
        DrillScenario scenario;
        DrillParameters parameters;
        try {
            scenario = drills.scenario(scenarioId);
            parameters = DrillParameters.parse(given);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        pair(pairName);
        DrillRun run;
        try {
            run = drills.start(pairName, scenario, parameters, report.map(file -> Path.of(file)
                    .toAbsolutePath()).orElse(null));
        } catch (DrillRefusedException e) {
            if (output.json) {
                output.document(map("pair", pairName, "scenario", scenario.id(), "outcome", "REFUSED", "preflight",
                        e.checks().stream().map(check -> map("check", check.name(), "passed", check.passed(), "message",
                                check.message())).toList()));
            } else {
                for (PreflightCheck check : e.checks()) {
                    output.line((check.passed() ? "passed  " : "FAILED  ") + check.name() + ": " + check.message());
                }
            }
            throw new VerifyDifferedException("the pre-flight checks refused the drill: " + e.getMessage());
        }
        DrillResult result = run.await(Duration.ofDays(7));
        if (result == null) {
            throw new IOException("the drill " + run.id() + " has not ended after 7 days");
        }
        if (output.json) {
            output.document(map("id", result.id(), "pair", result.pair(), "scenario", result.scenarioId(),
                    "parameters", result.parameters(), "started", result.started().toString(), "finished",
                    result.finished().toString(), "outcome", result.outcome().name(), "reason", result.reason(),
                    "steps", result.steps().stream().map(step -> map("index", step.index(), "name", step.name(),
                            "status", step.status().name(), "started", String.valueOf(step.started()), "finished",
                            String.valueOf(step.finished()), "detail", step.detail())).toList(),
                    "measurements", result.measurements().stream().map(measurement -> map("key", measurement.key(),
                            "label", measurement.label(), "value", measurement.value(), "unit", measurement.unit()))
                            .toList(),
                    "verifications", result.verifications().stream().map(verification -> map("label",
                            verification.label(), "left", verification.leftName(), "leftSha256",
                            verification.leftSha256(), "right", verification.rightName(), "rightSha256",
                            verification.rightSha256(), "equal", verification.equal())).toList(),
                    "rollback", result.rollback(), "report", result.report().toString()));
        } else {
            output.line("drill " + result.id() + ": " + result.scenarioTitle() + " on " + result.pair());
            for (StepRecord step : result.steps()) {
                output.line(String.format(Locale.ROOT, "%2d. %-9s %s%s", step.index(), step.status(),
                        step.name(), step.detail().isEmpty() ? "" : ": " + step.detail()));
            }
            for (Measurement measurement : result.measurements()) {
                output.line("    " + measurement.key() + " = " + measurement.formatted());
            }
            for (var verification : result.verifications()) {
                output.line("    " + verification.label() + ": " + (verification.equal() ? "equal, SHA-256 "
                        + verification.leftSha256() : "DIFFERENT"));
            }
            for (String line : result.rollback()) {
                output.line("    rollback: " + line);
            }
            output.line(result.outcome() + (result.reason().isEmpty() ? "" : ": " + result.reason()));
            output.line("report: " + result.report() + report.map(file -> " (copied to " + Path.of(file)
                    .toAbsolutePath() + ")").orElse(""));
        }
        if (!result.passed()) {
            throw new VerifyDifferedException("the drill " + result.id() + " ended " + result.outcome());
        }
    }

    private void drills(Arguments arguments, Output output) throws UsageException, IOException {
        Optional<String> pairName = arguments.optionalPositional();
        arguments.done();
        List<DrillSummary> drills = DrillService.of(node).history().list().stream()
                .filter(drill -> pairName.isEmpty() || drill.pair().equals(pairName.get())).toList();
        if (output.json) {
            output.document(drills.stream().map(drill -> map("id", drill.id(), "pair", drill.pair(), "scenario",
                    drill.scenarioId(), "started", drill.started().toString(), "finished", drill.finished().toString(),
                    "outcome", drill.outcome().name(), "reason", drill.reason(), "report", drill.report().toString()))
                    .toList());
            return;
        }
        for (DrillSummary drill : drills) {
            output.line(drill.started() + "  " + drill.pair() + "  " + drill.scenarioId() + "  " + drill.outcome()
                    + "  " + drill.report());
        }
    }
}
