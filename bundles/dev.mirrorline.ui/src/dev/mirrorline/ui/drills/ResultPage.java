package dev.mirrorline.ui.drills;

import java.time.Duration;
import java.util.Locale;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.drill.DrillOutcome;
import dev.mirrorline.drill.DrillResult;
import dev.mirrorline.drill.Measurement;
import dev.mirrorline.drill.Verification;

/**
 * Page 5 of the drill wizard: how the drill ended and why, what it measured, what it compared and
 * what its rollback did; Save Report… copies its HTML report to a chosen file, Open Report opens it
 * in the desktop's web browser.
 */
final class ResultPage extends WizardPage {

    private Label outcome;
    private Label reason;
    private Label duration;
    private Table measurements;
    private Text verifications;
    private Text rollback;
    private Button save;
    private Button open;
    private DrillResult result;

    ResultPage() {
        super("result"); //$NON-NLS-1$
        setTitle(Messages.ResultPage_title);
        setDescription(Messages.ResultPage_description);
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(page);
        DrillWidgets.label(page, Messages.ResultPage_outcome);
        outcome = DrillWidgets.named(new Label(page, SWT.NONE), DrillWizard.RESULT_OUTCOME_WIDGET);
        outcome.setFont(JFaceResources.getHeaderFont());
        GridDataFactory.fillDefaults().grab(true, false).applyTo(outcome);
        DrillWidgets.label(page, Messages.ResultPage_reason);
        reason = DrillWidgets.named(new Label(page, SWT.WRAP), DrillWizard.RESULT_REASON_WIDGET);
        GridDataFactory.fillDefaults().grab(true, false).hint(DrillWidgets.PAGE_WIDTH - 120, SWT.DEFAULT).applyTo(reason);
        DrillWidgets.label(page, Messages.ResultPage_duration);
        duration = new Label(page, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(duration);

        DrillWidgets.label(page, Messages.ResultPage_measurements).setLayoutData(
                GridDataFactory.swtDefaults().span(2, 1).create());
        measurements = DrillWidgets.table(page, DrillWizard.RESULT_MEASUREMENTS_WIDGET, 7, "", 490, "", 175); //$NON-NLS-1$ //$NON-NLS-2$
        measurements.setHeaderVisible(false);
        DrillWidgets.label(page, Messages.ResultPage_verifications).setLayoutData(
                GridDataFactory.swtDefaults().span(2, 1).create());
        verifications = lines(page, DrillWizard.RESULT_VERIFICATIONS_WIDGET, 2);
        DrillWidgets.label(page, Messages.ResultPage_rollback).setLayoutData(
                GridDataFactory.swtDefaults().span(2, 1).create());
        rollback = lines(page, DrillWizard.RESULT_ROLLBACK_WIDGET, 2);

        Composite buttons = new Composite(page, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(buttons);
        GridDataFactory.swtDefaults().span(2, 1).applyTo(buttons);
        save = DrillWidgets.named(new Button(buttons, SWT.PUSH), DrillWizard.RESULT_SAVE_WIDGET);
        save.setText(Messages.ResultPage_save);
        save.setEnabled(false);
        save.addListener(SWT.Selection, event -> DrillReports.saveAs(getShell(), result.id(), result.report()));
        open = DrillWidgets.named(new Button(buttons, SWT.PUSH), DrillWizard.RESULT_OPEN_WIDGET);
        open.setText(Messages.ResultPage_open);
        open.setEnabled(false);
        open.addListener(SWT.Selection, event -> DrillReports.open(getShell(), result.id(), result.report()));
        setControl(page);
    }

    private static Text lines(Composite page, String name, int rows) {
        Text text = DrillWidgets.named(new Text(page, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER | SWT.WRAP | SWT.V_SCROLL),
                name);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1)
                .hint(DrillWidgets.PAGE_WIDTH, text.getLineHeight() * rows + 6).applyTo(text);
        return text;
    }

    /** Shows what came of the drill. On the UI thread. */
    void show(DrillResult ended) {
        result = ended;
        if (outcome == null || outcome.isDisposed()) {
            return;
        }
        outcome.setText(RunPage.outcomeText(ended.outcome()));
        outcome.setForeground(outcome.getDisplay().getSystemColor(ended.outcome() == DrillOutcome.PASSED
                ? SWT.COLOR_DARK_GREEN : ended.outcome() == DrillOutcome.CANCELLED ? SWT.COLOR_DARK_YELLOW
                        : SWT.COLOR_RED));
        reason.setText(ended.reason().isEmpty() ? "\u2013" : ended.reason()); //$NON-NLS-1$
        duration.setText(seconds(ended.duration()));
        measurements.removeAll();
        for (Measurement measurement : ended.measurements()) {
            new TableItem(measurements, SWT.NONE).setText(new String[] { measurement.label(), measurement.formatted() });
        }
        if (ended.measurements().isEmpty()) {
            new TableItem(measurements, SWT.NONE).setText(Messages.ResultPage_noMeasurements);
        }
        StringBuilder compared = new StringBuilder();
        for (Verification verification : ended.verifications()) {
            compared.append(compared.length() == 0 ? "" : Text.DELIMITER).append(NLS.bind(Messages.ResultPage_verification, //$NON-NLS-1$
                    new Object[] { verification.label(),
                            verification.equal() ? Messages.ResultPage_equal : Messages.ResultPage_different,
                            verification.leftName(), verification.rightName(),
                            verification.equal() ? verification.leftSha256()
                                    : verification.leftSha256() + " / " + verification.rightSha256() })); //$NON-NLS-1$
        }
        verifications.setText(compared.length() == 0 ? Messages.ResultPage_noVerifications : compared.toString());
        rollback.setText(ended.rollback().isEmpty() ? Messages.ResultPage_noRollback
                : String.join(Text.DELIMITER, ended.rollback()));
        save.setEnabled(true);
        open.setEnabled(true);
        ((Composite) getControl()).layout(true, true);
        setPageComplete(true);
    }

    /**
     * @param duration a duration
     * @return it in seconds with one decimal, e.g. "12.3 s"
     */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0); //$NON-NLS-1$
    }
}
