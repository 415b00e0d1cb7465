package dev.mirrorline.drill;

import java.time.Instant;
import java.util.List;

/**
 * A step of a drill as it stands or ended.
 *
 * @param index its position, from 1
 * @param name what it does
 * @param status where it stands
 * @param started when it started, or null
 * @param finished when it ended, or null
 * @param detail what came of it, in words; empty while it runs
 * @param log the lines it logged, oldest first
 */
public record StepRecord(int index, String name, StepStatus status, Instant started, Instant finished, String detail,
        List<String> log) {

    /** Copies the log. */
    public StepRecord {
        log = List.copyOf(log);
    }
}
