package dev.mirrorline.history;

/** The event history's database could not be read or written; the message says which and why. */
public final class EventHistoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, and where
     * @param cause the database's exception
     */
    public EventHistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
