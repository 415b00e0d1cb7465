package dev.mirrorline.ui.nbd;

import java.util.concurrent.CompletableFuture;

import org.eclipse.core.expressions.PropertyTester;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.NbdExportStatus;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * What the NBD server commands' {@code enabledWhen} expressions ask, in the namespace
 * {@value #NAMESPACE}, of any receiver (plugin.xml tests the active workbench window):
 * <ul>
 * <li>{@code serverRunning}: the console's node runs and its NBD server listens, compared with the
 * expected value ({@code true} when none is given); false while the node is not running.</li>
 * <li>{@code nodeRunning}: the console's node runs.</li>
 * <li>{@code exportServed}: the receiver, an {@link NbdExportStatus}, is served now (not stopped).</li>
 * </ul>
 * The server starts and stops without a selection change: {@link ExportServerEnablement} asks the
 * workbench to evaluate these again when it does.
 */
public final class ExportServerPropertyTester extends PropertyTester {

    /** The properties' namespace, as declared in plugin.xml. */
    public static final String NAMESPACE = "dev.mirrorline.ui.nbd"; //$NON-NLS-1$
    /** Whether the NBD server listens. */
    public static final String SERVER_RUNNING = "serverRunning"; //$NON-NLS-1$
    /** Whether the node runs. */
    public static final String NODE_RUNNING = "nodeRunning"; //$NON-NLS-1$
    /** Whether an export is served. */
    public static final String EXPORT_SERVED = "exportServed"; //$NON-NLS-1$

    @Override
    public boolean test(Object receiver, String property, Object[] args, Object expectedValue) {
        CompletableFuture<MirrorlineNode> node = ConsoleNode.get();
        boolean nodeRunning = node.isDone() && !node.isCompletedExceptionally();
        return switch (property) {
            case NODE_RUNNING -> nodeRunning == expected(expectedValue);
            case SERVER_RUNNING -> nodeRunning && node.join().nbdExports().isRunning() == expected(expectedValue);
            case EXPORT_SERVED -> receiver instanceof NbdExportStatus export && nodeRunning
                    && node.join().nbdExports().exports().stream().anyMatch(
                            now -> now.name().equals(export.name()) && now.served() == expected(expectedValue));
            default -> false;
        };
    }

    private static boolean expected(Object expectedValue) {
        return expectedValue == null || Boolean.TRUE.equals(expectedValue)
                || "true".equals(String.valueOf(expectedValue)); //$NON-NLS-1$
    }
}
