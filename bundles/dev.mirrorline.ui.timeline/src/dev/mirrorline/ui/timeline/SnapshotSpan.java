package dev.mirrorline.ui.timeline;

/**
 * The lifetime of a snapshot of the primary, from its creation to its deletion.
 *
 * @param id identifies the span within its lane
 * @param start when the snapshot was created
 * @param end when it was deleted, or {@link TimelineItem#OPEN} while it exists
 * @param name the snapshot's name
 * @param sizeBytes how much old data it holds (its copy-on-write store), last known
 */
public record SnapshotSpan(String id, long start, long end, String name, long sizeBytes) implements TimelineItem {

    /** Checks the times, the name and the size. */
    public SnapshotSpan {
        TimelineItem.checkSpan(id, start, end);
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative size: " + sizeBytes);
        }
    }

    @Override
    public TimelineRow row() {
        return TimelineRow.SNAPSHOT;
    }
}
