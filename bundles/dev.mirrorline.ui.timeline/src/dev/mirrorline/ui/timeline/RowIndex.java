package dev.mirrorline.ui.timeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of one row of one lane, answering range queries in logarithmic time plus the items
 * returned. Closed items are kept sorted by start, beside the running maximum of their ends: the
 * first item that can reach into a range is found by binary search on that maximum, which never
 * decreases. Open items (usually none or one) are kept apart, so that an item left open does not
 * make every later query scan from it. Not thread-safe: {@link SortedTimelineModel} guards it.
 */
final class RowIndex {

    private final List<TimelineItem> closed = new ArrayList<>();
    private long[] maxEnd = new long[16];
    private final List<TimelineItem> open = new ArrayList<>(2);
    private final Map<String, TimelineItem> byId = new HashMap<>();
    private long latestClosedEnd = Long.MIN_VALUE;

    int size() {
        return closed.size() + open.size();
    }

    TimelineItem get(String id) {
        return byId.get(id);
    }

    /**
     * Adds the item, or replaces the item with its id.
     *
     * @return the item it replaced, or null
     */
    TimelineItem put(TimelineItem item) {
        TimelineItem old = byId.put(item.id(), item);
        if (old != null) {
            remove(old);
        }
        if (item.isOpen()) {
            open.add(item);
            open.sort((a, b) -> Long.compare(a.start(), b.start()));
        } else {
            insertClosed(item);
        }
        return old;
    }

    private void remove(TimelineItem old) {
        if (old.isOpen()) {
            open.remove(old);
            return;
        }
        int index = lastIndexStartingAtOrBefore(old.start());
        while (index >= 0 && closed.get(index) != old) {
            index--;
        }
        closed.remove(index);
        recomputeMaxEnd(index);
        if (old.end() == latestClosedEnd) {
            latestClosedEnd = Long.MIN_VALUE;
            for (TimelineItem item : closed) {
                latestClosedEnd = Math.max(latestClosedEnd, item.end());
            }
        }
    }

    private void insertClosed(TimelineItem item) {
        // After every item with the same start: items mostly arrive in order, so this appends.
        int index = lastIndexStartingAtOrBefore(item.start()) + 1;
        closed.add(index, item);
        recomputeMaxEnd(index);
        latestClosedEnd = Math.max(latestClosedEnd, item.end());
    }

    private void recomputeMaxEnd(int from) {
        if (maxEnd.length < closed.size()) {
            maxEnd = Arrays.copyOf(maxEnd, Math.max(closed.size(), maxEnd.length * 2));
        }
        long running = from == 0 ? Long.MIN_VALUE : maxEnd[from - 1];
        for (int i = from; i < closed.size(); i++) {
            running = Math.max(running, reach(closed.get(i)));
            maxEnd[i] = running;
        }
    }

    /** The end of a closed item for overlap tests: a marker reaches one millisecond past itself. */
    private static long reach(TimelineItem item) {
        return Math.max(item.end(), item.start() + 1);
    }

    private int lastIndexStartingAtOrBefore(long time) {
        int low = 0;
        int high = closed.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (closed.get(middle).start() <= time) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return high;
    }

    private int firstIndexReachingAfter(long time) {
        int low = 0;
        int high = closed.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (maxEnd[middle] > time) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Adds to {@code into}, ordered by start, the items that overlap [from, to). */
    void collect(long from, long to, List<TimelineItem> into) {
        int openIndex = 0;
        int size = closed.size();
        for (int i = firstIndexReachingAfter(from); i < size; i++) {
            TimelineItem item = closed.get(i);
            if (item.start() >= to) {
                break;
            }
            if (reach(item) > from) {
                openIndex = addOpenStartingBefore(item.start(), openIndex, to, into);
                into.add(item);
            }
        }
        addOpenStartingBefore(Long.MAX_VALUE, openIndex, to, into);
    }

    /** Adds the open items that start before {@code limit} (and before {@code to}); they overlap any later range. */
    private int addOpenStartingBefore(long limit, int openIndex, long to, List<TimelineItem> into) {
        int index = openIndex;
        if (open.isEmpty()) {
            return index;
        }
        while (index < open.size() && open.get(index).start() < limit) {
            if (open.get(index).start() < to) {
                into.add(open.get(index));
            }
            index++;
        }
        return index;
    }

    /** @return the earliest start, or {@link Long#MAX_VALUE} when empty */
    long earliest() {
        long earliest = closed.isEmpty() ? Long.MAX_VALUE : closed.get(0).start();
        for (TimelineItem item : open) {
            earliest = Math.min(earliest, item.start());
        }
        return earliest;
    }

    /** @return the latest start or closed end, or {@link Long#MIN_VALUE} when empty */
    long latest() {
        long latest = latestClosedEnd;
        for (TimelineItem item : open) {
            latest = Math.max(latest, item.start());
        }
        return latest;
    }
}
