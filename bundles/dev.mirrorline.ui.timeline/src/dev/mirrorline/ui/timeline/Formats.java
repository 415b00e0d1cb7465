package dev.mirrorline.ui.timeline;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the widget writes durations, sizes, rates and times. */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };

    private Formats() {
    }

    /**
     * @param millis a duration in milliseconds
     * @return it in the two largest units that matter: "420 ms", "38.4 s", "1 min 7 s", "2 h 5 min", "3 d 4 h"
     */
    public static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 24 * 60) {
            return minutes / 60 + " h " + minutes % 60 + " min";
        }
        long hours = minutes / 60;
        return hours / 24 + " d " + hours % 24 + " h";
    }

    /**
     * @param nanos a short pause in nanoseconds
     * @return it in milliseconds with three significant digits below 10 ms ("0.412 ms", "3.20 ms"),
     *         else as {@link #duration(long)}
     */
    public static String pause(long nanos) {
        double millis = nanos / 1e6;
        if (millis < 1) {
            return String.format(Locale.ROOT, "%.3f ms", millis);
        }
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.2f ms", millis);
        }
        return duration(Math.round(millis));
    }

    /**
     * @param bytes a size
     * @return it in binary units, three significant digits from KiB on: "512 B", "12.5 MiB", "1.00 GiB"
     */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
        return number + " " + UNITS[unit];
    }

    /**
     * @param bytesPerSecond a rate
     * @return it as a size per second: "31.2 MiB/s"
     */
    public static String rate(double bytesPerSecond) {
        return bytes(Math.round(bytesPerSecond)) + "/s";
    }

    /**
     * @param millis a time in milliseconds since the epoch
     * @param zone the zone to show it in
     * @return it to the millisecond: "2026-03-01 12:00:03.120"
     */
    public static String time(long millis, ZoneId zone) {
        return TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }
}
