package dev.mirrorline.ui.nbd;

import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.progress.IProgressConstants;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.NbdExportServer;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * Runs something on the node's NBD server as a user job (a stop waits for the clients' requests in
 * progress, a start may wait for the node), one at a time. A failure opens a dialog that says what
 * failed, why and what to do, and is the job's error result, which goes to the Error Log with its
 * cause; the commands' enablement is evaluated again afterwards.
 */
final class ExportServerJob {

    /** What the job does to the server. */
    @FunctionalInterface
    interface Action {
        /**
         * @param server the node's NBD server
         * @throws Exception what went wrong
         */
        void run(NbdExportServer server) throws Exception;
    }

    /** Keeps two actions on the server from running at once. */
    private static final ISchedulingRule SERVER = new ISchedulingRule() {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule == this;
        }
    };

    private static final String BUNDLE = "dev.mirrorline.ui"; //$NON-NLS-1$

    private ExportServerJob() {
    }

    /**
     * Schedules the action.
     *
     * @param name the job's name, which is also what a failure's dialog says failed
     * @param advice what to do when it fails
     * @param shell the shell for a failure's dialog
     * @param action what to do
     * @return the job, scheduled
     */
    static Job schedule(String name, String advice, Shell shell, Action action) {
        Job job = Job.create(name, monitor -> {
            try {
                CompletableFuture<MirrorlineNode> node = ConsoleNode.get();
                action.run(node.join().nbdExports());
                return Status.OK_STATUS;
            } catch (Exception e) {
                return report(shell, name, e, advice);
            } finally {
                if (!shell.isDisposed()) {
                    shell.getDisplay().asyncExec(ExportServerEnablement::requestEvaluation);
                }
            }
        });
        job.setUser(true);
        job.setRule(SERVER);
        job.setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        job.schedule();
        return job;
    }

    private static IStatus report(Shell shell, String what, Throwable cause, String advice) {
        Throwable reason = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                ? cause.getCause() : cause;
        String message = reason.getMessage() != null ? reason.getMessage() : reason.toString();
        IStatus detail = new Status(IStatus.ERROR, BUNDLE, message, reason);
        if (!shell.isDisposed()) {
            shell.getDisplay().asyncExec(() -> {
                if (!shell.isDisposed()) {
                    ErrorDialog.openError(shell, NLS.bind(Messages.NbdExports_failed_title, what),
                            NLS.bind(Messages.NbdExports_failed_message, what, advice), detail);
                }
            });
        }
        // the log's entry is in English, like the engine's messages; the dialog is translated
        return new Status(IStatus.ERROR, BUNDLE, what + " failed: " + message, reason); //$NON-NLS-1$
    }
}
