package dev.mirrorline.drill;

/**
 * A parameter a scenario takes.
 *
 * @param key its name on the command line and in reports, e.g. {@code "outage"}
 * @param label what it is, in words, with its unit
 * @param defaultValue the value when none is given; empty for an optional parameter without one
 * @param description what it does
 */
public record DrillParameter(String key, String label, String defaultValue, String description) {
}
