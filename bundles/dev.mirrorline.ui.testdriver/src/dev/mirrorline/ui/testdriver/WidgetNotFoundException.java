package dev.mirrorline.ui.testdriver;

/**
 * Thrown when a widget, shell or menu item that a test asked for did not appear within the
 * driver's timeout. The message names what was searched for and lists what was there instead.
 */
public class WidgetNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was searched for, where, and which widgets of that kind were seen
     */
    public WidgetNotFoundException(String message) {
        super(message);
    }
}
