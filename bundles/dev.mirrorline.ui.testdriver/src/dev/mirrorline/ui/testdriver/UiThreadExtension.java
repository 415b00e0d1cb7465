package dev.mirrorline.ui.testdriver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one UI thread for the whole test run: it creates the {@link Display} (GTK allows this on a
 * thread other than the JVM's main thread) and runs the event loop until the run ends, while the
 * tests run on JUnit's thread. Resolves {@link Display} and {@link UiDriver} parameters. For test
 * fragments of plain SWT widgets, without a workbench: {@code @ExtendWith(UiThreadExtension.class)}.
 */
public final class UiThreadExtension implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(UiThreadExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        uiThread(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Display.class || type == UiDriver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Display display = uiThread(context).display;
        return parameter.getParameter().getType() == Display.class ? display : new UiDriver(display);
    }

    private static UiThread uiThread(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(UiThread.class, key -> new UiThread(),
                UiThread.class);
    }

    /** The UI thread; JUnit closes it at the end of the run. */
    static final class UiThread implements ExtensionContext.Store.CloseableResource {

        final Thread thread;
        final Display display;

        UiThread() {
            CompletableFuture<Display> started = new CompletableFuture<>();
            thread = new Thread(() -> run(started), "mirrorline-ui");
            thread.setDaemon(true);
            thread.start();
            try {
                display = started.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("The UI thread did not create a Display (is DISPLAY set?)", e);
            }
        }

        private static void run(CompletableFuture<Display> started) {
            Display display;
            try {
                display = new Display();
            } catch (Throwable e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(display);
            while (!display.isDisposed()) {
                try {
                    if (!display.readAndDispatch()) {
                        display.sleep();
                    }
                } catch (Throwable e) {
                    // A broken listener must not stop the loop that every later test needs.
                    System.err.println("[mirrorline-ui] exception in the event loop:");
                    e.printStackTrace();
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (!display.isDisposed()) {
                        display.dispose();
                    }
                });
            }
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
