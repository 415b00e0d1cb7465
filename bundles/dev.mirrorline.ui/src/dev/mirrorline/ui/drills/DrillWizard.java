package dev.mirrorline.ui.drills;

import java.io.IOException;
import java.time.Duration;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.osgi.util.NLS;

import dev.mirrorline.drill.DrillListener;
import dev.mirrorline.drill.DrillParameters;
import dev.mirrorline.drill.DrillRefusedException;
import dev.mirrorline.drill.DrillResult;
import dev.mirrorline.drill.DrillRun;
import dev.mirrorline.drill.DrillScenario;
import dev.mirrorline.drill.DrillService;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * Drills &gt; Run Failover Drill… (and the Pairs view's context menu): the pair and the scenario,
 * its parameters (checked as typed), the pre-flight checks (made off the UI thread), the run (its
 * steps live, its progress and log, Cancel Drill) and the result with its report. The drill runs on
 * its own thread in the {@link DrillService}; what it tells comes back to the UI thread with
 * {@code asyncExec}. Closing the wizard while the drill runs cancels it: it rolls back on its own
 * thread, watched by a job, so no drill is left running.
 */
public final class DrillWizard extends Wizard {

    /** The data key that names the wizard's widgets for tests (the same key as the New Pair wizard's). */
    public static final String WIDGET_KEY = "mirrorline.widget"; //$NON-NLS-1$
    /** The combo of pairs. */
    public static final String PAIR_WIDGET = "drill.pair"; //$NON-NLS-1$
    /** Prefix of a scenario's radio button; the scenario's id follows. */
    public static final String SCENARIO_WIDGET_PREFIX = "drill.scenario."; //$NON-NLS-1$
    /** Prefix of a parameter's text field; the parameter's key follows. */
    public static final String PARAMETER_WIDGET_PREFIX = "drill.parameter."; //$NON-NLS-1$
    /** The table of pre-flight checks. */
    public static final String PREFLIGHT_WIDGET = "drill.preflight"; //$NON-NLS-1$
    /** The failed checks' messages in full (or the selected check's), on the pre-flight page. */
    public static final String PREFLIGHT_DETAILS_WIDGET = "drill.preflight.details"; //$NON-NLS-1$
    /** Check Again, on the pre-flight page. */
    public static final String PREFLIGHT_AGAIN_WIDGET = "drill.preflight.again"; //$NON-NLS-1$
    /** The line that says where the run stands. */
    public static final String RUN_STATUS_WIDGET = "drill.run.status"; //$NON-NLS-1$
    /** The table of steps. */
    public static final String RUN_STEPS_WIDGET = "drill.run.steps"; //$NON-NLS-1$
    /** The drill's progress bar. */
    public static final String RUN_PROGRESS_WIDGET = "drill.run.progress"; //$NON-NLS-1$
    /** The drill's log. */
    public static final String RUN_LOG_WIDGET = "drill.run.log"; //$NON-NLS-1$
    /** Cancel Drill. */
    public static final String RUN_CANCEL_WIDGET = "drill.run.cancel"; //$NON-NLS-1$
    /** The outcome, on the result page. */
    public static final String RESULT_OUTCOME_WIDGET = "drill.result.outcome"; //$NON-NLS-1$
    /** Why it failed or was cancelled. */
    public static final String RESULT_REASON_WIDGET = "drill.result.reason"; //$NON-NLS-1$
    /** The table of measurements. */
    public static final String RESULT_MEASUREMENTS_WIDGET = "drill.result.measurements"; //$NON-NLS-1$
    /** The verifications, one line each. */
    public static final String RESULT_VERIFICATIONS_WIDGET = "drill.result.verifications"; //$NON-NLS-1$
    /** What the rollback did. */
    public static final String RESULT_ROLLBACK_WIDGET = "drill.result.rollback"; //$NON-NLS-1$
    /** Save Report…. */
    public static final String RESULT_SAVE_WIDGET = "drill.result.save"; //$NON-NLS-1$
    /** Open Report. */
    public static final String RESULT_OPEN_WIDGET = "drill.result.open"; //$NON-NLS-1$

    /** How long the job that watches a drill cancelled by closing the wizard waits for its rollback. */
    private static final Duration ROLLBACK_LIMIT = Duration.ofMinutes(5);

    private final MirrorlineNode node;
    private final DrillService service;
    private final ScenarioPage scenarioPage;
    private final ParametersPage parametersPage;
    private final PreflightPage preflightPage;
    private final RunPage runPage;
    private final ResultPage resultPage;
    /** Set on the UI thread when the run page asks for the drill to start. */
    private boolean startRequested;
    /** Set on the UI thread when the wizard closes. */
    private boolean closed;
    private volatile DrillRun run;
    private DrillResult result;

    /**
     * @param node the console's node
     * @param service its drill service
     * @param pair the pair chosen at first, or null for the first pair
     */
    public DrillWizard(MirrorlineNode node, DrillService service, String pair) {
        this.node = node;
        this.service = service;
        setWindowTitle(Messages.DrillWizard_title);
        scenarioPage = new ScenarioPage(this, pair);
        parametersPage = new ParametersPage(this);
        preflightPage = new PreflightPage(this);
        runPage = new RunPage(this);
        resultPage = new ResultPage();
    }

    @Override
    public void addPages() {
        addPage(scenarioPage);
        addPage(parametersPage);
        addPage(preflightPage);
        addPage(runPage);
        addPage(resultPage);
    }

    MirrorlineNode node() {
        return node;
    }

    DrillService service() {
        return service;
    }

    /** @return the pair chosen on the first page, or null */
    String pairName() {
        return scenarioPage.pairName();
    }

    /** @return the scenario chosen on the first page */
    DrillScenario scenario() {
        return scenarioPage.scenario();
    }

    /** @return the parameter values as typed on the second page */
    DrillParameters parameters() {
        return parametersPage.parameters();
    }

    /** @return the drill once it started, or null */
    DrillRun run() {
        return run;
    }

    @Override
    public IWizardPage getNextPage(IWizardPage page) {
        if (page == runPage && result == null) {
            return null;
        }
        return super.getNextPage(page);
    }

    @Override
    public boolean canFinish() {
        return result != null;
    }

    @Override
    public boolean performFinish() {
        closed = true;
        return true;
    }

    @Override
    public boolean performCancel() {
        closed = true;
        DrillRun running = run;
        if (running != null && result == null) {
            cancelAndWatch(running);
        }
        return true;
    }

    /**
     * Starts the drill (once), in a job: the service checks the pair again, which may wait for a
     * remote peer. Called on the UI thread by the run page when it is first shown.
     *
     * @param listener hears the drill from its first step, on the drill's thread
     */
    void startDrill(DrillListener listener) {
        if (startRequested) {
            return;
        }
        startRequested = true;
        getContainer().updateButtons();
        String pair = pairName();
        DrillScenario scenario = scenario();
        DrillParameters parameters = parameters();
        var display = getShell().getDisplay();
        Job job = Job.create(NLS.bind(Messages.DrillWizard_startJob, scenario.title(), pair), monitor -> {
            try {
                DrillRun started = service.start(pair, scenario, parameters, null, listener);
                run = started;
                display.asyncExec(() -> {
                    if (closed && result == null) {
                        cancelAndWatch(started); // the wizard was closed while the drill started
                    } else {
                        runPage.started(started);
                    }
                });
            } catch (DrillRefusedException | IOException | RuntimeException e) {
                ConsoleNode.log(IStatus.ERROR, "The drill " + scenario.id() + " on " + pair + " could not start: " //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
                        + e.getMessage(), e);
                display.asyncExec(() -> runPage.notStarted(NLS.bind(Messages.DrillWizard_startFailed, e.getMessage())));
            }
            return Status.OK_STATUS; // a failure is reported above, in the Error Log and on the page
        });
        job.setUser(false);
        job.schedule();
    }

    /** The drill ended, its report written: shows the result. On the UI thread. */
    void ended(DrillResult ended) {
        result = ended;
        resultPage.show(ended);
        if (getContainer() != null && !getShell().isDisposed()) {
            getContainer().updateButtons();
        }
    }

    /** Cancels a drill whose wizard closes, and watches its rollback in a job that says if it does not end. */
    private static void cancelAndWatch(DrillRun running) {
        running.cancel();
        Job watch = Job.create(NLS.bind(Messages.DrillWizard_cancelJob, running.id()), monitor -> {
            try {
                DrillResult ended = running.await(ROLLBACK_LIMIT);
                if (ended == null) {
                    ConsoleNode.log(IStatus.ERROR, NLS.bind(Messages.DrillWizard_cancelNotEnded, running.id(),
                            ROLLBACK_LIMIT.toSeconds()), null);
                } else {
                    ConsoleNode.log(IStatus.INFO, "The drill " + running.id() + " was cancelled when its wizard closed: " //$NON-NLS-1$ //$NON-NLS-2$
                            + ended.outcome() + ", " + String.join("; ", ended.rollback()), null); //$NON-NLS-1$ //$NON-NLS-2$
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Status.OK_STATUS;
        });
        watch.setUser(true);
        watch.schedule();
    }
}
