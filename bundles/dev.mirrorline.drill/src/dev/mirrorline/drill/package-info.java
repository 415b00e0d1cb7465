/**
 * Failover drills: scripted, measured and verified sequences of steps on a real pair, run on a
 * background thread by {@link dev.mirrorline.drill.DrillService}, with pre-flight checks, cancel
 * with rollback, a self-contained HTML report and a drill history under the node's state
 * directory. No UI: the console's wizard and the command line are built on this API.
 */
package dev.mirrorline.drill;
