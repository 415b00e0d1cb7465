package dev.mirrorline.drill;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A past drill as the drill history lists it.
 *
 * @param id the drill's id
 * @param scenarioId the scenario's id
 * @param scenarioTitle the scenario's name
 * @param pair the pair it ran on
 * @param started when it started
 * @param finished when it ended
 * @param outcome how it ended
 * @param reason why it failed, was cancelled or interrupted; empty when it passed
 * @param measurements its measurements, by key, as numbers
 * @param report its HTML report
 */
public record DrillSummary(String id, String scenarioId, String scenarioTitle, String pair, Instant started,
        Instant finished, DrillOutcome outcome, String reason, Map<String, Double> measurements, Path report) {

    /** Copies the measurements. */
    public DrillSummary {
        measurements = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(measurements));
    }
}
