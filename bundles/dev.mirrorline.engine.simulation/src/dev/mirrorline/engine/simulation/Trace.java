package dev.mirrorline.engine.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened in one run: a fingerprint of every scheduling step (which thread ran from which
 * seam at what simulated time), for comparing two runs of a seed, and a readable list of faults,
 * engine events, client operations and invariant checks, for people.
 */
final class Trace {

    private static final int MAX_LINES = 200_000;

    /** With {@code -Dsim.steps=true} every scheduling step is a line too (long). */
    private static final boolean STEPS = Boolean.getBoolean("sim.steps");

    private final boolean recordSteps;
    private final List<String> lines = new ArrayList<>();

    Trace(boolean recordSteps) {
        this.recordSteps = recordSteps || STEPS;
    }
    private long fingerprint = 1125899906842597L;
    private long steps;

    /** Records one step into the fingerprint only. */
    synchronized void step(long now, String thread, String seam) {
        steps++;
        fingerprint = mix(fingerprint, now);
        fingerprint = mix(fingerprint, thread.hashCode());
        fingerprint = mix(fingerprint, seam.hashCode());
        if (recordSteps && lines.size() < MAX_LINES) {
            lines.add(now + " ns step " + thread + " at " + seam); // cheap: the run's timing barely changes
        }
    }

    /** Records a readable line (also into the fingerprint). */
    synchronized void note(long now, String line) {
        String stamped = String.format("%9.3f s  %s", now / 1e9, line);
        fingerprint = mix(fingerprint, stamped.hashCode());
        if (lines.size() < MAX_LINES) {
            lines.add(stamped);
        }
    }

    private static long mix(long hash, long value) {
        long h = (hash ^ value) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** @return a number that differs, almost surely, between two runs that did not do the same */
    synchronized long fingerprint() {
        return fingerprint;
    }

    /** @return the steps recorded */
    synchronized long steps() {
        return steps;
    }

    /** @return the readable lines */
    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }
}
