package dev.mirrorline.ui.timeline;

/** Hears when the user changes the timeline's selection; called on the UI thread. */
@FunctionalInterface
public interface TimelineSelectionListener {

    /** @param selection the new selection, or null when nothing is selected any more */
    void selectionChanged(TimelineSelection selection);
}
