package dev.mirrorline.ui.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.Platform;
import org.eclipse.osgi.service.datalocation.Location;

import dev.mirrorline.history.EventHistory;

/**
 * The console's one event history, in {@code <workspace>/state/history}: views read it, and the
 * embedded engine (once the console runs one) registers it on its event dispatcher, both through
 * {@link #get()}. It is opened on first use, on a thread of its own so that the UI thread never
 * waits for the database, and closed when the workbench shuts down.
 */
public final class ConsoleEventHistory {

    /** The directory, below the workspace, where the console keeps its state. */
    public static final String STATE_DIRECTORY = "state"; //$NON-NLS-1$

    /** The history's directory, below the state directory. */
    public static final String HISTORY_DIRECTORY = "history"; //$NON-NLS-1$

    private static final Object LOCK = new Object();
    private static CompletableFuture<EventHistory> history;

    private ConsoleEventHistory() {
    }

    /**
     * Returns the console's history, opening it the first time.
     *
     * @return the history once it is open; completed exceptionally, with an {@link IOException} as
     *         the cause, when it cannot be opened (a later call tries again)
     */
    public static CompletableFuture<EventHistory> get() {
        synchronized (LOCK) {
            if (history == null || history.isCompletedExceptionally()) {
                CompletableFuture<EventHistory> opening = new CompletableFuture<>();
                Thread opener = new Thread(() -> {
                    try {
                        // events name volumes; the embedded node knows their pairs
                        opening.complete(EventHistory.open(directory(),
                                volume -> dev.mirrorline.ui.node.ConsoleNode.pairOfVolume(volume)));
                    } catch (IOException | RuntimeException e) {
                        opening.completeExceptionally(e);
                    }
                }, "mirrorline-event-history-open"); //$NON-NLS-1$
                opener.setDaemon(true);
                opener.start();
                history = opening;
            }
            return history;
        }
    }

    /**
     * @return where the history lives: {@code state/history} in the workspace (the instance
     *         location)
     * @throws UncheckedIOException when the console runs without a workspace
     */
    public static Path directory() {
        Location instance = Platform.getInstanceLocation();
        URL url = instance == null ? null : instance.getURL();
        if (url == null || !"file".equals(url.getProtocol())) { //$NON-NLS-1$
            throw new UncheckedIOException(new IOException(
                    "The console has no workspace directory to keep its event history in: " + url)); //$NON-NLS-1$
        }
        return Path.of(url.getPath()).resolve(STATE_DIRECTORY).resolve(HISTORY_DIRECTORY);
    }

    /** Closes the history if it was opened: its queued events are committed first. */
    public static void close() {
        CompletableFuture<EventHistory> opened;
        synchronized (LOCK) {
            opened = history;
            history = null;
        }
        if (opened != null) {
            opened.thenAccept(EventHistory::close);
        }
    }
}
