package dev.mirrorline.engine.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * Runs the real engine under the deterministic simulation: a budget of seeds (1,000 by default,
 * {@code -Dsim.seeds=N} for more, {@code -Dsim.firstSeed=S} to start elsewhere), one seed with its
 * whole trace ({@code -Dsim.seed=S}), and the replay of a seed to the same step.
 */
class SimulationTest {

    private static final long CI_SEEDS = Long.getLong("sim.seeds", 1000);
    private static final long FIRST_SEED = Long.getLong("sim.firstSeed", 1);
    /** Whether the replay test keeps every step in the traces it compares (slower, shows the first difference). */
    private static final boolean RECORD_STEPS = Boolean.getBoolean("sim.recordSteps");

    @Test
    void theSameSeedReplaysTheSameRunStepForStep() {
        for (long seed = Long.getLong("sim.replayFrom", 1); seed <= Long.getLong("sim.replayTo", 12); seed++) {
            Simulation.Outcome first = RECORD_STEPS ? Simulation.runRecordingSteps(seed, FaultSchedule.draw(seed))
                    : Simulation.run(seed, FaultSchedule.draw(seed));
            Simulation.Outcome second = RECORD_STEPS ? Simulation.runRecordingSteps(seed, FaultSchedule.draw(seed))
                    : Simulation.run(seed, FaultSchedule.draw(seed));
            assertEquals(first.trace().lines(), second.trace().lines(), "the trace of seed " + seed + ", first difference:\n"
                    + firstDifference(first.trace().lines(), second.trace().lines()));
            assertEquals(first.steps(), second.steps(), "the scheduling steps of seed " + seed);
            assertEquals(first.trace().fingerprint(), second.trace().fingerprint(), "the step fingerprint of seed " + seed);
            assertTrue(first.steps() > 100, "seed " + seed + " ran only " + first.steps() + " steps");
        }
    }

    private static String firstDifference(java.util.List<String> one, java.util.List<String> other) {
        int at = 0;
        while (at < one.size() && at < other.size() && one.get(at).equals(other.get(at))) {
            at++;
        }
        StringBuilder text = new StringBuilder();
        for (int i = Math.max(0, at - 15); i < Math.min(at + 6, Math.max(one.size(), other.size())); i++) {
            text.append(i < one.size() ? one.get(i) : "-").append("   |   ").append(i < other.size() ? other.get(i) : "-")
                    .append('\n');
        }
        return text.toString();
    }

    @Test
    void everySeedOfTheBudgetKeepsEveryInvariant() {
        String single = System.getProperty("sim.seed");
        if (single != null && !single.isBlank() && !"null".equals(single)) {
            long seed = Long.parseLong(single);
            Simulation.Outcome outcome = Simulation.run(seed, FaultSchedule.draw(seed));
            System.out.println("Seed " + seed + ": " + outcome.steps() + " steps, " + outcome.checks() + " checks");
            outcome.trace().lines().forEach(line -> System.out.println("  " + line));
            if (outcome.failed()) {
                fail(SimulationRunner.report(SimulationRunner.shrink(outcome), outcome));
            }
            return;
        }
        SimulationRunner.Totals totals = SimulationRunner.run(FIRST_SEED, CI_SEEDS);
        System.out.println("Simulation: " + totals.describe());
        if (totals.firstFailure != null) {
            Simulation.Outcome shrunk = SimulationRunner.shrink(totals.firstFailure);
            String report = SimulationRunner.report(shrunk, totals.firstFailure);
            System.out.println(report);
            fail(report);
        }
    }
}
