package dev.mirrorline.ui;

import org.eclipse.osgi.util.NLS;

/** The console's user-visible strings, from {@code messages.properties} beside this class. */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.mirrorline.ui.messages"; //$NON-NLS-1$

    public static String Window_title;
    public static String Menu_file;
    public static String Menu_window;
    public static String Menu_showView;
    public static String Menu_help;
    public static String Status_noPairs;
    public static String Status_startingEngine;
    public static String Status_engineFailed;

    public static String PairsView_column_name;
    public static String PairsView_column_primary;
    public static String PairsView_column_secondary;
    public static String PairsView_column_mode;
    public static String PairsView_column_state;
    public static String PairsView_column_lag;
    public static String PairsView_column_unacknowledged;
    public static String PairsView_column_snapshot;
    public static String PairsView_column_resync;
    public static String PairsView_interrupt;
    public static String PairsView_interrupt_tooltip;
    public static String PairsView_restore;
    public static String PairsView_restore_tooltip;
    public static String PairsView_verify;
    public static String PairsView_verify_tooltip;
    public static String PairsView_startLoad;
    public static String PairsView_stopLoad;
    public static String PairsView_failed_title;
    public static String PairsView_verify_job;
    public static String PairsView_verify_failed;
    public static String PairsView_verify_equal;
    public static String PairsView_verify_different;
    public static String PairsView_verify_title;

    public static String EventLog_column_time;
    public static String EventLog_column_pair;
    public static String EventLog_column_type;
    public static String EventLog_column_summary;
    public static String EventLog_pair;
    public static String EventLog_type;
    public static String EventLog_allPairs;
    public static String EventLog_allTypes;
    public static String EventLog_opening;
    public static String EventLog_openFailed;
    public static String EventLog_readFailed;
    public static String EventLog_none;
    public static String EventLog_range;
    public static String EventLog_newer;
    public static String EventLog_older;

    public static String About_title;
    public static String About_version;
    public static String About_description;
    public static String About_runtime;
    public static String About_close;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
