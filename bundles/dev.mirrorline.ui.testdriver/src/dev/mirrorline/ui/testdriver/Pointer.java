package dev.mirrorline.ui.testdriver;

import java.awt.AWTException;
import java.awt.Robot;
import java.awt.event.InputEvent;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;

/**
 * The mouse pointer and its first button: moves to a screen point and presses the button where it
 * is, knowing nothing of widgets.
 */
final class Pointer {

    private static Robot robot;

    private final UiThread ui;
    private final Waiting waiting;
    private final InputEvents input;

    Pointer(UiThread ui, Waiting waiting, InputEvents input) {
        this.ui = ui;
        this.waiting = waiting;
        this.input = input;
    }

    /** Moves the pointer to the point on the screen and waits until it is there. */
    void moveTo(Point point) {
        Display display = ui.display();
        ui.run(() -> {
            Rectangle screen = display.getBounds();
            if (!screen.contains(point)) {
                throw new IllegalStateException("The point " + point + " is off the screen " + screen);
            }
            Event move = new Event();
            move.type = SWT.MouseMove;
            move.x = point.x;
            move.y = point.y;
            input.post(move);
        });
        waiting.until("the pointer is at " + point, () -> display.getCursorLocation().equals(point));
        input.settle();
    }

    /** Presses and releases button 1 where the pointer is. */
    void click() {
        for (int type : new int[] { SWT.MouseDown, SWT.MouseUp }) {
            Event event = new Event();
            event.type = type;
            event.button = 1;
            input.send(event);
            input.settle();
        }
    }

    /**
     * Clicks button 1 twice where the pointer is, through {@link Robot} (XTest): GDK does not
     * detect double clicks in posted events.
     */
    void doubleClick() {
        Robot xtest = robot();
        for (int i = 0; i < 2; i++) {
            xtest.mousePress(InputEvent.BUTTON1_DOWN_MASK);
            xtest.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        }
        input.settle();
    }

    private static synchronized Robot robot() {
        if (robot == null) {
            try {
                robot = new Robot();
            } catch (AWTException | RuntimeException e) {
                throw new IllegalStateException("doubleClick needs java.awt.Robot to send real X button events,"
                        + " which this JVM cannot create (is it headless?)", e);
            }
        }
        return robot;
    }
}
