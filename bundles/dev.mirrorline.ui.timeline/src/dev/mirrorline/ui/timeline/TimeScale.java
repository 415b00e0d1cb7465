package dev.mirrorline.ui.timeline;

/**
 * The mapping between time and the horizontal pixels of the plot: {@code span} milliseconds from
 * {@code start} across {@code width} pixels. Immutable: zooming and panning return a new scale.
 *
 * @param start the time at the left edge, in milliseconds since the epoch
 * @param span the time across the whole width, in milliseconds, from {@link #MIN_SPAN} to {@link #MAX_SPAN}
 * @param width the plot's width in pixels, at least 1
 */
public record TimeScale(long start, long span, int width) {

    /** The narrowest span one can zoom to: ten milliseconds. */
    public static final long MIN_SPAN = 10;

    /** The widest span one can zoom to: about twenty years. */
    public static final long MAX_SPAN = 20L * 366 * 24 * 3600 * 1000;

    /** Checks the span and the width. */
    public TimeScale {
        if (span < MIN_SPAN || span > MAX_SPAN) {
            throw new IllegalArgumentException("span out of range: " + span);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width below 1: " + width);
        }
    }

    /**
     * A scale showing a time range, clamped to the allowed spans around its middle.
     *
     * @param from the time at the left edge
     * @param to the time at the right edge
     * @param width the plot's width in pixels (at least 1 is used)
     * @return the scale
     */
    public static TimeScale of(long from, long to, int width) {
        long span = to - from;
        if (span < MIN_SPAN || span > MAX_SPAN) {
            long clamped = Math.max(MIN_SPAN, Math.min(MAX_SPAN, span));
            long middle = from + (to - from) / 2;
            return new TimeScale(middle - clamped / 2, clamped, Math.max(1, width));
        }
        return new TimeScale(from, span, Math.max(1, width));
    }

    /** @return the time at the right edge */
    public long end() {
        return start + span;
    }

    /** @return milliseconds per pixel (at least 1): the resolution for model queries */
    public long resolution() {
        return Math.max(1, span / width);
    }

    /**
     * @param time a time in milliseconds since the epoch
     * @return its x in the plot (0 at the left edge), unbounded
     */
    public double x(long time) {
        return (double) (time - start) * width / span;
    }

    /**
     * @param x an x in the plot
     * @return the time there, rounded to the millisecond
     */
    public long time(double x) {
        return start + Math.round(x * span / width);
    }

    /**
     * @param pixels a width in pixels
     * @return the time it covers, in milliseconds, rounded up
     */
    public long duration(double pixels) {
        return (long) Math.ceil(pixels * span / width);
    }

    /**
     * @param newWidth the plot's new width
     * @return this scale over the new width, keeping the start and the time per pixel (so that a
     *         wider window shows more time)
     */
    public TimeScale withWidth(int newWidth) {
        int w = Math.max(1, newWidth);
        if (w == width) {
            return this;
        }
        long newSpan = Math.max(MIN_SPAN, Math.min(MAX_SPAN, Math.round((double) span * w / width)));
        return new TimeScale(start, newSpan, w);
    }

    /**
     * @param factor the new span over the old (below 1 zooms in), clamped to the allowed spans
     * @param anchorX the x whose time stays where it is
     * @return the zoomed scale
     */
    public TimeScale zoomed(double factor, double anchorX) {
        long newSpan = Math.max(MIN_SPAN, Math.min(MAX_SPAN, Math.round(span * factor)));
        double anchorTime = start + anchorX * span / width;
        long newStart = Math.round(anchorTime - anchorX * newSpan / width);
        return new TimeScale(newStart, newSpan, width);
    }

    /**
     * @param dx how far the content moves right, in pixels (a drag to the right shows earlier times)
     * @return the panned scale
     */
    public TimeScale panned(double dx) {
        return new TimeScale(start - Math.round(dx * span / width), span, width);
    }

    /**
     * @param endTime the time to show at the right edge
     * @return this scale moved so that it ends there
     */
    public TimeScale endingAt(long endTime) {
        return new TimeScale(endTime - span, span, width);
    }

    /**
     * A scale showing a range with a margin of {@code marginFraction} of it on either side.
     *
     * @param from the earliest time to show
     * @param to the latest time to show
     * @param width the plot's width
     * @param marginFraction the margin on each side, as a fraction of {@code to - from}
     * @return the scale
     */
    public static TimeScale fitting(long from, long to, int width, double marginFraction) {
        long margin = Math.round((to - from) * marginFraction);
        return of(from - margin, to + margin, width);
    }
}
