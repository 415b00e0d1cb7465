package dev.mirrorline.drill;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter values of one drill: what was given, over the scenario's defaults. Values are text
 * (as typed in the wizard or given with {@code --param key=value}); the typed getters check them and
 * say what is wrong in words.
 */
public final class DrillParameters {

    private final Map<String, String> values;

    private DrillParameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * @param given values given, by key
     * @return the parameters
     */
    public static DrillParameters of(Map<String, String> given) {
        return new DrillParameters(given);
    }

    /**
     * Reads {@code key=value} texts, as the command line gives them.
     *
     * @param texts the texts
     * @return the parameters
     * @throws IllegalArgumentException naming a text that is not {@code key=value}
     */
    public static DrillParameters parse(List<String> texts) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String text : texts) {
            int equals = text.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("A drill parameter is key=value, not '" + text + "'");
            }
            values.put(text.substring(0, equals).trim(), text.substring(equals + 1));
        }
        return new DrillParameters(values);
    }

    /**
     * @param scenario the scenario
     * @return every parameter of the scenario with its value (given, or the default), in the
     *         scenario's order; the keys the scenario does not know are left out
     */
    public Map<String, String> resolvedFor(DrillScenario scenario) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (DrillParameter parameter : scenario.parameters()) {
            resolved.put(parameter.key(), values.getOrDefault(parameter.key(), parameter.defaultValue()));
        }
        return resolved;
    }

    /**
     * @param scenario the scenario
     * @return the first key given that the scenario does not take, or null
     */
    String unknownKeyFor(DrillScenario scenario) {
        for (String key : values.keySet()) {
            if (scenario.parameters().stream().noneMatch(parameter -> parameter.key().equals(key))) {
                return key;
            }
        }
        return null;
    }

    /** @return the values given, by key */
    public Map<String, String> given() {
        return values;
    }

    /**
     * A text parameter.
     *
     * @param scenario the scenario (for the default)
     * @param key the key
     * @return the value, trimmed; empty if neither given nor defaulted
     */
    public String text(DrillScenario scenario, String key) {
        return resolvedFor(scenario).getOrDefault(key, "").trim();
    }

    /**
     * A duration in seconds (decimals allowed).
     *
     * @param scenario the scenario (for the default)
     * @param key the key
     * @param minimum the least allowed
     * @param maximum the most allowed
     * @return the duration
     * @throws IllegalArgumentException in words, if it is not a number of seconds in range
     */
    public Duration seconds(DrillScenario scenario, String key, Duration minimum, Duration maximum) {
        String text = text(scenario, key);
        double seconds;
        try {
            seconds = Double.parseDouble(text.endsWith("s") ? text.substring(0, text.length() - 1) : text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The parameter " + key + " is a number of seconds, not '" + text + "'");
        }
        Duration duration = Duration.ofNanos(Math.round(seconds * 1e9));
        if (!Double.isFinite(seconds) || duration.compareTo(minimum) < 0 || duration.compareTo(maximum) > 0) {
            throw new IllegalArgumentException("The parameter " + key + " must be from " + minimum.toMillis() / 1000.0
                    + " to " + maximum.toMillis() / 1000.0 + " seconds, not " + text);
        }
        return duration;
    }

    /**
     * A yes/no parameter.
     *
     * @param scenario the scenario (for the default)
     * @param key the key
     * @return true for {@code yes} or {@code true}, false for {@code no} or {@code false} (any case)
     * @throws IllegalArgumentException in words, for anything else
     */
    public boolean yesNo(DrillScenario scenario, String key) {
        String text = text(scenario, key).toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException("The parameter " + key + " is yes or no, not '" + text + "'");
        };
    }
}
