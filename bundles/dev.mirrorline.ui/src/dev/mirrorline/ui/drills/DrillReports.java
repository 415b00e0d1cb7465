package dev.mirrorline.ui.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

import dev.mirrorline.ui.node.ConsoleNode;

/**
 * Opens a drill's HTML report in the program the desktop has for HTML files, and saves copies of
 * it where the administrator chooses; on the UI thread, the copy in a job.
 */
final class DrillReports {

    private DrillReports() {
    }

    /**
     * Opens the report in the desktop's program for HTML (a web browser); says where it is when no
     * program is set.
     *
     * @param shell the shell for messages
     * @param drillId the drill
     * @param report its report
     */
    static void open(Shell shell, String drillId, Path report) {
        if (!Files.isRegularFile(report)) {
            MessageDialog.openError(shell, Messages.Report_openTitle, NLS.bind(Messages.Report_missing, drillId, report));
            return;
        }
        if (!Program.launch(report.toAbsolutePath().toString())) {
            ConsoleNode.log(IStatus.WARNING, "No program opens HTML files here; the report of the drill " + drillId //$NON-NLS-1$
                    + " is at " + report, null); //$NON-NLS-1$
            MessageDialog.openInformation(shell, Messages.Report_openTitle, NLS.bind(Messages.Report_openFailed, report));
        }
    }

    /**
     * Asks where to save a copy of the report, then copies it in a job.
     *
     * @param shell the shell for the file dialog and messages
     * @param drillId the drill (the suggested file name)
     * @param report its report
     */
    static void saveAs(Shell shell, String drillId, Path report) {
        if (!Files.isRegularFile(report)) {
            MessageDialog.openError(shell, Messages.Report_saveTitle, NLS.bind(Messages.Report_missing, drillId, report));
            return;
        }
        FileDialog dialog = new FileDialog(shell, SWT.SAVE);
        dialog.setText(Messages.Report_saveTitle);
        dialog.setFilterExtensions(new String[] { "*.html", "*" }); //$NON-NLS-1$ //$NON-NLS-2$
        dialog.setFileName("drill-" + drillId + ".html"); //$NON-NLS-1$ //$NON-NLS-2$
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen != null) {
            copy(shell, drillId, report, Path.of(chosen));
        }
    }

    /**
     * Copies the report in a job; a failure goes to the Error Log and to a dialog.
     *
     * @param shell the shell for the failure's dialog
     * @param drillId the drill
     * @param report its report
     * @param target where the copy goes (replaced if it exists)
     * @return the job, scheduled
     */
    static Job copy(Shell shell, String drillId, Path report, Path target) {
        Job job = Job.create(NLS.bind(Messages.Report_saveJob, drillId), monitor -> {
            try {
                Path parent = target.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.copy(report, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                ConsoleNode.log(IStatus.ERROR, "The report of the drill " + drillId + " could not be saved to " //$NON-NLS-1$ //$NON-NLS-2$
                        + target + ": " + e.getMessage(), e); //$NON-NLS-1$
                if (!shell.isDisposed()) {
                    shell.getDisplay().asyncExec(() -> MessageDialog.openError(shell.isDisposed() ? null : shell,
                            Messages.Report_saveTitle, NLS.bind(Messages.Report_saveFailed, target, e.getMessage())));
                }
            }
            return Status.OK_STATUS; // reported above, in the Error Log and a dialog that says what to do
        });
        job.setUser(true);
        job.schedule();
        return job;
    }
}
