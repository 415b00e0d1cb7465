package dev.mirrorline.ui.timeline;

/**
 * A marker: writes to the primary were blocked for a moment (to take the outage snapshot).
 *
 * @param id identifies the marker within its lane
 * @param at when writes resumed
 * @param pauseNanos how long they were blocked, in nanoseconds
 */
public record WriteFreeze(String id, long at, long pauseNanos) implements TimelineItem {

    /** Checks the id and the pause. */
    public WriteFreeze {
        TimelineItem.checkSpan(id, at, at);
        if (pauseNanos < 0) {
            throw new IllegalArgumentException("negative pause: " + pauseNanos);
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
        return TimelineRow.FREEZE;
    }
}
