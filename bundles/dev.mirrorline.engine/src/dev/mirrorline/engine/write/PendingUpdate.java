package dev.mirrorline.engine.write;

/**
 * An update appended to the in-flight log whose journal record may not be durable yet.
 *
 * @param update the update, with its sequence number
 * @param journalEnd where its record ends in the journal; it is durable once the journal is forced
 *        past this point
 */
public record PendingUpdate(Update update, long journalEnd) {
}
