package dev.mirrorline.ui.timeline.history;

import java.util.ArrayList;
import java.util.List;

/** The time ranges of a lane already loaded (or being loaded): disjoint, sorted, merged. Not thread-safe. */
final class LoadedRanges {

    private final List<long[]> ranges = new ArrayList<>();

    /** @return the parts of [from, to) not yet loaded, oldest first */
    List<long[]> missing(long from, long to) {
        List<long[]> missing = new ArrayList<>();
        long cursor = from;
        for (long[] range : ranges) {
            if (range[1] <= cursor) {
                continue;
            }
            if (range[0] >= to) {
                break;
            }
            if (range[0] > cursor) {
                missing.add(new long[] { cursor, range[0] });
            }
            cursor = Math.max(cursor, range[1]);
        }
        if (cursor < to) {
            missing.add(new long[] { cursor, to });
        }
        return missing;
    }

    /** Marks [from, to) as loaded. */
    void add(long from, long to) {
        long start = from;
        long end = to;
        List<long[]> kept = new ArrayList<>();
        for (long[] range : ranges) {
            if (range[1] < start || range[0] > end) {
                kept.add(range);
            } else {
                start = Math.min(start, range[0]);
                end = Math.max(end, range[1]);
            }
        }
        kept.add(new long[] { start, end });
        kept.sort((a, b) -> Long.compare(a[0], b[0]));
        ranges.clear();
        ranges.addAll(kept);
    }
}
