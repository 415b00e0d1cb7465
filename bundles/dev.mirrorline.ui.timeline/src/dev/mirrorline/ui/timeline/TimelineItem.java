package dev.mirrorline.ui.timeline;

/**
 * Something the timeline draws in a lane: a span (start to end) or a marker (a span whose end is
 * its start). Times are milliseconds since the epoch. An item with {@link #OPEN} as its end is
 * still going on, and is drawn up to the present.
 *
 * <p>Items are values: when something changes (a snapshot is deleted, a resync progresses), the
 * model replaces the item with one of the same {@link #id()}.
 */
public sealed interface TimelineItem permits LinkSpan, WriteFreeze, SnapshotSpan, ResyncSpan, DrillStep {

    /** The end of an item that is still going on. */
    long OPEN = Long.MAX_VALUE;

    /** @return what identifies the item within its lane, across its updates */
    String id();

    /** @return when it began, in milliseconds since the epoch */
    long start();

    /** @return when it ended, in milliseconds since the epoch; its start for a marker; {@link #OPEN} while it goes on */
    long end();

    /** @return the row it is drawn in */
    TimelineRow row();

    /** @return whether it is still going on */
    default boolean isOpen() {
        return end() == OPEN;
    }

    /** @return whether it is a point in time rather than a span */
    default boolean isMarker() {
        return end() == start();
    }

    /**
     * @param now the present, for an item still going on
     * @return its end, or {@code now} (but not before its start) while it goes on
     */
    default long endAt(long now) {
        return isOpen() ? Math.max(start(), now) : end();
    }

    /** Checks the times of a span. */
    static void checkSpan(String id, long start, long end) {
        if (id == null) {
            throw new NullPointerException("id");
        }
        if (end < start) {
            throw new IllegalArgumentException("item " + id + " ends (" + end + ") before it starts (" + start + ")");
        }
    }
}
