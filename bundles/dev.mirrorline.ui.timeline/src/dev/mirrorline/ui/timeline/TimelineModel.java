package dev.mirrorline.ui.timeline;

import java.util.List;

/**
 * What the timeline widget draws, queried by time range so that a long history never has to be
 * in memory at once. A model tells its listeners what changed; the widget then repaints that
 * range only. Implementations must be safe to query from the UI thread while items arrive on
 * other threads.
 */
public interface TimelineModel {

    /** @return the lanes, in the order they are drawn */
    List<TimelineLane> lanes();

    /**
     * The items of a lane that overlap a time range: spans with {@code start < to} and an end
     * after {@code from} (open spans end at the present), and markers with
     * {@code from <= at < to}.
     *
     * @param laneId the lane
     * @param from the start of the range, in milliseconds since the epoch, inclusive
     * @param to its end, exclusive
     * @param resolution how much time one pixel covers, in milliseconds: a hint that a model may
     *        use to return fewer items where many fall within one pixel; the widget draws
     *        correctly with all of them
     * @return the items, each row's ordered by start (the rows in any order); empty for an
     *         unknown lane
     */
    List<TimelineItem> itemsIn(String laneId, long from, long to, long resolution);

    /**
     * @return the earliest start and the latest time (start, or end of a closed span) of all
     *         items, as a two-element array, or null when there are none
     */
    long[] extent();

    /** @param listener hears of changes from now on */
    void addListener(TimelineModelListener listener);

    /** @param listener hears of no more changes */
    void removeListener(TimelineModelListener listener);
}
