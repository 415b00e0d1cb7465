package dev.mirrorline.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.node.PairState;
import dev.mirrorline.node.PairStatus;
import dev.mirrorline.node.RemoteProbe;

/**
 * The drills of one node: its scenarios, the pre-flight checks, the drills running (at most one
 * per pair) and the drill history under the node's state directory ({@code drills/}). One service
 * per node ({@link #of}); the console's wizard, the command line and tests use the same one.
 */
public final class DrillService {

    private static final Map<MirrorlineNode, DrillService> SERVICES = new WeakHashMap<>();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final MirrorlineNode node;
    private final DrillHistory history;
    private final List<DrillScenario> scenarios = List.of(new LinkOutageScenario(), new TestFailoverScenario(),
            new PlannedSwitchoverScenario(), new UnplannedFailoverScenario());
    private final Map<String, DrillRun> running = new HashMap<>();
    private final List<String> recoveryNotes = new ArrayList<>();
    private final List<DrillListener> drillListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private DrillService(MirrorlineNode node) {
        this.node = node;
        this.history = new DrillHistory(node.stateDirectory().resolve("drills"));
    }

    /**
     * The drill service of a node; the first call cleans up after drills the node was stopped in the
     * middle of (their snapshots are deleted, and they are kept in the history as
     * {@link DrillOutcome#INTERRUPTED}).
     *
     * @param node a running node
     * @return its drill service
     */
    public static synchronized DrillService of(MirrorlineNode node) {
        return SERVICES.computeIfAbsent(node, key -> {
            DrillService service = new DrillService(key);
            service.recoverInterrupted();
            return service;
        });
    }

    /** @return the scenarios this version knows */
    public List<DrillScenario> scenarios() {
        return scenarios;
    }

    /**
     * @param id a scenario's id
     * @return that scenario
     * @throws IllegalArgumentException naming the scenarios if there is none of that id
     */
    public DrillScenario scenario(String id) {
        return scenarios.stream().filter(scenario -> scenario.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No drill scenario '" + id + "'; the scenarios are "
                        + String.join(", ", scenarios.stream().map(DrillScenario::id).toList())));
    }

    /** @return the drill history of the node */
    public DrillHistory history() {
        return history;
    }

    /** @return what the clean-up after interrupted drills did, line by line (empty if nothing) */
    public synchronized List<String> recoveryNotes() {
        return List.copyOf(recoveryNotes);
    }

    EventDispatcher events() {
        return node.events();
    }

    /**
     * Adds a listener to every drill this service starts from now on, whoever starts it (a wizard,
     * the command line): a view of the drill history refreshes when it hears
     * {@link DrillListener#finished}, which comes once the drill is in the history. It hears on the
     * drill's thread; if it throws, the drill goes on and notes it in its result.
     *
     * @param listener the listener
     */
    public void addDrillListener(DrillListener listener) {
        drillListeners.add(listener);
    }

    /**
     * @param listener a listener added with {@link #addDrillListener}; drills started from now on do
     *        not tell it (nor does a drill it already hears)
     */
    public void removeDrillListener(DrillListener listener) {
        drillListeners.remove(listener);
        synchronized (this) {
            running.values().forEach(run -> run.removeListener(listener));
        }
    }

    /**
     * @param pairName a pair
     * @return the drill running on it, if any
     */
    public synchronized Optional<DrillRun> running(String pairName) {
        return Optional.ofNullable(running.get(pairName));
    }

    /**
     * The checks made before a drill runs; each says what it found, and a failed one what to do.
     * Checks only: nothing is done to the pair.
     *
     * @param pairName the pair
     * @param scenario the scenario
     * @param parameters the parameter values
     * @return the checks, in order; the drill can run if every one passed
     */
    public synchronized List<PreflightCheck> preflight(String pairName, DrillScenario scenario,
            DrillParameters parameters) {
        List<PreflightCheck> checks = new ArrayList<>();
        String unknown = parameters.unknownKeyFor(scenario);
        Optional<String> problem = unknown != null
                ? Optional.of("The scenario " + scenario.id() + " has no parameter '" + unknown + "'; it takes "
                        + String.join(", ", scenario.parameters().stream().map(DrillParameter::key).toList()))
                : scenario.problemWith(parameters);
        checks.add(problem.map(text -> PreflightCheck.failed("Parameters", text))
                .orElse(PreflightCheck.passed("Parameters", "Valid: " + parameters.resolvedFor(scenario))));
        Optional<Pair> found = node.pair(pairName);
        if (found.isEmpty()) {
            String failed = node.failedPairs().get(pairName);
            checks.add(PreflightCheck.failed("Pair running", failed != null
                    ? "The pair " + pairName + " could not start: " + failed
                    : "No pair named " + pairName + " runs on this node"));
            return checks;
        }
        Pair pair = found.get();
        checks.add(PreflightCheck.passed("Pair running", "The pair " + pairName + " runs on this node"));
        DrillRun other = running.get(pairName);
        checks.add(other != null
                ? PreflightCheck.failed("No drill running", "The drill " + other.id() + " (" + other.scenario().title()
                        + ") is already running on " + pairName + ": wait for it to end or cancel it")
                : PreflightCheck.passed("No drill running", "No other drill runs on " + pairName));
        PairStatus status = pair.status();
        checks.add(status.state() == PairState.CONSISTENT
                ? PreflightCheck.passed("Pair consistent", "The pair is consistent; "
                        + status.unacknowledgedUpdates() + " updates in flight")
                : PreflightCheck.failed("Pair consistent", "The pair " + pairName + " is " + status.state()
                        + (status.outageSince() != null ? " since " + status.outageSince() : "")
                        + (status.lastError() != null ? " (" + status.lastError() + ")" : "")
                        + ": a drill needs a consistent pair. Restore its link and wait until the resync has"
                        + " ended"));
        checks.add(reachability(pair, status));
        checks.add(pair.spec().secondary() instanceof PairSpec.LocalSecondary
                ? PreflightCheck.passed("Secondary verifiable", "The secondary " + pair.secondaryDescription()
                        + " is on this node: the drill compares it byte for byte")
                : PreflightCheck.failed("Secondary verifiable", "The secondary of " + pairName + " is on another host ("
                        + pair.secondaryDescription() + "): drills compare both volumes byte for byte, which this"
                        + " version does only with a secondary on this node"));
        if (scenario.changesRoles()) {
            checks.add(rolesCanChange(pair));
        }
        if (problem.isEmpty()) {
            checks.add(freeSpace(pair, scenario.requiredFreeBytes(pair, parameters)));
        }
        return checks;
    }

    private static PreflightCheck rolesCanChange(Pair pair) {
        if (pair.spec().secondary() instanceof PairSpec.RemoteSecondary) {
            return PreflightCheck.failed("Roles can change", "The secondary of " + pair.name() + " is on another host ("
                    + pair.secondaryDescription() + "): promoting it is a command on its agent, which this version"
                    + " does not have. Switchover and failover drills run on pairs whose secondary is on this node");
        }
        if (pair.failbackPending() || pair.failbackRunning()) {
            return PreflightCheck.failed("Roles can change", "The former primary of " + pair.name() + " waits for its"
                    + " failback after a failover: fail back first");
        }
        if (!pair.acceptsWrites()) {
            return PreflightCheck.failed("Roles can change", "The primary " + pair.primaryVolumeName() + " of "
                    + pair.name() + " is demoted (it takes no writes): let it take writes again first");
        }
        return PreflightCheck.passed("Roles can change", pair.primaryVolumeName() + " is the primary now, "
                + pair.secondaryVolumeName() + " the secondary, both on this node");
    }

    private PreflightCheck reachability(Pair pair, PairStatus status) {
        if (pair.spec().secondary() instanceof PairSpec.RemoteSecondary remote) {
            RemoteProbe probe = node.probeRemote(remote.host(), remote.port(), PROBE_TIMEOUT);
            return probe.problem().map(text -> PreflightCheck.failed("Peer reachable", text))
                    .orElse(PreflightCheck.passed("Peer reachable", "The agent at " + remote.host() + ":"
                            + remote.port() + " answers"));
        }
        return status.state() == PairState.CONSISTENT
                ? PreflightCheck.passed("Peer reachable", "The secondary " + pair.secondaryDescription()
                        + " answers on the replication link")
                : PreflightCheck.failed("Peer reachable", "The secondary " + pair.secondaryDescription()
                        + " does not answer on the replication link"
                        + (status.lastError() != null ? ": " + status.lastError() : ""));
    }

    private PreflightCheck freeSpace(Pair pair, long required) {
        try {
            Files.createDirectories(history.directory());
            long free = Math.min(Files.getFileStore(pair.directory()).getUsableSpace(),
                    Files.getFileStore(history.directory()).getUsableSpace());
            return free >= required
                    ? PreflightCheck.passed("Free space", Measurement.bytes(free) + " free, the drill needs at most "
                            + Measurement.bytes(required))
                    : PreflightCheck.failed("Free space", "The drill's snapshots and copies may need "
                            + Measurement.bytes(required) + " under " + pair.directory() + " and " + history.directory()
                            + ", but only " + Measurement.bytes(free) + " are free: free some space first");
        } catch (IOException e) {
            return PreflightCheck.failed("Free space", "The free space under " + pair.directory()
                    + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Checks, then starts a drill on its own thread.
     *
     * @param pairName the pair
     * @param scenario the scenario
     * @param parameters the parameter values
     * @param reportFile where to write a copy of its HTML report when it ends, or null (the drill
     *        history keeps one in any case)
     * @return the running drill
     * @throws DrillRefusedException with every check, if a pre-flight check failed
     * @throws IOException if its directory in the drill history cannot be created
     */
    public synchronized DrillRun start(String pairName, DrillScenario scenario, DrillParameters parameters,
            Path reportFile) throws DrillRefusedException, IOException {
        return start(pairName, scenario, parameters, reportFile, null);
    }

    /**
     * Checks, then starts a drill on its own thread, with a listener that hears it from its first step.
     *
     * @param pairName the pair
     * @param scenario the scenario
     * @param parameters the parameter values
     * @param reportFile where to write a copy of its HTML report when it ends, or null
     * @param listener told of everything the drill does from its start (a wizard's run page), or null
     * @return the running drill
     * @throws DrillRefusedException with every check, if a pre-flight check failed
     * @throws IOException if its directory in the drill history cannot be created
     */
    public synchronized DrillRun start(String pairName, DrillScenario scenario, DrillParameters parameters,
            Path reportFile, DrillListener listener) throws DrillRefusedException, IOException {
        List<PreflightCheck> checks = preflight(pairName, scenario, parameters);
        if (checks.stream().anyMatch(check -> !check.passed())) {
            throw new DrillRefusedException(checks);
        }
        Pair pair = node.pair(pairName).orElseThrow();
        String id = newId(pairName);
        Path directory = history.create(id);
        history.noteInProgress(id, pairName, java.util.Set.of());
        DrillRun run = new DrillRun(id, this, scenario, parameters, pair, directory, reportFile, checks);
        if (listener != null) {
            run.addListener(listener);
        }
        drillListeners.forEach(run::addListener);
        running.put(pairName, run);
        try {
            run.start();
        } catch (RuntimeException e) {
            running.remove(pairName);
            throw e;
        }
        return run;
    }

    private String newId(String pairName) {
        while (true) {
            String id = ID_TIME.format(Instant.now()) + "-" + pairName + "-"
                    + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
            if (!Files.exists(history.directory().resolve(id))) {
                return id;
            }
        }
    }

    /** Called on the drill's thread when it has ended: writes its report and frees its pair. */
    void finish(DrillRun run, DrillResult result, Path reportCopy) throws IOException {
        try {
            String html = DrillReport.html(result);
            history.record(result, html);
            if (reportCopy != null) {
                Path parent = reportCopy.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                DrillHistory.writeAtomically(reportCopy, html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            synchronized (this) {
                running.remove(run.pair().name(), run);
            }
        }
    }

    /** Frees a pair whose drill stopped on an internal error. */
    synchronized void abandon(DrillRun run) {
        running.remove(run.pair().name(), run);
    }

    private synchronized void recoverInterrupted() {
        try {
            for (DrillHistory.Interrupted drill : history.interrupted()) {
                // a test copy is the drill's own file: it goes whether or not the pair runs
                Files.deleteIfExists(history.directory().resolve(drill.id()).resolve(TestFailoverScenario.TEST_COPY));
                String note;
                Optional<Pair> pair = node.pair(drill.pair());
                if (pair.isPresent()) {
                    try {
                        int deleted = pair.get().discardSnapshots(drill.snapshotIds());
                        note = "The node stopped during the drill " + drill.id() + "; " + deleted
                                + " snapshot(s) it had taken were deleted";
                    } catch (IOException e) {
                        note = "The node stopped during the drill " + drill.id() + "; its snapshots "
                                + drill.snapshotIds() + " could not be deleted: " + e.getMessage();
                    }
                } else {
                    // kept in progress: the next start of the node, with the pair running, cleans up
                    recoveryNotes.add("The node stopped during the drill " + drill.id() + "; its pair " + drill.pair()
                            + " does not run now, so its snapshots " + drill.snapshotIds() + " are left until it does");
                    continue;
                }
                recoveryNotes.add(note);
                Instant now = Instant.now();
                DrillResult interrupted = new DrillResult(drill.id(), "unknown", "Interrupted drill", drill.pair(),
                        Map.of(), now, now, DrillOutcome.INTERRUPTED, note, List.of(), List.of(), List.of(note),
                        List.of(), List.of(), List.of(), history.directory().resolve(drill.id())
                                .resolve(DrillHistory.REPORT_FILE));
                history.record(interrupted, DrillReport.html(interrupted));
            }
        } catch (IOException e) {
            recoveryNotes.add("The drill history under " + history.directory() + " cannot be read: " + e.getMessage());
        }
    }
}
