/**
 * The durable history of engine events: {@link dev.mirrorline.history.EventHistory} records every
 * {@link dev.mirrorline.engine.event.EngineEvent} into an embedded H2 database and answers
 * queries by pair, time window and type ({@link dev.mirrorline.history.EventQuery}) with events
 * equal to those recorded ({@link dev.mirrorline.history.RecordedEvent}).
 */
package dev.mirrorline.history;
