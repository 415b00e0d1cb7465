package dev.mirrorline.drill;

/** How a drill ended. */
public enum DrillOutcome {
    /** Still running. */
    RUNNING,
    /** Every step passed and every verification found equal data. */
    PASSED,
    /** A step failed or a verification found different data; the drill rolled back. */
    FAILED,
    /** The administrator cancelled it; the drill rolled back. */
    CANCELLED,
    /** The node stopped while it ran; what it left behind was cleaned up at the next start. */
    INTERRUPTED
}
