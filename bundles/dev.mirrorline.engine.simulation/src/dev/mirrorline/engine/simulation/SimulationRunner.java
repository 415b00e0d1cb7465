package dev.mirrorline.engine.simulation;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.mirrorline.engine.simulation.FaultSchedule.Kind;

/**
 * Runs many seeds and sums up what they did; for a failing seed, shrinks its schedule to the
 * shortest prefix that still fails and writes a report someone can act on.
 */
final class SimulationRunner {

    /** Sums over the seeds run. */
    static final class Totals {
        long seeds;
        long steps;
        long checks;
        long simulatedNanos;
        long elapsedNanos;
        long confirmationCrashes;
        long secondaryResyncCrashes;
        long primaryRestartsWithHotRegions;
        long hotBytesAtRestarts;
        final Map<Kind, Long> faults = new EnumMap<>(Kind.class);
        Simulation.Outcome firstFailure;

        String describe() {
            double seconds = elapsedNanos / 1e9;
            StringBuilder text = new StringBuilder();
            text.append(String.format("%d seeds in %.1f s: %.1f seeds/s, %d scheduling steps, %.0f simulated seconds,"
                    + " %d invariant checks%n", seeds, seconds, seeds / seconds, steps, simulatedNanos / 1e9, checks));
            text.append("faults and operations injected:");
            faults.forEach((kind, count) -> text.append(' ').append(kind).append('=').append(count));
            text.append(String.format("%ncrashes of the primary in the final confirmation of a resync: %d;"
                    + " restarts of the primary with hot regions: %d (%.0f KiB hot in all); crashes of the secondary"
                    + " in a resync, after a batch: %d", confirmationCrashes, primaryRestartsWithHotRegions,
                    hotBytesAtRestarts / 1024.0, secondaryResyncCrashes));
            return text.toString();
        }
    }

    private SimulationRunner() {
    }

    /**
     * Runs seeds {@code first .. first + count - 1}, stopping at the first failure.
     *
     * @param first the first seed
     * @param count how many
     * @return the totals, with the first failure if any
     */
    static Totals run(long first, long count) {
        Totals totals = new Totals();
        long started = System.nanoTime();
        for (long seed = first; seed < first + count; seed++) {
            Simulation.Outcome outcome = Simulation.run(seed, FaultSchedule.draw(seed));
            totals.seeds++;
            totals.steps += outcome.steps();
            totals.checks += outcome.checks();
            totals.confirmationCrashes += outcome.confirmationCrashes();
            totals.secondaryResyncCrashes += outcome.secondaryResyncCrashes();
            totals.hotBytesAtRestarts += outcome.hotBytesAtRestarts();
            totals.primaryRestartsWithHotRegions += outcome.hotRestarts();
            totals.simulatedNanos += outcome.simulatedNanos();
            outcome.faults().forEach((kind, n) -> totals.faults.merge(kind, (long) n, Long::sum));
            if (outcome.failed()) {
                totals.firstFailure = outcome;
                break;
            }
        }
        totals.elapsedNanos = System.nanoTime() - started;
        return totals;
    }

    /**
     * Finds the shortest prefix of a failing seed's schedule that still fails.
     *
     * @param failed the failing run
     * @return the run of the shortest failing prefix (the original if none shorter fails)
     */
    static Simulation.Outcome shrink(Simulation.Outcome failed) {
        List<FaultSchedule.Action> actions = failed.schedule().actions();
        for (int length = 0; length < actions.size(); length++) {
            Simulation.Outcome shorter = Simulation.run(failed.seed(), failed.schedule().prefix(length));
            if (shorter.failed()) {
                return shorter;
            }
        }
        return failed;
    }

    /**
     * @param failed a failing run (shrunk or not)
     * @param original the run as first found
     * @return the seed, the schedule, what broke, the trace, and how to replay it
     */
    static String report(Simulation.Outcome failed, Simulation.Outcome original) {
        StringBuilder text = new StringBuilder();
        text.append("Simulation seed ").append(failed.seed()).append(" FAILED: ").append(failed.violations())
                .append('\n');
        text.append("Shortest failing schedule prefix: ").append(failed.schedule().actions().size()).append(" of ")
                .append(original.schedule().actions().size()).append(" actions (")
                .append(failed.schedule().synchronous() ? "synchronous" : "asynchronous").append("):\n");
        failed.schedule().actions().forEach(action -> text.append("  ").append(action).append('\n'));
        text.append("Trace of the shrunk run:\n");
        failed.trace().lines().forEach(line -> text.append("  ").append(line).append('\n'));
        text.append("Replay: xvfb-run -a ./mvnw -o -B verify -pl target-platform,bundles/dev.mirrorline.engine,"
                + "bundles/dev.mirrorline.engine.simulation -Dtest=SimulationTest -Dsim.seed=")
                .append(failed.seed()).append('\n');
        return text.toString();
    }
}
