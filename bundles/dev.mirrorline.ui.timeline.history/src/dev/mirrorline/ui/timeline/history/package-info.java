/**
 * The timeline's model over the console's event history: engine events of each pair, loaded by
 * time range from the history's database and heard live, folded into the timeline's spans and
 * markers. A bundle of its own so that the timeline widget stays free of the engine and the
 * history free of SWT; the console's Timeline view uses it.
 */
package dev.mirrorline.ui.timeline.history;
