package dev.mirrorline.history;

import java.time.Instant;

import dev.mirrorline.engine.event.EngineEvent;

/**
 * An event as the history holds it.
 *
 * @param id its number in the history: unique, and increasing in the order events were recorded
 * @param pair the pair it belongs to
 * @param at when it happened, to the nanosecond
 * @param type its type's name (see {@link EventTypes})
 * @param summary what happened, in words
 * @param fieldsJson every field of the event, as the JSON text of a flat object
 * @param event the event rebuilt, equal to the one recorded; null only when this version of the
 *        engine no longer has the event's type or its fields
 */
public record RecordedEvent(long id, String pair, Instant at, String type, String summary, String fieldsJson,
        EngineEvent event) {
}
