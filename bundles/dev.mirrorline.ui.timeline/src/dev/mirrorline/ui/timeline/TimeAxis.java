package dev.mirrorline.ui.timeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Chooses the ticks of the time axis: the smallest step from a list of round steps (1, 2, 5, 10,
 * 20, 50, 100, 200, 500 ms; 1, 2, 5, 10, 15, 30 s; 1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h;
 * 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000 days) whose labels fit between two ticks,
 * with ticks at round times of the given zone (whole hours, local midnights) and labels as precise
 * as the step needs.
 */
public final class TimeAxis {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    /** Room left between two labels, in pixels. */
    static final int LABEL_GAP = 12;

    /** The round steps, in milliseconds, smallest first. */
    static final long[] STEPS = { 1, 2, 5, 10, 20, 50, 100, 200, 500, SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND,
            15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR,
            2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 5 * DAY, 10 * DAY, 20 * DAY, 50 * DAY, 100 * DAY,
            200 * DAY, 500 * DAY, 1000 * DAY, 2000 * DAY, 5000 * DAY };

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    /**
     * A tick of the axis.
     *
     * @param time its time, in milliseconds since the epoch
     * @param x its x in the plot
     * @param label its label
     */
    public record Tick(long time, double x, String label) {
    }

    /**
     * The ticks for one scale.
     *
     * @param step the time between two ticks, in milliseconds
     * @param ticks the ticks inside the plot, left to right
     * @param days the local midnights inside the plot, with the date as label, plus the date at the
     *        left edge (at x 0) when the step is shorter than a day: the context of the tick labels
     */
    public record Ticks(long step, List<Tick> ticks, List<Tick> days) {
    }

    private final ZoneId zone;

    /** @param zone the zone whose round times the ticks fall on and whose times the labels show */
    public TimeAxis(ZoneId zone) {
        this.zone = zone;
    }

    /** @return the zone of the labels */
    public ZoneId zone() {
        return zone;
    }

    /**
     * @param scale the scale
     * @param textWidth the width of a text in pixels, as the font draws it
     * @return the ticks whose labels fit
     */
    public Ticks ticks(TimeScale scale, ToIntFunction<String> textWidth) {
        long step = step(scale, textWidth);
        DateTimeFormatter format = format(step);
        List<Tick> ticks = new ArrayList<>();
        long offset = offsetAt(scale.start());
        long first = alignUp(scale.start(), step, offset);
        for (long time = first; time <= scale.end(); time += step) {
            ticks.add(new Tick(time, scale.x(time), format.format(Instant.ofEpochMilli(time).atZone(zone))));
        }
        List<Tick> days = new ArrayList<>();
        if (step < DAY) {
            days.add(new Tick(scale.start(), 0, DAYS.format(Instant.ofEpochMilli(scale.start()).atZone(zone))));
            int dayWidth = textWidth.applyAsInt("0000-00-00") + LABEL_GAP;
            LocalDate date = Instant.ofEpochMilli(scale.start()).atZone(zone).toLocalDate().plusDays(1);
            for (long midnight = midnight(date); midnight <= scale.end(); date = date.plusDays(1),
                    midnight = midnight(date)) {
                double x = scale.x(midnight);
                // A midnight right of the left label replaces it if they would overlap.
                if (days.size() == 1 && x < dayWidth) {
                    days.clear();
                }
                days.add(new Tick(midnight, x, DAYS.format(date)));
            }
        }
        return new Ticks(step, List.copyOf(ticks), List.copyOf(days));
    }

    /**
     * @param scale the scale
     * @param textWidth the width of a text in pixels
     * @return the smallest round step whose labels fit between two ticks (the largest step if none fits)
     */
    public long step(TimeScale scale, ToIntFunction<String> textWidth) {
        for (long step : STEPS) {
            double pixels = step * (double) scale.width() / scale.span();
            if (pixels >= labelWidth(step, textWidth)) {
                return step;
            }
        }
        return STEPS[STEPS.length - 1];
    }

    private static int labelWidth(long step, ToIntFunction<String> textWidth) {
        String widest = step < SECOND ? "00:00:00.000" : step < MINUTE ? "00:00:00" : step < DAY ? "00:00"
                : "0000-00-00";
        return textWidth.applyAsInt(widest) + LABEL_GAP;
    }

    private static DateTimeFormatter format(long step) {
        return step < SECOND ? MILLIS : step < MINUTE ? SECONDS : step < DAY ? MINUTES : DAYS;
    }

    private long midnight(LocalDate date) {
        return date.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private long offsetAt(long time) {
        return zone.getRules().getOffset(Instant.ofEpochMilli(time)).getTotalSeconds() * SECOND;
    }

    /** The first time at or after {@code time} that is a multiple of {@code step} in local time. */
    private static long alignUp(long time, long step, long offset) {
        long local = time + offset;
        long aligned = Math.floorDiv(local, step) * step;
        if (aligned < local) {
            aligned += step;
        }
        return aligned - offset;
    }
}
