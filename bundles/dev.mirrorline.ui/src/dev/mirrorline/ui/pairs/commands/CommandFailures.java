package dev.mirrorline.ui.pairs.commands;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/**
 * Reports a command that failed in its job: in an error dialog that says what failed, why, and what
 * to do, and as the job's error result, which the jobs framework writes to the Error Log with its
 * cause (once) and the Progress view keeps. Callable from any thread; the dialog opens on the UI
 * thread.
 */
public final class CommandFailures {

    private static final String BUNDLE = "dev.mirrorline.ui"; //$NON-NLS-1$

    private CommandFailures() {
    }

    /**
     * Shows a failure and makes the job's result for it. The job sets
     * {@link org.eclipse.ui.progress.IProgressConstants#NO_IMMEDIATE_ERROR_PROMPT_PROPERTY} so that
     * the workbench does not show a second dialog for that result.
     *
     * @param shell the shell to open the dialog on
     * @param command the command's name, e.g. "Verify"
     * @param pair the pair it acted on
     * @param cause what went wrong
     * @param advice what the user can do about it, a sentence or two
     * @return the error status for the job to return: what failed, for which pair, why, with the cause
     */
    public static IStatus report(Shell shell, String command, Pair pair, Throwable cause, String advice) {
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        // the log's entry is in English, like the engine's messages; the dialog is translated
        IStatus result = new Status(IStatus.ERROR, BUNDLE,
                command + " failed for the pair " + pair.name() + ": " + reason, cause); //$NON-NLS-1$ //$NON-NLS-2$
        IStatus status = new Status(IStatus.ERROR, BUNDLE, reason, cause);
        if (!shell.isDisposed()) {
            shell.getDisplay().asyncExec(() -> {
                if (!shell.isDisposed()) {
                    ErrorDialog.openError(shell, NLS.bind(Messages.PairCommands_failed_title, command),
                            NLS.bind(Messages.PairCommands_failed_message, new Object[] { command, pair.name(), advice }),
                            status);
                }
            });
        }
        return result;
    }
}
