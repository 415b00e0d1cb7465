/**
 * The engine's seam to time: everything that measures durations or stamps events asks a
 * {@link dev.mirrorline.engine.time.Clock}, so that a simulation can run on simulated time.
 */
package dev.mirrorline.engine.time;
