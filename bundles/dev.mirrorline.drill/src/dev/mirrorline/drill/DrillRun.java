package dev.mirrorline.drill;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEventListener;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;

/**
 * One drill, running or ended: its steps run in order on a background thread, each published to
 * the listeners and, as {@link EngineEvent.DrillStepChanged} events, to the node's event
 * dispatcher (so the event history and the timeline show them). {@link #cancel()} stops it at the
 * next point where its step waits, and rolls back. Started by {@link DrillService#start}.
 */
public final class DrillRun {

    /** How long the rollback waits for the pair to be consistent again. */
    static final Duration CONSISTENT_AGAIN = Duration.ofSeconds(90);

    private final String id;
    private final DrillService service;
    private final DrillScenario scenario;
    private final DrillParameters parameters;
    private final Pair pair;
    private final Path directory;
    private final Path reportCopy;
    private final List<PreflightCheck> preflight;
    private final List<DrillScenario.DrillStep> plan;
    private final List<DrillListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final StepRecord[] steps;
    private final List<String> stepLog = new ArrayList<>();
    private final List<String> rollbackLog = new ArrayList<>();
    private final List<Measurement> measurements = new CopyOnWriteArrayList<>();
    private final List<Verification> verifications = new CopyOnWriteArrayList<>();
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private final Deque<RegisteredRollback> rollbacks = new ArrayDeque<>();
    private final List<RegisteredRollback> atEnd = new ArrayList<>();
    private final Set<String> snapshotIds = new HashSet<>();
    private final EngineEventListener eventListener = this::heard;
    private final Instant started = Instant.now();
    private volatile boolean cancelled;
    private volatile int current;
    private volatile double currentProgress;
    private volatile String currentDetail = "";
    private volatile String skipReason;
    private volatile DrillOutcome outcome = DrillOutcome.RUNNING;
    private volatile DrillResult result;
    private volatile boolean endSeen;
    private String reason = "";

    DrillRun(String id, DrillService service, DrillScenario scenario, DrillParameters parameters, Pair pair,
            Path directory, Path reportCopy, List<PreflightCheck> preflight) {
        this.id = id;
        this.service = service;
        this.scenario = scenario;
        this.parameters = parameters;
        this.pair = pair;
        this.directory = directory;
        this.reportCopy = reportCopy;
        this.preflight = List.copyOf(preflight);
        this.plan = List.copyOf(scenario.steps(parameters));
        this.steps = new StepRecord[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            steps[i] = new StepRecord(i + 1, plan.get(i).name(), StepStatus.PENDING, null, null, "", List.of());
        }
    }

    /** @return the drill's id, unique on the node */
    public String id() {
        return id;
    }

    /** @return the scenario */
    public DrillScenario scenario() {
        return scenario;
    }

    /** @return the parameter values */
    public DrillParameters parameters() {
        return parameters;
    }

    /** @return the pair it runs on */
    public Pair pair() {
        return pair;
    }

    /** @return its directory in the drill history */
    Path directory() {
        return directory;
    }

    /** @return when it started */
    public Instant started() {
        return started;
    }

    /** @return the pre-flight checks it passed */
    public List<PreflightCheck> preflight() {
        return preflight;
    }

    /** @return every step as it stands now */
    public List<StepRecord> steps() {
        synchronized (lock) {
            return List.of(steps);
        }
    }

    /** @return how it ended, or {@link DrillOutcome#RUNNING} */
    public DrillOutcome outcome() {
        return outcome;
    }

    /** @return the result once it ended (its report written), or null */
    public DrillResult result() {
        return result;
    }

    /** @return the progress of the whole drill, from 0 to 1 */
    public double progress() {
        if (outcome != DrillOutcome.RUNNING) {
            return 1;
        }
        return plan.isEmpty() ? 0 : Math.min(1, (Math.max(0, current - 1) + currentProgress) / plan.size());
    }

    /**
     * @param listener told of steps, log lines, progress and the end, on the drill's thread
     */
    public void addListener(DrillListener listener) {
        listeners.add(listener);
    }

    /**
     * @param listener a listener added before
     */
    public void removeListener(DrillListener listener) {
        listeners.remove(listener);
    }

    /**
     * Cancels the drill: the running step stops where it waits next, the drill rolls back and leaves
     * the pair consistent. Does nothing once it has ended.
     */
    public void cancel() {
        cancelled = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** @return whether {@link #cancel()} was called */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Waits until the drill has ended and its report is written.
     *
     * @param timeout how long at most
     * @return the result, or null if it has not ended in time
     * @throws InterruptedException if interrupted while waiting
     */
    public DrillResult await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (result == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return result;
        }
    }

    void start() {
        pair.primaryVolumeName(); // fails early if the pair is closed
        service.events().addListener(eventListener);
        Thread thread = new Thread(this::runSteps, "mirrorline-drill-" + pair.name());
        thread.setDaemon(true);
        thread.start();
    }

    // ---- on the drill's thread ----

    private void runSteps() {
        try {
            runStepsAndFinish();
        } catch (RuntimeException | Error e) {
            // a defect: still free the pair for drills and wake whoever waits, with what is known
            synchronized (lock) {
                rollbackLog.add("The drill stopped on an internal error: " + e);
            }
            outcome = DrillOutcome.FAILED;
            service.events().removeListener(eventListener);
            DrillResult ended = new DrillResult(id, scenario.id(), scenario.title(), pair.name(),
                    parameters.resolvedFor(scenario), started, Instant.now(), DrillOutcome.FAILED,
                    "Internal error: " + e, preflight, steps(), rollbackLogCopy(), measurements, verifications, events,
                    directory.resolve(DrillHistory.REPORT_FILE));
            service.abandon(this);
            synchronized (lock) {
                if (result == null) {
                    result = ended;
                }
                lock.notifyAll();
            }
            throw e;
        }
    }

    private void runStepsAndFinish() {
        DrillContext context = new DrillContext(this);
        publish(0, "Drill", "STARTED", scenario.title());
        DrillOutcome ending = DrillOutcome.PASSED;
        for (int i = 0; i < plan.size(); i++) {
            current = i + 1;
            currentProgress = 0;
            currentDetail = "";
            skipReason = null;
            if (cancelled) {
                ending = DrillOutcome.CANCELLED;
                reason = "Cancelled before step " + (i + 1);
                break;
            }
            changeStep(i, StepStatus.RUNNING, "");
            publish(i + 1, plan.get(i).name(), "STARTED", "");
            StepStatus status;
            String detail;
            try {
                plan.get(i).action().run(context);
                status = skipReason != null ? StepStatus.SKIPPED : StepStatus.PASSED;
                detail = skipReason != null ? skipReason : currentDetail;
                Verification differing = verifications.stream().filter(v -> !v.equal()).findFirst().orElse(null);
                if (differing != null) {
                    status = StepStatus.FAILED;
                    detail = differing.label() + ": the checksums differ";
                }
            } catch (DrillCancelledException e) {
                status = StepStatus.CANCELLED;
                detail = "Cancelled by the administrator";
            } catch (Exception | AssertionError e) {
                status = StepStatus.FAILED;
                detail = e.getMessage() != null ? e.getMessage() : e.toString();
            }
            currentProgress = 1;
            changeStep(i, status, detail);
            publish(i + 1, plan.get(i).name(), status.name(), detail);
            if (status == StepStatus.CANCELLED) {
                ending = DrillOutcome.CANCELLED;
                reason = "Cancelled during step " + (i + 1) + ", " + plan.get(i).name();
                break;
            }
            if (status == StepStatus.FAILED) {
                ending = DrillOutcome.FAILED;
                reason = "Step " + (i + 1) + ", " + plan.get(i).name() + ", failed: " + detail;
                break;
            }
        }
        for (int i = 0; i < plan.size(); i++) {
            if (!steps[i].status().ended()) {
                changeStep(i, StepStatus.SKIPPED, "Not run: the drill " + (ending == DrillOutcome.CANCELLED
                        ? "was cancelled" : "failed") + " before it");
            }
        }
        current = plan.size() + 1;
        if (ending != DrillOutcome.PASSED) {
            rollBack();
        }
        for (RegisteredRollback end : atEnd) {
            runLogged(end);
        }
        if (ending != DrillOutcome.PASSED) {
            leaveConsistent();
        }
        outcome = ending;
        publish(0, "Drill", ending.name(), reason);
        awaitOwnEnd();
        service.events().removeListener(eventListener);
        DrillResult ended = new DrillResult(id, scenario.id(), scenario.title(), pair.name(),
                parameters.resolvedFor(scenario), started, Instant.now(), ending, reason, preflight, steps(),
                rollbackLogCopy(), measurements, verifications, events, directory.resolve(DrillHistory.REPORT_FILE));
        try {
            service.finish(this, ended, reportCopy);
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                rollbackLog.add("The report could not be written: " + e.getMessage());
            }
        }
        synchronized (lock) {
            result = ended;
            lock.notifyAll();
        }
        tell(listener -> listener.finished(this, ended));
    }

    private void rollBack() {
        List<RegisteredRollback> pending;
        synchronized (lock) {
            pending = new ArrayList<>(rollbacks);
            rollbacks.clear();
        }
        if (pending.isEmpty()) {
            rollbackLine("Nothing to roll back");
        }
        for (RegisteredRollback rollback : pending) { // newest first
            runLogged(rollback);
        }
    }

    private void runLogged(RegisteredRollback rollback) {
        try {
            rollback.action().run();
            rollbackLine(rollback.description() + ": done");
        } catch (Exception e) {
            rollbackLine(rollback.description() + ": failed, " + (e.getMessage() != null ? e.getMessage() : e));
        }
    }

    private void leaveConsistent() {
        long deadline = System.nanoTime() + CONSISTENT_AGAIN.toNanos();
        while (pair.status().state() != PairState.CONSISTENT && System.nanoTime() < deadline) {
            pause(TimeUnit.MILLISECONDS.toNanos(50));
        }
        var status = pair.status();
        rollbackLine(status.state() == PairState.CONSISTENT ? "The pair is consistent again"
                : "The pair is " + status.state() + " after " + CONSISTENT_AGAIN.toSeconds() + " s"
                        + (status.lastError() != null ? " (" + status.lastError() + ")" : "")
                        + ": look at it before the next drill");
    }

    private void rollbackLine(String line) {
        synchronized (lock) {
            rollbackLog.add(line);
        }
        tell(listener -> listener.logged(this, 0, line));
    }

    private List<String> rollbackLogCopy() {
        synchronized (lock) {
            return List.copyOf(rollbackLog);
        }
    }

    /** Waits (bounded) until the drill's own last event came back through the dispatcher, so that its events are complete. */
    private void awaitOwnEnd() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!endSeen && System.nanoTime() < deadline) {
            pause(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private void publish(int index, String step, String status, String detail) {
        service.events().publish(new EngineEvent.DrillStepChanged(Instant.now(), pair.primaryVolumeName(), id,
                scenario.id(), index, step, status, detail == null ? "" : detail));
    }

    private void changeStep(int i, StepStatus status, String detail) {
        StepRecord changed;
        synchronized (lock) {
            StepRecord old = steps[i];
            Instant now = Instant.now();
            if (status == StepStatus.RUNNING) {
                stepLog.clear();
                changed = new StepRecord(old.index(), old.name(), status, now, null, detail, List.of());
            } else if (old.started() != null) {
                changed = new StepRecord(old.index(), old.name(), status, old.started(), now, detail, stepLog);
            } else {
                changed = new StepRecord(old.index(), old.name(), status, null, null, detail, List.of());
            }
            steps[i] = changed;
        }
        tell(listener -> listener.stepChanged(this, changed));
        double overall = progress();
        tell(listener -> listener.progressed(this, overall));
    }

    /** Tells every listener; one that throws does not stop the drill (its failure is noted in the result). */
    private void tell(java.util.function.Consumer<DrillListener> message) {
        for (DrillListener listener : listeners) {
            try {
                message.accept(listener);
            } catch (RuntimeException e) {
                synchronized (lock) {
                    if (rollbackLog.size() < 100) {
                        rollbackLog.add("A drill listener failed: " + e);
                    }
                }
            }
        }
    }

    // ---- for the context ----

    void log(String line) {
        int index = current;
        synchronized (lock) {
            stepLog.add(line);
            StepRecord old = steps[index - 1];
            steps[index - 1] = new StepRecord(old.index(), old.name(), old.status(), old.started(), old.finished(),
                    old.detail(), stepLog);
        }
        tell(listener -> listener.logged(this, index, line));
    }

    void stepProgress(double fraction) {
        currentProgress = Math.max(0, Math.min(1, fraction));
        double overall = progress();
        tell(listener -> listener.progressed(this, overall));
    }

    void stepDetail(String text) {
        currentDetail = text;
    }

    void skipStep(String why) {
        skipReason = why;
    }

    void measure(Measurement measurement) {
        measurements.removeIf(old -> old.key().equals(measurement.key()));
        measurements.add(measurement);
        log(measurement.label() + ": " + measurement.formatted());
    }

    void verified(Verification verification) {
        verifications.add(verification);
        log(verification.label() + ": " + verification.leftName() + " " + verification.leftSha256() + ", "
                + verification.rightName() + " " + verification.rightSha256() + (verification.equal() ? ", equal"
                        : ", DIFFERENT"));
    }

    /** Sleeps up to {@code nanos}, returning early when cancelled. Never interrupted. */
    void pause(long nanos) {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelled = true;
            }
        }
    }

    int eventCount() {
        return events.size();
    }

    List<EngineEvent> events() {
        return List.copyOf(events);
    }

    DrillContext.Rollback onRollback(String description, DrillContext.RollbackAction action) {
        RegisteredRollback rollback = new RegisteredRollback(description, action);
        synchronized (lock) {
            rollbacks.push(rollback);
        }
        return () -> {
            synchronized (lock) {
                rollbacks.remove(rollback);
            }
        };
    }

    void atEnd(String description, DrillContext.RollbackAction action) {
        atEnd.add(new RegisteredRollback(description, action));
    }

    void noteSnapshots(Collection<String> ids) throws IOException {
        synchronized (lock) {
            snapshotIds.addAll(ids);
        }
        service.history().noteInProgress(id, pair.name(), Set.copyOf(snapshotIds));
    }

    // ---- on the event thread ----

    private void heard(EngineEvent event) {
        String volume = volumeOf(event);
        boolean ours;
        if (event instanceof EngineEvent.ChunksCopied) {
            ours = false; // many, and the snapshot's deletion carries its size
        } else if (event instanceof EngineEvent.DrillStepChanged step) {
            ours = step.drillId().equals(id);
            if (ours && step.stepIndex() == 0 && !step.status().equals("STARTED")) {
                endSeen = true;
            }
        } else {
            ours = volume != null && (volume.equals(pair.primaryVolumeName())
                    || volume.equals(pair.secondaryVolumeName()));
        }
        if (ours) {
            events.add(event);
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    /**
     * @param event an engine event
     * @return the volume it names, or null
     */
    static String volumeOf(EngineEvent event) {
        if (event instanceof EngineEvent.WritesFrozen e) {
            return e.volume();
        } else if (event instanceof EngineEvent.WritesResumed e) {
            return e.volume();
        } else if (event instanceof EngineEvent.SnapshotCreated e) {
            return e.volume();
        } else if (event instanceof EngineEvent.SnapshotDeleted e) {
            return e.volume();
        } else if (event instanceof EngineEvent.LinkDown e) {
            return e.volume();
        } else if (event instanceof EngineEvent.LinkUp e) {
            return e.volume();
        } else if (event instanceof EngineEvent.LinkRefused e) {
            return e.volume();
        } else if (event instanceof EngineEvent.UnacknowledgedCaptured e) {
            return e.volume();
        } else if (event instanceof EngineEvent.ResyncStarted e) {
            return e.volume();
        } else if (event instanceof EngineEvent.ResyncProgress e) {
            return e.volume();
        } else if (event instanceof EngineEvent.ResyncFinished e) {
            return e.volume();
        } else if (event instanceof EngineEvent.DrillStepChanged e) {
            return e.volume();
        }
        return null;
    }

    private record RegisteredRollback(String description, DrillContext.RollbackAction action) {
    }

    @Override
    public String toString() {
        return "Drill " + id + " (" + scenario.id() + " on " + pair.name() + ", " + outcome + ")";
    }

}
