package dev.mirrorline.ui.testdriver;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;

/** The display's UI thread as the test thread reaches it: through {@code syncExec}, never from inside. */
final class UiThread {

    private final Display display;
    private final Thread thread;

    UiThread(Display display) {
        this.display = display;
        this.thread = display.getThread();
    }

    Display display() {
        return display;
    }

    /**
     * Refuses calls made on the UI thread: the driver waits for the UI thread to handle events,
     * which it cannot do while it runs the call.
     *
     * @param method the name of the {@link UiDriver} method called, for the message
     */
    void checkNotOn(String method) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("UiDriver." + method + "() was called on the UI thread ("
                    + thread.getName() + "). Call the driver from the test thread: it waits for the UI thread"
                    + " to handle events, which the UI thread cannot do while it runs this call.");
        }
    }

    /** See {@link UiDriver#onUi(Supplier)}. */
    <T> T call(Supplier<T> action) {
        checkNotOn("onUi");
        Objects.requireNonNull(action, "action");
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            display.syncExec(() -> {
                try {
                    result.set(action.get());
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
        } catch (SWTException e) {
            if (display.isDisposed()) {
                throw new IllegalStateException("The display has been disposed: the UI thread is gone", e);
            }
            throw e;
        }
        Throwable thrown = failure.get();
        rethrowUnchecked(thrown);
        if (thrown != null) {
            throw new IllegalStateException("Checked exception on the UI thread", thrown);
        }
        return result.get();
    }

    /** See {@link UiDriver#onUi(Runnable)}. */
    void run(Runnable action) {
        Objects.requireNonNull(action, "action");
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Throws what the UI thread threw, as it is, when it is unchecked; returns otherwise. */
    static void rethrowUnchecked(Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
    }
}
