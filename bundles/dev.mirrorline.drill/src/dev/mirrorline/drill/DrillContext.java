package dev.mirrorline.drill;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;

/**
 * What a step works with: the pair, the parameters, the drill's log, measurements, verifications,
 * the pair's events while the drill runs, cancellation, and the rollback. Steps run one after the
 * other on the drill's thread; the thread is never interrupted (an interrupt would close the
 * volumes' file channels under the pair), so steps wait through the methods here, which return
 * when the drill is cancelled.
 */
public final class DrillContext {

    private static final Duration POLL = Duration.ofMillis(20);

    private final DrillRun run;

    DrillContext(DrillRun run) {
        this.run = run;
    }

    /** @return the pair the drill runs on */
    public Pair pair() {
        return run.pair();
    }

    /** @return the drill's id */
    public String drillId() {
        return run.id();
    }

    /** @return the scenario */
    public DrillScenario scenario() {
        return run.scenario();
    }

    /** @return the parameter values */
    public DrillParameters parameters() {
        return run.parameters();
    }

    /** @return a directory of the drill's own (in the drill history), for test copies and the like */
    public Path workDirectory() {
        return run.directory();
    }

    /**
     * Logs a line for the current step.
     *
     * @param line the line
     */
    public void log(String line) {
        run.log(line);
    }

    /**
     * Says how far the current step has come.
     *
     * @param fraction from 0 to 1
     */
    public void progress(double fraction) {
        run.stepProgress(fraction);
    }

    /**
     * Sets the current step's outcome in words (shown with its status).
     *
     * @param text the words
     */
    public void detail(String text) {
        run.stepDetail(text);
    }

    /**
     * Ends the current step as {@link StepStatus#SKIPPED} once it returns: it had nothing to do.
     *
     * @param reason why, in words
     */
    public void skip(String reason) {
        run.skipStep(reason);
    }

    /**
     * Records a measured figure.
     *
     * @param key a stable name, e.g. {@code "rpo.bytes"}
     * @param label what it is, in words
     * @param value the figure
     * @param unit its unit (see {@link Measurement})
     */
    public void measure(String key, String label, double value, String unit) {
        run.measure(new Measurement(key, label, value, unit));
    }

    /**
     * Records a comparison; the drill fails if the checksums differ.
     *
     * @param verification the comparison
     */
    public void verified(Verification verification) {
        run.verified(verification);
    }

    /** @return whether the drill was cancelled */
    public boolean cancelled() {
        return run.isCancelled();
    }

    /**
     * @throws DrillCancelledException if the drill was cancelled
     */
    public void checkCancelled() throws DrillCancelledException {
        if (run.isCancelled()) {
            throw new DrillCancelledException();
        }
    }

    /**
     * Waits, reporting the step's progress as the time passes.
     *
     * @param duration how long
     * @param whileWaiting run every few milliseconds while waiting (a status poll, say); may be null
     * @throws DrillCancelledException if the drill is cancelled meanwhile
     */
    public void hold(Duration duration, Runnable whileWaiting) throws DrillCancelledException {
        long start = System.nanoTime();
        long total = Math.max(1, duration.toNanos());
        while (true) {
            long elapsed = System.nanoTime() - start;
            if (whileWaiting != null) {
                whileWaiting.run();
            }
            progress(Math.min(1.0, (double) elapsed / total));
            if (elapsed >= total) {
                return;
            }
            run.pause(Math.min(POLL.toNanos(), total - elapsed));
            checkCancelled();
        }
    }

    /**
     * Waits a little, returning early if the drill is cancelled.
     *
     * @param duration how long at most
     * @throws DrillCancelledException if the drill is cancelled
     */
    public void pause(Duration duration) throws DrillCancelledException {
        run.pause(duration.toNanos());
        checkCancelled();
    }

    /**
     * Waits until the pair is in a state.
     *
     * @param state the state
     * @param timeout how long at most
     * @throws DrillCancelledException if the drill is cancelled meanwhile
     * @throws IOException saying what the pair is instead, if it did not get there in time
     */
    public void awaitState(PairState state, Duration timeout) throws DrillCancelledException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pair().status().state() != state) {
            if (System.nanoTime() > deadline) {
                var status = pair().status();
                throw new IOException("The pair " + pair().name() + " did not become " + state + " within "
                        + timeout.toSeconds() + " s: it is " + status.state()
                        + (status.lastError() != null ? " (" + status.lastError() + ")" : ""));
            }
            run.pause(POLL.toNanos());
            checkCancelled();
        }
    }

    /** @return how many of the pair's events the drill has received so far (a mark for {@link #awaitEvent}) */
    public int eventMark() {
        return run.eventCount();
    }

    /** @return the pair's events received so far, oldest first */
    public List<EngineEvent> events() {
        return run.events();
    }

    /**
     * Waits for an event of the pair received after a mark.
     *
     * @param <T> its type
     * @param type its type
     * @param test what it must say
     * @param fromMark look only at events received after {@link #eventMark()} said this
     * @param timeout how long at most
     * @param what the event, in words, for the message if it does not come
     * @return the first such event
     * @throws DrillCancelledException if the drill is cancelled meanwhile
     * @throws IOException if it does not come in time
     */
    public <T extends EngineEvent> T awaitEvent(Class<T> type, Predicate<T> test, int fromMark, Duration timeout,
            String what) throws DrillCancelledException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = fromMark;
        while (true) {
            List<EngineEvent> events = run.events();
            for (; next < events.size(); next++) {
                EngineEvent event = events.get(next);
                if (type.isInstance(event) && test.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("No " + what + " within " + timeout.toSeconds() + " s");
            }
            run.pause(POLL.toNanos());
            checkCancelled();
        }
    }

    /**
     * Registers what undoes a step's effect if the drill fails or is cancelled before a later step
     * undoes it in the normal course ({@link Rollback#done()}). Rollbacks run newest first.
     *
     * @param description what it does, in words, e.g. "Restore the link"
     * @param action the undoing
     * @return the handle to mark it done
     */
    public Rollback onRollback(String description, RollbackAction action) {
        return run.onRollback(description, action);
    }

    /**
     * Starts the pair's write load for a drill that changes roles: if it was running already, it is
     * started again when the drill ends (a role change stops it); otherwise a rollback stops it.
     *
     * @return the rollback that stops the load, or null if it was running before the drill
     */
    public Rollback startLoadForTheDrill() {
        Pair drilled = pair();
        if (drilled.status().loadRunning()) {
            log("The write load was already running");
            atEnd("Start the write load again, as before the drill", drilled::startLoad);
            return null;
        }
        drilled.startLoad();
        Rollback stop = onRollback("Stop the write load", drilled::stopLoad);
        log("Write load started on " + drilled.primaryVolumeName());
        return stop;
    }

    /**
     * Registers what runs when the drill ends, whatever the outcome, after any rollback (e.g. start
     * the write load again if it ran before the drill).
     *
     * @param description what it does, in words
     * @param action the work
     */
    public void atEnd(String description, RollbackAction action) {
        run.atEnd(description, action);
    }

    /**
     * Notes in the drill history the snapshots a step is about to take, so that a node restarted in
     * the middle of the drill deletes them.
     *
     * @param ids the snapshot ids
     * @throws IOException if the note cannot be written
     */
    public void noteSnapshots(Collection<String> ids) throws IOException {
        run.noteSnapshots(ids);
    }

    /** Undoes a step's effect; may throw, which the rollback logs and goes on. */
    @FunctionalInterface
    public interface RollbackAction {
        /**
         * @throws Exception if it fails
         */
        void run() throws Exception;
    }

    /** A registered rollback. */
    public interface Rollback {
        /** The effect was undone in the normal course: the rollback is not needed any more. */
        void done();
    }
}
