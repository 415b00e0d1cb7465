package dev.mirrorline.ui.drills;

import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.drill.DrillListener;
import dev.mirrorline.drill.DrillOutcome;
import dev.mirrorline.drill.DrillResult;
import dev.mirrorline.drill.DrillRun;
import dev.mirrorline.drill.StepRecord;
import dev.mirrorline.drill.StepStatus;

/**
 * Page 4 of the drill wizard: starts the drill when first shown, then shows its steps with their
 * status, its progress and its log as the drill tells them (on its thread; handed to the UI thread
 * with {@code asyncExec}). Cancel Drill cancels it: the drill rolls back and the page shows the end.
 */
final class RunPage extends WizardPage {

    private static final int PROGRESS_STEPS = 1000;

    private final DrillWizard wizard;
    private Label status;
    private Table steps;
    private ProgressBar progress;
    private Text log;
    private Button cancel;
    private DrillRun run;
    private boolean ended;

    RunPage(DrillWizard wizard) {
        super("run"); //$NON-NLS-1$
        this.wizard = wizard;
        setTitle(Messages.RunPage_title);
        setDescription(Messages.RunPage_description);
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(page);
        status = DrillWidgets.named(new Label(page, SWT.NONE), DrillWizard.RUN_STATUS_WIDGET);
        status.setText(Messages.RunPage_starting);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(status);
        cancel = DrillWidgets.named(new Button(page, SWT.PUSH), DrillWizard.RUN_CANCEL_WIDGET);
        cancel.setText(Messages.RunPage_cancel);
        cancel.setEnabled(false);
        cancel.addListener(SWT.Selection, event -> cancelDrill());
        progress = DrillWidgets.named(new ProgressBar(page, SWT.HORIZONTAL | SWT.SMOOTH), DrillWizard.RUN_PROGRESS_WIDGET);
        progress.setMaximum(PROGRESS_STEPS);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(progress);
        steps = DrillWidgets.table(page, DrillWizard.RUN_STEPS_WIDGET, 9, Messages.RunPage_column_step, 350,
                Messages.RunPage_column_status, 105, Messages.RunPage_column_detail, 700);
        Label logLabel = DrillWidgets.label(page, Messages.RunPage_log);
        GridDataFactory.swtDefaults().span(2, 1).applyTo(logLabel);
        log = DrillWidgets.named(new Text(page, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL),
                DrillWizard.RUN_LOG_WIDGET);
        GridDataFactory.fillDefaults().grab(true, true).span(2, 1)
                .hint(DrillWidgets.PAGE_WIDTH, log.getLineHeight() * 7).applyTo(log);
        setControl(page);
    }

    @Override
    public IWizardPage getPreviousPage() {
        return null; // a drill that ran cannot be taken back: run the wizard again for another
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            wizard.startDrill(new ToUiThread(getShell().getDisplay()));
        }
    }

    /** The drill started: shows its steps. On the UI thread. */
    void started(DrillRun started) {
        if (steps.isDisposed()) {
            return;
        }
        run = started;
        if (!ended) {
            cancel.setEnabled(!started.isCancelled());
        }
        List<StepRecord> records = started.steps();
        for (StepRecord record : records) {
            if (steps.getItemCount() < record.index()) {
                show(record);
            }
        }
        if (!ended) {
            StepRecord running = records.stream().filter(step -> step.status() == StepStatus.RUNNING).findFirst()
                    .orElse(null);
            status.setText(running != null ? NLS.bind(Messages.RunPage_running,
                    new Object[] { running.index(), records.size(), running.name() }) : Messages.RunPage_starting);
        }
    }

    /** The drill could not start. On the UI thread. */
    void notStarted(String message) {
        if (steps.isDisposed()) {
            return;
        }
        status.setText(Messages.RunPage_notStarted);
        setErrorMessage(message);
        org.eclipse.jface.dialogs.MessageDialog.openError(getShell(), Messages.DrillWizard_title, message);
    }

    private void cancelDrill() {
        if (run != null) {
            run.cancel();
            log.setFocus(); // not the steps' table, which would select its first row
            cancel.setEnabled(false);
            status.setText(Messages.RunPage_cancelling);
        }
    }

    private void show(StepRecord step) {
        while (steps.getItemCount() < step.index()) {
            new TableItem(steps, SWT.NONE);
        }
        TableItem item = steps.getItem(step.index() - 1);
        item.setText(new String[] { step.index() + ". " + step.name(), statusText(step.status()), step.detail() }); //$NON-NLS-1$
        item.setForeground(1, steps.getDisplay().getSystemColor(colour(step.status())));
    }

    /**
     * @param status a step's status
     * @return it in words, with a sign, e.g. "✔ Done"
     */
    static String statusText(StepStatus status) {
        return switch (status) {
            case PENDING -> Messages.StepStatus_PENDING;
            case RUNNING -> Messages.StepStatus_RUNNING;
            case PASSED -> Messages.StepStatus_PASSED;
            case FAILED -> Messages.StepStatus_FAILED;
            case CANCELLED -> Messages.StepStatus_CANCELLED;
            case SKIPPED -> Messages.StepStatus_SKIPPED;
        };
    }

    private static int colour(StepStatus status) {
        return switch (status) {
            case PENDING, SKIPPED -> SWT.COLOR_DARK_GRAY;
            case RUNNING -> SWT.COLOR_DARK_BLUE;
            case PASSED -> SWT.COLOR_DARK_GREEN;
            case FAILED -> SWT.COLOR_RED;
            case CANCELLED -> SWT.COLOR_DARK_YELLOW;
        };
    }

    /**
     * @param outcome how a drill ended
     * @return it in words
     */
    static String outcomeText(DrillOutcome outcome) {
        return switch (outcome) {
            case RUNNING -> Messages.Outcome_RUNNING;
            case PASSED -> Messages.Outcome_PASSED;
            case FAILED -> Messages.Outcome_FAILED;
            case CANCELLED -> Messages.Outcome_CANCELLED;
            case INTERRUPTED -> Messages.Outcome_INTERRUPTED;
        };
    }

    private void stepChanged(DrillRun drill, StepRecord step) {
        run = drill;
        show(step);
        if (step.status() == StepStatus.RUNNING && !drill.isCancelled()) {
            status.setText(NLS.bind(Messages.RunPage_running,
                    new Object[] { step.index(), drill.steps().size(), step.name() }));
        }
        if (!ended) {
            cancel.setEnabled(!drill.isCancelled());
        }
    }

    private void logged(int stepIndex, String line) {
        log.append((stepIndex == 0 ? Messages.RunPage_rollback : Integer.toString(stepIndex)) + ": " + line //$NON-NLS-1$
                + Text.DELIMITER);
    }

    private void finished(DrillResult result) {
        ended = true;
        progress.setSelection(PROGRESS_STEPS);
        cancel.setEnabled(false);
        result.steps().forEach(this::show);
        status.setText(NLS.bind(Messages.RunPage_ended, outcomeText(result.outcome())));
        setPageComplete(true);
        wizard.ended(result);
    }

    /** Hands what the drill tells (on its thread) to the UI thread, while the page exists. */
    private final class ToUiThread implements DrillListener {

        private final Display display;

        ToUiThread(Display display) {
            this.display = display;
        }

        private void onUi(Runnable action) {
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (!steps.isDisposed()) {
                        action.run();
                    }
                });
            }
        }

        @Override
        public void stepChanged(DrillRun drill, StepRecord step) {
            onUi(() -> RunPage.this.stepChanged(drill, step));
        }

        @Override
        public void logged(DrillRun drill, int stepIndex, String line) {
            onUi(() -> RunPage.this.logged(stepIndex, line));
        }

        @Override
        public void progressed(DrillRun drill, double fraction) {
            onUi(() -> progress.setSelection((int) Math.round(fraction * PROGRESS_STEPS)));
        }

        @Override
        public void finished(DrillRun drill, DrillResult result) {
            onUi(() -> RunPage.this.finished(result));
        }
    }
}
