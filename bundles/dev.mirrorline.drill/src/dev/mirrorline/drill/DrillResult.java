package dev.mirrorline.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mirrorline.engine.event.EngineEvent;

/**
 * What came of a drill: everything its report shows.
 *
 * @param id the drill's id
 * @param scenarioId the scenario's id
 * @param scenarioTitle the scenario's name
 * @param pair the pair it ran on
 * @param parameters every parameter's value, in the scenario's order
 * @param started when it started
 * @param finished when it ended
 * @param outcome how it ended
 * @param reason why it failed or was cancelled, in words; empty when it passed
 * @param preflight the checks made before it ran
 * @param steps its steps, in order
 * @param rollback what the rollback did, line by line, and anything else that went wrong around the steps
 *        (a listener that failed); empty when nothing was rolled back
 * @param measurements the figures it measured, in the order measured
 * @param verifications the comparisons it made
 * @param events the pair's engine events while it ran (snapshot copies left out), oldest first
 * @param report where its HTML report is kept in the drill history
 */
public record DrillResult(String id, String scenarioId, String scenarioTitle, String pair, Map<String, String> parameters,
        Instant started, Instant finished, DrillOutcome outcome, String reason, List<PreflightCheck> preflight,
        List<StepRecord> steps, List<String> rollback, List<Measurement> measurements,
        List<Verification> verifications, List<EngineEvent> events, Path report) {

    /** Copies the collections. */
    public DrillResult {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        preflight = List.copyOf(preflight);
        steps = List.copyOf(steps);
        rollback = List.copyOf(rollback);
        measurements = List.copyOf(measurements);
        verifications = List.copyOf(verifications);
        events = List.copyOf(events);
    }

    /** @return whether it passed */
    public boolean passed() {
        return outcome == DrillOutcome.PASSED;
    }

    /** @return how long it ran */
    public Duration duration() {
        return Duration.between(started, finished);
    }

    /**
     * @param key a measurement's key, e.g. {@code "rpo.bytes"}
     * @return that measurement, if the drill made it
     */
    public Optional<Measurement> measurement(String key) {
        return measurements.stream().filter(measurement -> measurement.key().equals(key)).findFirst();
    }

    /**
     * @param key a measurement's key
     * @return its value
     * @throws java.util.NoSuchElementException naming the key if the drill did not measure it
     */
    public double value(String key) {
        return measurement(key).orElseThrow(() -> new java.util.NoSuchElementException("The drill " + id
                + " did not measure " + key)).value();
    }
}
