package dev.mirrorline.drill;

import java.util.Locale;

/**
 * A figure a drill measured.
 *
 * @param key a stable name for programs, e.g. {@code "rpo.bytes"}
 * @param label what it is, in words
 * @param value the figure
 * @param unit {@code "bytes"}, {@code "s"}, {@code "chunks"}, {@code "updates"}, {@code "ratio"}, another word, or empty
 */
public record Measurement(String key, String label, double value, String unit) {

    /** @return the value with its unit, readable: bytes in KiB/MiB/GiB, seconds with three decimals (milliseconds below a second) */
    public String formatted() {
        return switch (unit) {
            case "bytes" -> bytes((long) value);
            case "s" -> Math.abs(value) < 1 && value != 0 ? String.format(Locale.ROOT, "%.3f ms", value * 1000)
                    : String.format(Locale.ROOT, "%.3f s", value);
            case "ratio" -> String.format(Locale.ROOT, "%.3f", value);
            default -> (value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.3f", value)) + (unit.isEmpty() ? "" : " " + unit);
        };
    }

    /**
     * @param bytes a size
     * @return it in B, KiB, MiB, GiB or TiB with one decimal, e.g. {@code "1.5 MiB"}
     */
    static String shortBytes(long bytes) {
        String text = bytes(bytes);
        int open = text.indexOf(" (");
        return open > 0 ? text.substring(0, open) : text;
    }

    /**
     * @param bytes a size
     * @return it in KiB, MiB, GiB or TiB and exactly, e.g. {@code "1.5 MiB (1572864 bytes)"}
     */
    static String bytes(long bytes) {
        if (Math.abs(bytes) < 1024) {
            return bytes + " B";
        }
        String[] units = { "KiB", "MiB", "GiB", "TiB" };
        double value = bytes;
        int unit = -1;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", value, units[unit], bytes);
    }
}
