package dev.mirrorline.ui.drills;

import java.util.List;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.drill.DrillParameters;
import dev.mirrorline.drill.DrillScenario;
import dev.mirrorline.drill.PreflightCheck;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * Page 3 of the drill wizard: the pre-flight checks, made in a job each time the page is shown (or
 * Check Again is clicked) and listed with their result and message. The first failed check's message
 * is the page's error, and the page is complete only when every check passed.
 */
final class PreflightPage extends WizardPage {

    private final DrillWizard wizard;
    private Table checks;
    private Text details;
    /** Counts the checks asked for, so that only the newest answer is shown. */
    private int generation;

    PreflightPage(DrillWizard wizard) {
        super("preflight"); //$NON-NLS-1$
        this.wizard = wizard;
        setTitle(Messages.PreflightPage_title);
        setDescription(Messages.PreflightPage_description);
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(page);
        checks = DrillWidgets.table(page, DrillWizard.PREFLIGHT_WIDGET, 7, Messages.PreflightPage_column_check, 150,
                Messages.PreflightPage_column_result, 90, Messages.PreflightPage_column_message, 900);
        // the messages are long: the failed ones, or the one selected, in full
        details = DrillWidgets.named(new Text(page, SWT.MULTI | SWT.WRAP | SWT.READ_ONLY | SWT.BORDER | SWT.V_SCROLL),
                DrillWizard.PREFLIGHT_DETAILS_WIDGET);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1)
                .hint(DrillWidgets.PAGE_WIDTH, details.getLineHeight() * 4 + 6).applyTo(details);
        checks.addListener(SWT.Selection, event -> {
            if (event.item instanceof TableItem item && item.getData() instanceof PreflightCheck check) {
                details.setText(check.name() + ": " + check.message()); //$NON-NLS-1$
            }
        });
        Button again = DrillWidgets.named(new Button(page, SWT.PUSH), DrillWizard.PREFLIGHT_AGAIN_WIDGET);
        again.setText(Messages.PreflightPage_again);
        GridDataFactory.swtDefaults().span(2, 1).applyTo(again);
        again.addListener(SWT.Selection, event -> check());
        setControl(page);
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            check();
        }
    }

    /** Makes the checks again, in a job, and shows them when they come. */
    private void check() {
        int asked = ++generation;
        checks.removeAll();
        details.setText(""); //$NON-NLS-1$
        setErrorMessage(null);
        setMessage(Messages.PreflightPage_checking);
        setPageComplete(false);
        String pair = wizard.pairName();
        DrillScenario scenario = wizard.scenario();
        DrillParameters parameters = wizard.parameters();
        Display display = getShell().getDisplay();
        Job job = Job.create(NLS.bind(Messages.PreflightPage_job, pair), monitor -> {
            try {
                List<PreflightCheck> found = wizard.service().preflight(pair, scenario, parameters);
                display.asyncExec(() -> show(asked, found, null));
            } catch (RuntimeException e) {
                ConsoleNode.log(IStatus.ERROR, "The pre-flight checks of a drill on " + pair + " failed: " //$NON-NLS-1$ //$NON-NLS-2$
                        + e.getMessage(), e);
                display.asyncExec(() -> show(asked, List.of(), e));
            }
            return Status.OK_STATUS; // a failure is reported above, in the Error Log and on the page
        });
        job.schedule();
    }

    private void show(int asked, List<PreflightCheck> found, RuntimeException failure) {
        if (checks.isDisposed() || asked != generation) {
            return;
        }
        Display display = checks.getDisplay();
        for (PreflightCheck check : found) {
            TableItem item = new TableItem(checks, SWT.NONE);
            item.setData(check);
            item.setText(new String[] { check.name(),
                    check.passed() ? Messages.PreflightPage_pass : Messages.PreflightPage_fail, check.message() });
            item.setForeground(1, display.getSystemColor(check.passed() ? SWT.COLOR_DARK_GREEN : SWT.COLOR_RED));
        }
        long failed = found.stream().filter(check -> !check.passed()).count();
        details.setText(String.join(Text.DELIMITER, found.stream().filter(check -> !check.passed())
                .map(check -> check.name() + ": " + check.message()).toList())); //$NON-NLS-1$
        if (failure != null) {
            setMessage(null);
            setErrorMessage(NLS.bind(Messages.PreflightPage_checkFailed, failure.getMessage()));
            setPageComplete(false);
        } else if (failed > 0) {
            setMessage(NLS.bind(Messages.PreflightPage_failedCount, failed, found.size()));
            setErrorMessage(found.stream().filter(check -> !check.passed()).findFirst().orElseThrow().message());
            setPageComplete(false);
        } else {
            setErrorMessage(null);
            setMessage(Messages.PreflightPage_passed);
            setPageComplete(true);
        }
    }
}
