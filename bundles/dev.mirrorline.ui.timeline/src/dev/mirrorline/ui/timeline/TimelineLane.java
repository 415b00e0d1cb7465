package dev.mirrorline.ui.timeline;

import java.util.Objects;

/**
 * One lane of the timeline: the history of one pair.
 *
 * @param id what the model calls the lane in its queries; unique among the model's lanes
 * @param label what the widget shows for it
 */
public record TimelineLane(String id, String label) {

    /** Checks that neither part is null. */
    public TimelineLane {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
    }
}
