/**
 * The engine's seam to time and to waiting: everything that measures durations or stamps events
 * asks a {@link dev.mirrorline.engine.time.Clock}, and every engine thread that waits (on a
 * monitor, a lock condition, a park or another thread's end) or wakes another does it through the
 * same clock. The machine's clock uses the JDK's primitives unchanged; a simulation supplies one
 * that runs the engine's threads one at a time, in an order drawn from a seed, on simulated time,
 * so that a run replays exactly. See {@code SIMULATION.md} in the bundle
 * {@code dev.mirrorline.engine.simulation}.
 */
package dev.mirrorline.engine.time;
