package dev.mirrorline.drill;

/** Thrown inside a step when the administrator cancelled the drill: the drill rolls back. */
public final class DrillCancelledException extends Exception {

    private static final long serialVersionUID = 1L;

    DrillCancelledException() {
        super("The drill was cancelled");
    }
}
