package dev.mirrorline.ui.drills;

import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.IStatus;

import dev.mirrorline.drill.DrillService;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * The drill service of the console's node. Its first use cleans up after drills the node was
 * stopped in the middle of (file work), so it is made off the UI thread, once, and what the clean-up
 * did goes to the Error Log.
 */
public final class ConsoleDrills {

    private static final Object LOCK = new Object();
    private static CompletableFuture<DrillService> service;
    /** The node {@link #service} is of: a node started again after a close gets its own. */
    private static CompletableFuture<MirrorlineNode> serviceNode;

    private ConsoleDrills() {
    }

    /** @return the drill service once the node runs; completed exceptionally if the node did not start */
    public static CompletableFuture<DrillService> get() {
        synchronized (LOCK) {
            CompletableFuture<MirrorlineNode> node = ConsoleNode.get();
            if (service == null || service.isCompletedExceptionally() || serviceNode != node) {
                serviceNode = node;
                service = node.thenApplyAsync(running -> {
                    DrillService drills = DrillService.of(running);
                    drills.recoveryNotes().forEach(note -> ConsoleNode.log(IStatus.WARNING, note, null));
                    return drills;
                });
            }
            return service;
        }
    }
}
