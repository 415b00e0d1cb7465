package dev.mirrorline.drill;

/** Where a step of a drill stands. */
public enum StepStatus {
    /** Not started yet. */
    PENDING,
    /** Running now. */
    RUNNING,
    /** Done, and what it checked held. */
    PASSED,
    /** It failed or what it checked did not hold; the drill rolls back. */
    FAILED,
    /** The administrator cancelled the drill during this step; the drill rolls back. */
    CANCELLED,
    /** Not run: an earlier step failed or was cancelled, or it had nothing to do. */
    SKIPPED;

    /** @return whether the step has ended */
    public boolean ended() {
        return this != PENDING && this != RUNNING;
    }
}
