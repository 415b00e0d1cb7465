package dev.mirrorline.drill;

import java.util.List;
import java.util.stream.Collectors;

/** A drill was not started because a pre-flight check failed; nothing was done to the pair. */
public final class DrillRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<PreflightCheck> checks;

    DrillRefusedException(List<PreflightCheck> checks) {
        super(checks.stream().filter(check -> !check.passed()).map(PreflightCheck::message)
                .collect(Collectors.joining("; ")));
        this.checks = List.copyOf(checks);
    }

    /** @return every check made, passed or not */
    public List<PreflightCheck> checks() {
        return checks;
    }
}
