package dev.mirrorline.engine.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

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

    /**
     * Runs seeds twice: the readable traces (every fault, client operation, engine event and
     * violation, with its simulated time) and every scheduling step must be the same.
     */
    @Test
    void theSameSeedReplaysTheSameRunStepForStep() {
        long from = Long.getLong("sim.replayFrom", 1);
        long to = Long.getLong("sim.replayTo", 12);
        int times = Integer.getInteger("sim.replayTimes", 1);
        int runs = 0;
        int stepExact = 0;
        for (long seed = from; seed <= to; seed++) {
            for (int again = 0; again < times; again++) {
                Simulation.Outcome first = RECORD_STEPS ? Simulation.runRecordingSteps(seed, FaultSchedule.draw(seed))
                        : Simulation.run(seed, FaultSchedule.draw(seed));
                Simulation.Outcome second = RECORD_STEPS ? Simulation.runRecordingSteps(seed, FaultSchedule.draw(seed))
                        : Simulation.run(seed, FaultSchedule.draw(seed));
                List<String> one = RECORD_STEPS ? first.trace().lines() : readable(first);
                List<String> other = RECORD_STEPS ? second.trace().lines() : readable(second);
                assertEquals(one, other, "the trace of seed " + seed + ", first difference:\n" + firstDifference(one, other));
                assertEquals(first.violations(), second.violations(), "the violations of seed " + seed);
                assertTrue(first.steps() > 100, "seed " + seed + " ran only " + first.steps() + " steps");
                assertEquals(first.steps(), second.steps(), "the scheduling steps of seed " + seed);
                assertEquals(first.trace().fingerprint(), second.trace().fingerprint(),
                        "the fingerprint of every step of seed " + seed);
                runs++;
                stepExact++;
            }
        }
        System.out.println("Replay: " + runs + " seeds run twice with equal traces; " + stepExact
                + " of them also step for step");
    }

    private static List<String> readable(Simulation.Outcome outcome) {
        return outcome.trace().lines().stream().filter(line -> !line.contains(" ns step ")).toList();
    }

    @Test
    void theInvariantsNoticeASecondaryThatAcknowledgesWhatItDidNotApply() {
        // a later write or resync of the same blocks may repair the secondary: not every seed shows it
        assertSabotageFound(Simulation.Sabotage.ACKNOWLEDGE_WITHOUT_APPLYING, "differs from the primary", false);
    }

    @Test
    void theInvariantsNoticeAWriteInsideTheFreeze() {
        assertSabotageFound(Simulation.Sabotage.WRITE_DURING_FREEZE, "while its writes were frozen", true);
    }

    /**
     * Runs the first 30 seeds in a sabotaged world: at least 3 must reach the sabotage, and every one
     * of them ({@code always}) or at least one must fail with the expected violation.
     */
    private static void assertSabotageFound(Simulation.Sabotage sabotage, String violation, boolean always) {
        int reached = 0;
        int found = 0;
        for (long seed = 1; seed <= 30; seed++) {
            Simulation.Outcome outcome = Simulation.runSabotaged(seed, FaultSchedule.draw(seed), sabotage);
            if (outcome.trace().lines().stream().noneMatch(line -> line.contains("SABOTAGE"))) {
                continue;
            }
            reached++;
            boolean noticed = outcome.violations().stream().anyMatch(text -> text.contains(violation));
            found += noticed ? 1 : 0;
            assertTrue(noticed || !always,
                    "seed " + seed + " was sabotaged (" + sabotage + ") but found only " + outcome.violations());
        }
        assertTrue(reached >= 3, "only " + reached + " of 30 seeds reached the sabotage " + sabotage);
        assertTrue(found >= 1, "none of the " + reached + " seeds sabotaged with " + sabotage + " was noticed");
        System.out.println(sabotage + ": " + found + " of " + reached + " sabotaged seeds noticed");
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
