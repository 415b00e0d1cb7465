package dev.mirrorline.ui.timeline;

/**
 * A marker: a step of a failover drill (cut the link, promote the secondary, verify, ...).
 *
 * @param id identifies the marker within its lane
 * @param at when the step happened
 * @param step the step's name
 * @param detail what came of it; may be empty, never null
 */
public record DrillStep(String id, long at, String step, String detail) implements TimelineItem {

    /** Checks the id, the step and the detail. */
    public DrillStep {
        TimelineItem.checkSpan(id, at, at);
        if (step == null || detail == null) {
            throw new NullPointerException("step and detail");
        }
    }

    @Override
    public long start() {
        return at;
    }

    @Override
    public long end() {
        return at;
    }

    @Override
    public TimelineRow row() {
        return TimelineRow.DRILL;
    }
}
