package dev.mirrorline.ui.pairs.commands;

import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.progress.IProgressConstants;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * Delete Pair: asks first ({@link DeletePairDialog}), then stops the pair and removes it from the
 * node in a job, with its volume image files only if the user asked.
 */
public final class DeletePairHandler extends PairHandler {

    @Override
    protected void execute(Pair pair, Shell shell) {
        DeletePairDialog dialog = new DeletePairDialog(shell, pair);
        if (dialog.open() != 0) {
            return;
        }
        boolean deleteVolumes = dialog.deleteVolumes();
        CompletableFuture<MirrorlineNode> node = ConsoleNode.get();
        Job job = Job.create(NLS.bind(Messages.PairCommands_delete_job, pair.name()), monitor -> {
            try {
                node.join().deletePair(pair.name(), deleteVolumes);
                return Status.OK_STATUS;
            } catch (Exception e) {
                return CommandFailures.report(shell, Messages.PairCommands_deletePair, pair, e,
                        Messages.PairCommands_advice_delete);
            } finally {
                if (!shell.isDisposed()) {
                    shell.getDisplay().asyncExec(PairCommandEnablement::requestEvaluation);
                }
            }
        });
        job.setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        job.schedule();
    }
}
