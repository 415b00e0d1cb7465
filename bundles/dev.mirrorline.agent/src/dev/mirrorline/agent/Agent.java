package dev.mirrorline.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.mirrorline.cli.NodeCommands;
import dev.mirrorline.engine.event.EngineEventListener;
import dev.mirrorline.history.EventHistory;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.SecondaryHost;
import dev.mirrorline.transport.AdminEndpoint;
import dev.mirrorline.transport.NodeStatus;

/**
 * The headless agent: opens a {@link MirrorlineNode} in its state directory (its pairs, if it has
 * primaries, start again), hosts the secondaries the command line names, serves them on the
 * listen address, and runs until {@link #stop()}; then it closes everything cleanly. Volumes and
 * replication state are durable at every step, so an agent killed outright recovers at its next
 * start.
 */
public final class Agent {

    /** The exit code of an agent that stopped cleanly. */
    public static final int EXIT_OK = 0;
    /** The exit code of an agent that failed while starting or running. */
    public static final int EXIT_FAILED = 1;
    /** The exit code for a command line that cannot be used. */
    public static final int EXIT_USAGE = 2;

    private final AgentOptions options;
    private final PrintStream out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * @param options what the command line asked for
     * @param out where the log's lines go besides the log file
     */
    public Agent(AgentOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs the agent until {@link #stop()} is called.
     *
     * @return the exit code
     */
    public int run() {
        try (AgentLog log = new AgentLog(out, options.logFile())) {
            return run(log);
        } catch (IOException e) {
            out.println("mirrorline-agent: cannot write the log " + options.logFile() + ": " + e.getMessage());
            return EXIT_FAILED;
        } finally {
            stopped.countDown();
        }
    }

    private int run(AgentLog log) {
        log.info("Mirrorline agent " + NodeStatus.SOFTWARE_VERSION + " starting in " + options.stateDirectory());
        MirrorlineNode node;
        try {
            node = MirrorlineNode.openWithoutStarting(options.stateDirectory(),
                    failure -> log.info("an event listener failed: " + failure));
        } catch (IOException | RuntimeException e) {
            log.info("cannot open the state directory " + options.stateDirectory() + ": " + e.getMessage());
            return EXIT_FAILED;
        }
        EventHistory history = null;
        AdminEndpoint admin = null;
        try {
            EngineEventListener events = event -> log.info("event " + event);
            node.events().addListener(events);
            try {
                history = EventHistory.open(options.stateDirectory().resolve("history"),
                        volume -> node.pairOfVolume(volume).orElse(volume));
                node.events().addListener(history);
            } catch (IOException | RuntimeException e) {
                log.info("events are not recorded: the event history cannot be opened: " + e.getMessage());
            }
            node.startRecordedPairs();
            node.failedPairs().forEach((pair, why) -> log.info("the pair " + pair + " could not start: " + why));
            SecondaryHost host = node.secondaryHost();
            host.failed().forEach((pair, why) -> log.info("the secondary of " + pair + " could not open: " + why));
            if (!hostSecondaries(host, log) || !trustPrimaries(host, log)) {
                return EXIT_FAILED;
            }
            InetSocketAddress address;
            try {
                address = host.listen(options.listen());
            } catch (IOException | RuntimeException e) {
                log.info("cannot serve: " + e.getMessage());
                return EXIT_FAILED;
            }
            log.info("listening on " + address.getHostString() + ":" + address.getPort() + " with certificate "
                    + node.fingerprint());
            try {
                admin = AdminEndpoint.start(options.stateDirectory(), new NodeCommands(node, history));
                log.info("the command line reaches this node with: mirrorline --state-dir " + options.stateDirectory()
                        + " COMMAND");
            } catch (IOException e) {
                log.info("the command line cannot reach this node: " + e.getMessage());
            }
            for (SecondaryHost.Hosted hosted : host.secondaries()) {
                log.info("serving the secondary of " + hosted.pairId() + " on " + hosted.image() + " ("
                        + hosted.sizeBytes() + " bytes, applied through update " + hosted.lastAppliedSequence()
                        + ", trusted primaries " + hosted.primaries() + ")");
            }
            for (String pair : options.pairingTokens()) {
                try {
                    log.info("pairing token for " + pair + " (valid " + options.tokenValidity().toMinutes()
                            + " min): " + host.issuePairingToken(pair, options.tokenValidity()));
                } catch (RuntimeException e) {
                    log.info("no pairing token for " + pair + ": " + e.getMessage());
                    return EXIT_FAILED;
                }
            }
            for (SecondaryHost.Hosted hosted : host.secondaries()) {
                if (hosted.primaries().isEmpty() && !options.pairingTokens().contains(hosted.pairId())) {
                    log.info("no primary is trusted for " + hosted.pairId() + " yet: start the agent with"
                            + " --pairing-token " + hosted.pairId() + ", or --trust " + hosted.pairId()
                            + "=FINGERPRINT");
                }
            }
            log.info("running; stop with SIGTERM");
            stopRequested.await();
            log.info("stopping");
            return EXIT_OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("interrupted; stopping");
            return EXIT_OK;
        } finally {
            if (admin != null) {
                admin.close();
            }
            try {
                node.close();
                if (history != null) {
                    history.close(); // after the node: its last events are recorded
                }
                log.info("stopped cleanly");
            } catch (IOException | RuntimeException e) {
                log.info("did not stop cleanly: " + e.getMessage());
            }
        }
    }

    private boolean hostSecondaries(SecondaryHost host, AgentLog log) {
        for (AgentOptions.SecondaryOption wanted : options.secondaries()) {
            Optional<SecondaryHost.Hosted> existing = host.secondaries().stream()
                    .filter(hosted -> hosted.pairId().equals(wanted.pairId())).findFirst();
            if (existing.isPresent()) {
                if (!existing.get().image().equals(wanted.image().toAbsolutePath().normalize())) {
                    log.info("the secondary of " + wanted.pairId() + " is " + existing.get().image() + ", not "
                            + wanted.image() + ": remove it first to move it");
                    return false;
                }
                continue; // hosted already, as asked
            }
            try {
                host.host(new SecondaryHost.Spec(wanted.pairId(), wanted.image(), wanted.createBytes(),
                        wanted.chunkSize()));
                log.info("now hosting the secondary of " + wanted.pairId() + " on " + wanted.image());
            } catch (IOException | RuntimeException e) {
                log.info("cannot host the secondary of " + wanted.pairId() + ": " + e.getMessage());
                return false;
            }
        }
        return true;
    }

    private boolean trustPrimaries(SecondaryHost host, AgentLog log) {
        for (var trusted : options.trustedPrimaries().entrySet()) {
            try {
                host.pinPrimary(trusted.getKey(), trusted.getValue());
                log.info("trusting " + trusted.getValue() + " as the primary of " + trusted.getKey());
            } catch (IOException | RuntimeException e) {
                log.info("cannot trust the primary of " + trusted.getKey() + ": " + e.getMessage());
                return false;
            }
        }
        return true;
    }

    /** Asks the agent to stop; {@link #run()} then closes everything and returns. */
    public void stop() {
        stopRequested.countDown();
    }

    /**
     * Waits until {@link #run()} has returned.
     *
     * @param seconds how long to wait at most
     * @return whether it has
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitStopped(long seconds) throws InterruptedException {
        return stopped.await(seconds, TimeUnit.SECONDS);
    }
}
