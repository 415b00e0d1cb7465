package dev.mirrorline.ui.timeline;

/**
 * A time during which the replication link was in one state.
 *
 * @param id identifies the span within its lane
 * @param start when the link entered the state
 * @param end when it left it, or {@link TimelineItem#OPEN}
 * @param state connected or interrupted
 * @param reason why it is in that state (the cause of an interruption); may be empty, never null
 */
public record LinkSpan(String id, long start, long end, State state, String reason) implements TimelineItem {

    /** The state of the link. */
    public enum State {
        /** Updates flow to the secondary. */
        CONNECTED,
        /** The link is down: writes go on locally, tracked by the outage snapshot. */
        INTERRUPTED
    }

    /** Checks the times and that state and reason are given. */
    public LinkSpan {
        TimelineItem.checkSpan(id, start, end);
        if (state == null || reason == null) {
            throw new NullPointerException("state and reason");
        }
    }

    @Override
    public TimelineRow row() {
        return TimelineRow.LINK;
    }
}
