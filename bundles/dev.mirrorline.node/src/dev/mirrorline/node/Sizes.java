package dev.mirrorline.node;

import java.util.Locale;

/** Sizes as administrators type them on command lines: 4096, 64K, 64M, 10G, 1T (binary multiples). */
public final class Sizes {

    private Sizes() {
    }

    /**
     * @param text a size: bytes, or a whole number followed by K, M, G or T (KiB, MiB, GiB and TiB,
     *        also written so, or with a final B)
     * @return the bytes
     * @throws IllegalArgumentException if it is not a positive size that fits in a long
     */
    public static long parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.endsWith("IB")) {
            upper = upper.substring(0, upper.length() - 2);
        } else if (upper.endsWith("B")) {
            upper = upper.substring(0, upper.length() - 1);
        }
        long unit = switch (upper.isEmpty() ? ' ' : upper.charAt(upper.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1;
        };
        String number = unit == 1 ? upper : upper.substring(0, upper.length() - 1);
        try {
            long value = Long.parseLong(number);
            if (value > 0 && value <= Long.MAX_VALUE / unit) {
                return value * unit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "' is not a size: write bytes, or a number with K, M, G or T");
    }
}
