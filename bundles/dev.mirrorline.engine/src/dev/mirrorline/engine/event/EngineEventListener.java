package dev.mirrorline.engine.event;

/** Receives engine events, one at a time, in the order they were published. */
@FunctionalInterface
public interface EngineEventListener {

    /**
     * Called off the write path; may take its time, but delays the events after it.
     *
     * @param event the event
     */
    void onEvent(EngineEvent event);
}
