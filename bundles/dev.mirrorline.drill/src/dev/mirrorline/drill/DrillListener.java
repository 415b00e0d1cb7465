package dev.mirrorline.drill;

/**
 * Hears what a running drill does, on the drill's thread (a UI hands it over to its own thread).
 * Every method does nothing unless overridden.
 */
public interface DrillListener {

    /**
     * A step started or ended.
     *
     * @param run the drill
     * @param step the step as it stands now
     */
    default void stepChanged(DrillRun run, StepRecord step) {
    }

    /**
     * A step logged a line.
     *
     * @param run the drill
     * @param stepIndex the step, from 1; 0 for the rollback
     * @param line the line
     */
    default void logged(DrillRun run, int stepIndex, String line) {
    }

    /**
     * The drill progressed.
     *
     * @param run the drill
     * @param fraction of the whole drill, from 0 to 1
     */
    default void progressed(DrillRun run, double fraction) {
    }

    /**
     * The drill ended, its report written.
     *
     * @param run the drill
     * @param result what came of it
     */
    default void finished(DrillRun run, DrillResult result) {
    }
}
