package dev.mirrorline.ui.node;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

import dev.mirrorline.cli.NodeCommands;
import dev.mirrorline.history.EventHistory;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.transport.AdminEndpoint;
import dev.mirrorline.ui.history.ConsoleEventHistory;

/**
 * The console's embedded engine: one {@link MirrorlineNode} in {@code <workspace>/state/node},
 * started with the workbench on a thread of its own (so the UI thread never waits for volumes to
 * open), with the demo pair on its first start, its events recorded in the console's event history,
 * and closed cleanly when the workbench shuts down.
 */
public final class ConsoleNode {

    /** The node's directory, below the console's state directory. */
    public static final String NODE_DIRECTORY = "node"; //$NON-NLS-1$

    private static final String BUNDLE = "dev.mirrorline.ui"; //$NON-NLS-1$
    private static final Object LOCK = new Object();
    /** How long the node's start waits for the event history, so that its first events are recorded. */
    private static final long HISTORY_OPEN_SECONDS = 30;
    private static CompletableFuture<MirrorlineNode> node;
    /** Where the command line reaches the node, while it runs. */
    private static AdminEndpoint admin;
    /** The node while it starts, before {@link #node} completes. */
    private static volatile MirrorlineNode opening;

    private ConsoleNode() {
    }

    /**
     * Starts the node, if not started: opens it, starts its pairs, creates the demo pair if it has
     * none, and records its events in the event history.
     *
     * @return the node once it runs; completed exceptionally if it cannot start (the reason is in
     *         the Error Log)
     */
    public static CompletableFuture<MirrorlineNode> get() {
        synchronized (LOCK) {
            if (node == null) {
                CompletableFuture<MirrorlineNode> starting = new CompletableFuture<>();
                Thread starter = new Thread(() -> start(starting), "mirrorline-node-start"); //$NON-NLS-1$
                starter.setDaemon(true);
                starter.start();
                node = starting;
            }
            return node;
        }
    }

    private static void start(CompletableFuture<MirrorlineNode> starting) {
        try {
            MirrorlineNode opened = MirrorlineNode.openWithoutStarting(
                    ConsoleEventHistory.directory().getParent().resolve(NODE_DIRECTORY),
                    failure -> log(IStatus.ERROR, "An event listener failed", failure)); //$NON-NLS-1$
            opening = opened; // the history maps the pairs' first events with it
            EventHistory history = recordEventsOf(opened); // before the pairs start: a restart's resync too
            opened.startRecordedPairs();
            opened.failedPairs().forEach((pair, reason) -> log(IStatus.ERROR,
                    "The pair " + pair + " could not start: " + reason, null)); //$NON-NLS-1$ //$NON-NLS-2$
            serveTheCommandLine(opened, history);
            serveTheVolumesOverNbd(opened);
            starting.complete(opened);
            opened.createDemoPairIfNone();
        } catch (IOException | RuntimeException e) {
            log(IStatus.ERROR, "The embedded engine cannot start: " + e.getMessage(), e); //$NON-NLS-1$
            starting.completeExceptionally(e); // no effect if only the demo pair failed: the node runs
        }
    }

    /** @return the history the node's events go to, or null if it cannot be opened (logged) */
    private static EventHistory recordEventsOf(MirrorlineNode opened) {
        try {
            EventHistory history = ConsoleEventHistory.get().get(HISTORY_OPEN_SECONDS, TimeUnit.SECONDS);
            opened.events().addListener(history);
            return history;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log(IStatus.ERROR, "Events are not recorded: the event history cannot be opened", //$NON-NLS-1$
                    e instanceof ExecutionException ? e.getCause() : e);
        }
        return null;
    }

    /** Lets {@code mirrorline COMMAND} (the command line) administer the console's node while it runs. */
    private static void serveTheCommandLine(MirrorlineNode opened, EventHistory history) {
        try {
            AdminEndpoint started = AdminEndpoint.start(opened.stateDirectory(), new NodeCommands(opened, history));
            synchronized (LOCK) {
                admin = started;
            }
        } catch (IOException e) {
            log(IStatus.WARNING, "The command line cannot reach the console's node: " + e.getMessage(), e); //$NON-NLS-1$
        }
    }

    /**
     * Starts the node's NBD server on its first start (the node starts it again later if it ran,
     * see {@link dev.mirrorline.node.NbdExportServer}); says in the Error Log why it does not run
     * when it cannot listen (the port is taken: another console, say). The console runs without it.
     */
    private static void serveTheVolumesOverNbd(MirrorlineNode opened) {
        var nbd = opened.nbdExports();
        if (!nbd.isConfigured()) {
            try {
                nbd.start();
            } catch (IOException e) {
                log(IStatus.WARNING, "The NBD server does not run: " + e.getMessage(), e); //$NON-NLS-1$
            }
        }
        nbd.problem().ifPresent(problem -> log(IStatus.WARNING, "The NBD server does not run: " + problem, null)); //$NON-NLS-1$
    }

    /**
     * @param volume a volume's name, as engine events give it
     * @return its pair's name, or the volume's name when the node is not running or does not know it
     */
    public static String pairOfVolume(String volume) {
        CompletableFuture<MirrorlineNode> running;
        synchronized (LOCK) {
            running = node;
        }
        MirrorlineNode known = running != null && running.isDone() && !running.isCompletedExceptionally()
                ? running.join() : opening;
        return known == null ? volume : known.pairOfVolume(volume).orElse(volume);
    }

    /** Stops every pair cleanly (their state stays for the next start). */
    public static void close() {
        CompletableFuture<MirrorlineNode> running;
        synchronized (LOCK) {
            running = node;
            node = null;
            opening = null;
            if (admin != null) {
                admin.close();
                admin = null;
            }
        }
        if (running == null) {
            return;
        }
        try {
            running.join().close();
        } catch (IOException e) {
            log(IStatus.ERROR, "A pair did not close cleanly: " + e.getMessage(), e); //$NON-NLS-1$
        } catch (RuntimeException e) {
            // it never started; that was logged then
        }
    }

    /** Writes to the Error Log. */
    public static void log(int severity, String message, Throwable cause) {
        ILog.of(org.osgi.framework.FrameworkUtil.getBundle(ConsoleNode.class)).log(new Status(severity, BUNDLE,
                message, cause));
    }
}
