/**
 * The timeline widget: an SWT canvas that draws lanes of spans and markers over time, fed through a
 * small model interface. It knows nothing of the replication engine; the console adapts engine
 * events to its model.
 */
package dev.mirrorline.ui.timeline;
