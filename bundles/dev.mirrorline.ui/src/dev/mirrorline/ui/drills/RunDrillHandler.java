package dev.mirrorline.ui.drills;

import java.util.concurrent.CompletableFuture;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.node.ConsoleNode;
import dev.mirrorline.ui.pairs.commands.PairHandler;

/**
 * Opens the Failover Drill wizard (Drills &gt; Run Failover Drill…, the Pairs view's context menu),
 * with the pair selected in the Pairs view chosen. While the engine starts, says so instead.
 */
public final class RunDrillHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Shell shell = HandlerUtil.getActiveShellChecked(event);
        Pair selected = PairHandler.selectedPair(HandlerUtil.getCurrentSelection(event));
        CompletableFuture<MirrorlineNode> node = ConsoleNode.get();
        if (!node.isDone() || node.isCompletedExceptionally()) {
            MessageDialog.openInformation(shell, Messages.DrillWizard_title, node.isDone()
                    ? Messages.DrillWizard_engineFailed : Messages.DrillWizard_engineStarting);
            return null;
        }
        String pair = selected != null ? selected.name() : null;
        // the service's first use cleans up after interrupted drills: it is made off the UI thread
        ConsoleDrills.get().whenComplete((service, failure) -> shell.getDisplay().asyncExec(() -> {
            if (shell.isDisposed()) {
                return;
            }
            if (failure != null) {
                MessageDialog.openError(shell, Messages.DrillWizard_title, Messages.DrillWizard_engineFailed);
                return;
            }
            WizardDialog dialog = new WizardDialog(shell, new DrillWizard(node.join(), service, pair));
            dialog.setPageSize(DrillWidgets.PAGE_WIDTH, 460);
            dialog.open();
        }));
        return null;
    }
}
