package dev.mirrorline.ui.drills;

import org.eclipse.osgi.util.NLS;

/** The drill wizard's and the Drill History view's user-visible strings, from {@code messages.properties} beside this class. */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.mirrorline.ui.drills.messages"; //$NON-NLS-1$

    public static String DrillWizard_title;
    public static String DrillWizard_engineStarting;
    public static String DrillWizard_engineFailed;
    public static String DrillWizard_cancelJob;
    public static String DrillWizard_cancelNotEnded;
    public static String DrillWizard_startJob;
    public static String DrillWizard_startFailed;
    public static String ScenarioPage_title;
    public static String ScenarioPage_description;
    public static String ScenarioPage_pair;
    public static String ScenarioPage_noPairs;
    public static String ScenarioPage_choosePair;
    public static String ScenarioPage_scenario;
    public static String ParametersPage_title;
    public static String ParametersPage_description;
    public static String ParametersPage_none;
    public static String PreflightPage_title;
    public static String PreflightPage_description;
    public static String PreflightPage_checking;
    public static String PreflightPage_passed;
    public static String PreflightPage_failedCount;
    public static String PreflightPage_job;
    public static String PreflightPage_checkFailed;
    public static String PreflightPage_again;
    public static String PreflightPage_column_check;
    public static String PreflightPage_column_result;
    public static String PreflightPage_column_message;
    public static String PreflightPage_pass;
    public static String PreflightPage_fail;
    public static String RunPage_title;
    public static String RunPage_description;
    public static String RunPage_starting;
    public static String RunPage_running;
    public static String RunPage_cancelling;
    public static String RunPage_ended;
    public static String RunPage_notStarted;
    public static String RunPage_cancel;
    public static String RunPage_column_step;
    public static String RunPage_column_status;
    public static String RunPage_column_detail;
    public static String RunPage_log;
    public static String RunPage_rollback;
    public static String StepStatus_PENDING;
    public static String StepStatus_RUNNING;
    public static String StepStatus_PASSED;
    public static String StepStatus_FAILED;
    public static String StepStatus_CANCELLED;
    public static String StepStatus_SKIPPED;
    public static String Outcome_RUNNING;
    public static String Outcome_PASSED;
    public static String Outcome_FAILED;
    public static String Outcome_CANCELLED;
    public static String Outcome_INTERRUPTED;
    public static String ResultPage_title;
    public static String ResultPage_description;
    public static String ResultPage_outcome;
    public static String ResultPage_reason;
    public static String ResultPage_duration;
    public static String ResultPage_measurements;
    public static String ResultPage_verifications;
    public static String ResultPage_rollback;
    public static String ResultPage_noMeasurements;
    public static String ResultPage_noVerifications;
    public static String ResultPage_noRollback;
    public static String ResultPage_equal;
    public static String ResultPage_different;
    public static String ResultPage_verification;
    public static String ResultPage_save;
    public static String ResultPage_open;
    public static String Report_saveTitle;
    public static String Report_saveJob;
    public static String Report_saveFailed;
    public static String Report_openTitle;
    public static String Report_openFailed;
    public static String Report_missing;
    public static String History_column_time;
    public static String History_column_pair;
    public static String History_column_scenario;
    public static String History_column_outcome;
    public static String History_column_duration;
    public static String History_column_rpo;
    public static String History_open;
    public static String History_open_tooltip;
    public static String History_saveAs;
    public static String History_saveAs_tooltip;
    public static String History_refresh;
    public static String History_refresh_tooltip;
    public static String History_job;
    public static String History_readFailed;
    public static String History_starting;
    public static String History_empty;
    public static String History_count;
    public static String History_count_one;
    public static String History_noRpo;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
