package dev.mirrorline.ui;

import org.eclipse.osgi.util.NLS;

/** The console's user-visible strings, from {@code messages.properties} beside this class. */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.mirrorline.ui.messages"; //$NON-NLS-1$

    public static String TimelineView_property_category;
    public static String TimelineView_export;
    public static String TimelineView_export_tooltip;
    public static String TimelineView_export_title;
    public static String TimelineView_export_failed;
    public static String TimelineView_property_pair;
    public static String TimelineView_property_kind;
    public static String TimelineView_property_start;
    public static String TimelineView_property_end;
    public static String TimelineView_property_details;
    public static String TimelineView_stillOpen;
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
    public static String PairsView_restore;
    public static String PairsView_verify;
    public static String PairsView_startLoad;
    public static String PairsView_stopLoad;
    public static String PairsView_verify_job;
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

    public static String PairCommands_connect;
    public static String PairCommands_resyncRate;
    public static String PairCommands_resyncRate_title;
    public static String PairCommands_resyncRate_message;
    public static String PairCommands_resyncRate_invalid;
    public static String PairCommands_advice_settings;
    public static String PairCommands_resyncNow;
    public static String PairCommands_deletePair;
    public static String PairCommands_jobName;
    public static String PairCommands_failed_title;
    public static String PairCommands_failed_message;
    public static String PairCommands_advice_link;
    public static String PairCommands_advice_interrupt;
    public static String PairCommands_advice_load;
    public static String PairCommands_advice_verify;
    public static String PairCommands_advice_delete;
    public static String PairCommands_delete_title;
    public static String PairCommands_delete_message;
    public static String PairCommands_delete_remoteSecondary;
    public static String PairCommands_delete_alsoVolumes;
    public static String PairCommands_delete_button;
    public static String PairCommands_delete_job;

    public static String PairProperties_category_spec;
    public static String PairProperties_category_status;
    public static String PairProperties_name;
    public static String PairProperties_primary;
    public static String PairProperties_secondary;
    public static String PairProperties_mode;
    public static String PairProperties_chunkSize;
    public static String PairProperties_window;
    public static String PairProperties_linkTimeout;
    public static String PairProperties_resyncRate;
    public static String PairProperties_noLimit;
    public static String PairProperties_state;
    public static String PairProperties_linkHeld;
    public static String PairProperties_lag;
    public static String PairProperties_unacknowledgedBytes;
    public static String PairProperties_unacknowledgedUpdates;
    public static String PairProperties_snapshot;
    public static String PairProperties_outageSince;
    public static String PairProperties_resync;
    public static String PairProperties_lastError;
    public static String PairProperties_load;
    public static String PairProperties_loadRunning;
    public static String PairProperties_loadStopped;
    public static String PairProperties_yes;
    public static String PairProperties_no;
    public static String PairProperties_none;
    public static String PairProperties_resyncProgress;
    public static String PairsView_column_roles;
    public static String PairProperties_roles;
    public static String PairRoles_original;
    public static String PairRoles_reversed;
    public static String PairRoles_writesRefused;
    public static String PairRoles_failbackPending;
    public static String PairRoles_failbackRunning;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
