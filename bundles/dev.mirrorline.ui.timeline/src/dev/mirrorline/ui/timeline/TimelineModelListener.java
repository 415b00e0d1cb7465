package dev.mirrorline.ui.timeline;

/**
 * Hears what changed in a {@link TimelineModel}, so that a widget repaints only that. Models may
 * call it on any thread.
 */
public interface TimelineModelListener {

    /**
     * Items of a lane were added or replaced.
     *
     * @param laneId the lane
     * @param from the earliest time the change touches, in milliseconds since the epoch
     * @param to the latest time it touches ({@link TimelineItem#OPEN} when it reaches the present)
     */
    void itemsChanged(String laneId, long from, long to);

    /** Lanes were added, removed or renamed. */
    void lanesChanged();
}
