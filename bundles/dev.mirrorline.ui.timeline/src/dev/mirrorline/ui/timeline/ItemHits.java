package dev.mirrorline.ui.timeline;

import java.util.List;

/** Finds the item under the pointer among the items of a row. Pure arithmetic. */
final class ItemHits {

    private ItemHits() {
    }

    /**
     * @param items items of a lane
     * @param row the row under the pointer
     * @param scale the time scale
     * @param x the pointer's x in the plot
     * @param now the present, where open items end
     * @param tolerance how far from an item (in pixels) the pointer may be and still hit it
     * @return the item of {@code row} nearest to {@code x} within the tolerance (a marker before a
     *         span it lies on, then the later item, which is drawn on top), or null
     */
    static TimelineItem pick(List<TimelineItem> items, TimelineRow row, TimeScale scale, double x, long now,
            double tolerance) {
        TimelineItem best = null;
        double bestDistance = Double.MAX_VALUE;
        for (TimelineItem item : items) {
            if (item.row() != row) {
                continue;
            }
            double x0 = scale.x(item.start());
            double x1 = scale.x(item.endAt(now));
            double distance = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
            if (distance > tolerance) {
                continue;
            }
            if (best == null || distance < bestDistance
                    || distance == bestDistance && (item.isMarker() && !best.isMarker()
                            || item.isMarker() == best.isMarker() && item.start() >= best.start())) {
                best = item;
                bestDistance = distance;
            }
        }
        return best;
    }
}
