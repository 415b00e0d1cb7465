package dev.mirrorline.ui.nbd;

import org.eclipse.osgi.util.NLS;

/** The NBD Exports view's, commands' and preference page's user-visible strings, from {@code messages.properties} beside this class. */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.mirrorline.ui.nbd.messages"; //$NON-NLS-1$

    public static String NbdExportsView_column_export;
    public static String NbdExportsView_column_pair;
    public static String NbdExportsView_column_volume;
    public static String NbdExportsView_column_size;
    public static String NbdExportsView_column_access;
    public static String NbdExportsView_column_address;
    public static String NbdExportsView_column_clients;
    public static String NbdExportsView_column_since;
    public static String NbdExportsView_role_primary;
    public static String NbdExportsView_role_secondary;
    public static String NbdExportsView_writable;
    public static String NbdExportsView_readOnly;
    public static String NbdExportsView_client;
    public static String NbdExportsView_clientCount;
    public static String NbdExportsView_clientsCount;
    public static String NbdExportsView_noClients;
    public static String NbdExportsView_notServed;
    public static String NbdExportsView_starting;
    public static String NbdExportsView_engineFailed;
    public static String NbdExportsView_running;
    public static String NbdExportsView_stopped;
    public static String NbdExportsView_problem;
    public static String NbdExportsView_noExports;
    public static String NbdExports_start_job;
    public static String NbdExports_stop_job;
    public static String NbdExports_address_job;
    public static String NbdExports_failed_title;
    public static String NbdExports_failed_message;
    public static String NbdExports_advice_start;
    public static String NbdExports_advice_stop;
    public static String NbdExports_advice_address;
    public static String NbdExports_copied;
    public static String NbdPreferences_description;
    public static String NbdPreferences_address;
    public static String NbdPreferences_address_note;
    public static String NbdPreferences_notRunning;
    public static String NbdPreferences_current;

    public static String NbdExports_startExport_job;
    public static String NbdExports_stopExport_job;
    public static String NbdExports_advice_export;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
