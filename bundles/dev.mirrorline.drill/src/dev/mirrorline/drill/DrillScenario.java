package dev.mirrorline.drill;

import java.util.List;
import java.util.Optional;

import dev.mirrorline.node.Pair;

/**
 * What a drill does: a scenario's steps, in order, with its parameters. A scenario is stateless;
 * each run gets its steps afresh from {@link #steps}.
 */
public interface DrillScenario {

    /** @return a stable id, e.g. {@code "link-outage"}, for the command line and reports */
    String id();

    /** @return its name in words */
    String title();

    /** @return what it does and proves, in a sentence or two */
    String description();

    /** @return the parameters it takes */
    List<DrillParameter> parameters();

    /**
     * Says what is wrong with parameter values, before anything runs.
     *
     * @param parameters the values
     * @return the first problem, in words, or empty
     */
    Optional<String> problemWith(DrillParameters parameters);

    /**
     * @param pair the pair it will run on
     * @param parameters the values
     * @return how many bytes of free space the drill's snapshots and copies may take at most
     */
    long requiredFreeBytes(Pair pair, DrillParameters parameters);

    /**
     * @return whether it makes the secondary the primary (which needs a secondary on this node: a
     *         remote one is promoted on its agent, which this version does not do)
     */
    default boolean changesRoles() {
        return false;
    }

    /**
     * The steps of one run.
     *
     * @param parameters the values, already checked by {@link #problemWith}
     * @return the steps, in the order they run
     */
    List<DrillStep> steps(DrillParameters parameters);

    /**
     * One step: a name, and what it does.
     *
     * @param name what it does, in words, e.g. "Cut the link"
     * @param action the work; it may register a rollback with its context
     */
    record DrillStep(String name, StepAction action) {
    }

    /** The work of a step. */
    @FunctionalInterface
    interface StepAction {
        /**
         * Does the step.
         *
         * @param context the drill: pair, parameters, log, measurements, rollback
         * @throws Exception if the step fails (the drill then rolls back); {@link DrillCancelledException}
         *         if it was cancelled
         */
        void run(DrillContext context) throws Exception;
    }
}
