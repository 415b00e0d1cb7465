/**
 * What the engine tells the world: every state change is a typed, timestamped
 * {@link dev.mirrorline.engine.event.EngineEvent}, handed to listeners by an
 * {@link dev.mirrorline.engine.event.EventDispatcher} off the write path.
 */
package dev.mirrorline.engine.event;
