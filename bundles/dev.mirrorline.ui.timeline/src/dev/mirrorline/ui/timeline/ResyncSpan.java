package dev.mirrorline.ui.timeline;

/**
 * A resync of the secondary, drawn as a bar filled by its progress.
 *
 * @param id identifies the span within its lane
 * @param start when it started
 * @param end when it finished, or {@link TimelineItem#OPEN} while it runs
 * @param bytesSent how much it has sent
 * @param bytesTotal how much it has to send in all (0 when unknown)
 * @param bytesPerSecond its rate, last measured (0 when unknown)
 */
public record ResyncSpan(String id, long start, long end, long bytesSent, long bytesTotal, double bytesPerSecond)
        implements TimelineItem {

    /** Checks the times and the counts. */
    public ResyncSpan {
        TimelineItem.checkSpan(id, start, end);
        if (bytesSent < 0 || bytesTotal < 0 || bytesPerSecond < 0 || Double.isNaN(bytesPerSecond)) {
            throw new IllegalArgumentException("negative or unknown figures: " + bytesSent + ", " + bytesTotal
                    + ", " + bytesPerSecond);
        }
    }

    /**
     * @return the part done, from 0 to 1: what was sent of the total, 1 once finished, 0 while the
     *         total is unknown
     */
    public double progress() {
        if (!isOpen()) {
            return 1;
        }
        if (bytesTotal == 0) {
            return 0;
        }
        return Math.min(1, (double) bytesSent / bytesTotal);
    }

    @Override
    public TimelineRow row() {
        return TimelineRow.RESYNC;
    }
}
