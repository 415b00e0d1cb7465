package dev.mirrorline.ui.testdriver;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 extension that saves a screenshot of the whole display when a test fails, as
 * {@code <TestClass>.<method>.png} (simple class name) in the directory named by the system property
 * {@code mirrorline.screenshots} (default {@code target/screenshots}).
 *
 * <p>Register it with {@code @ExtendWith(ScreenshotOnFailure.class)}. It looks for an existing
 * {@link Display} on any thread and never creates one. It never throws: when there is no display, or
 * the UI thread does not answer within five seconds, it prints why to standard error and lets the
 * test's own failure stand.
 *
 * <p>JUnit calls {@link TestWatcher} after the test's {@code @AfterEach} methods: a test class that
 * wants its failing state on the picture should close its shells before each test rather than after.
 */
public final class ScreenshotOnFailure implements TestWatcher {

    private static final long UI_THREAD_WAIT_SECONDS = 5;

    /** Creates the extension; JUnit does this when it is registered. */
    public ScreenshotOnFailure() {
    }

    /**
     * Saves the screenshot of the failed test.
     *
     * @param context the failed test's context
     * @param cause why it failed (not used)
     */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        try {
            String name = context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName();
            Display display = findDisplay();
            if (display == null) {
                report("no SWT display is running; no screenshot for " + name);
                return;
            }
            Path file = save(display, Screenshots.fileFor(name));
            report(name + " failed; screenshot: " + file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report("interrupted while saving a screenshot");
        } catch (Throwable e) {
            report("could not save a screenshot: " + e);
        }
    }

    private static Path save(Display display, Path file) throws Exception {
        if (display.getThread() == Thread.currentThread()) {
            return Screenshots.write(display, file);
        }
        CompletableFuture<Path> saved = new CompletableFuture<>();
        display.asyncExec(() -> {
            try {
                saved.complete(Screenshots.write(display, file));
            } catch (Throwable e) {
                saved.completeExceptionally(e);
            }
        });
        return saved.get(UI_THREAD_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The display of this thread, or else of any other thread; never creates one. */
    private static Display findDisplay() {
        Display current = Display.getCurrent();
        if (current != null && !current.isDisposed()) {
            return current;
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            Display display = Display.findDisplay(thread);
            if (display != null && !display.isDisposed()) {
                return display;
            }
        }
        return null;
    }

    private static void report(String message) {
        try {
            System.err.println("[ScreenshotOnFailure] " + message);
        } catch (Throwable ignored) {
            // nothing left to do: the extension must never throw
        }
    }
}
