package dev.mirrorline.ui.timeline;

/**
 * What is selected in the timeline: a lane, and possibly one of its items.
 *
 * @param lane the selected lane
 * @param item the selected item of that lane, or null when only the lane is selected
 */
public record TimelineSelection(TimelineLane lane, TimelineItem item) {

    /** Checks that the lane is given. */
    public TimelineSelection {
        if (lane == null) {
            throw new NullPointerException("lane");
        }
    }
}
