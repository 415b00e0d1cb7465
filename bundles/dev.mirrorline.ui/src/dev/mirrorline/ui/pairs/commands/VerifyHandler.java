package dev.mirrorline.ui.pairs.commands;

import java.util.Locale;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.progress.IProgressConstants;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/**
 * Verify: compares the primary and a local secondary byte for byte (SHA-256 of each) in a
 * cancellable user job with progress; the checksums are shown in a dialog, a failure is reported by
 * {@link CommandFailures}.
 */
public final class VerifyHandler extends PairHandler {

    private static final int TICKS = 1000;

    @Override
    protected void execute(Pair pair, Shell shell) {
        String name = Messages.PairsView_verify_job + " " + pair.name(); //$NON-NLS-1$
        Job job = Job.create(name, monitor -> {
            long total = 2 * pair.sizeBytes();
            monitor.beginTask(name, TICKS);
            long[] worked = { 0 };
            try {
                Pair.VerifyResult result = pair.verify(bytes -> {
                    long now = bytes * TICKS / Math.max(1, total);
                    if (now > worked[0]) {
                        monitor.worked((int) (now - worked[0]));
                        worked[0] = now;
                    }
                }, monitor::isCanceled);
                if (result == null) {
                    return Status.CANCEL_STATUS;
                }
                shell.getDisplay().asyncExec(() -> show(shell, pair, result));
                return Status.OK_STATUS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.CANCEL_STATUS;
            } catch (Exception e) {
                return CommandFailures.report(shell, Messages.PairsView_verify, pair, e,
                        Messages.PairCommands_advice_verify);
            } finally {
                monitor.done();
            }
        });
        job.setUser(true);
        job.setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        job.schedule();
    }

    private static void show(Shell shell, Pair pair, Pair.VerifyResult result) {
        if (shell.isDisposed()) {
            return;
        }
        String text = String.format(Locale.ROOT,
                result.equal() ? Messages.PairsView_verify_equal : Messages.PairsView_verify_different, pair.name(),
                result.primarySha256(), result.secondarySha256());
        if (result.equal()) {
            MessageDialog.openInformation(shell, Messages.PairsView_verify_title, text);
        } else {
            MessageDialog.openWarning(shell, Messages.PairsView_verify_title, text);
        }
    }
}
