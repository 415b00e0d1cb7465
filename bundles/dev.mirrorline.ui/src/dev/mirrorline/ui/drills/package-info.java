/**
 * Failover drills in the console: the Failover Drill wizard (pair and scenario, parameters checked
 * as typed, pre-flight checks off the UI thread, the run with live steps, progress, log and cancel,
 * the result with its report) and the Drill History view. The drills themselves run in
 * {@link dev.mirrorline.drill.DrillService}, on threads of their own; these classes only show them.
 */
package dev.mirrorline.ui.drills;
