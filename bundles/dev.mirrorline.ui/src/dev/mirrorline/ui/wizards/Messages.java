package dev.mirrorline.ui.wizards;

import org.eclipse.osgi.util.NLS;

/** The wizards' user-visible strings, from {@code messages.properties} beside this class. */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.mirrorline.ui.wizards.messages"; //$NON-NLS-1$

    public static String NewPair_title;
    public static String NewPair_engineStarting;
    public static String NewPair_engineFailed;
    public static String NewPair_job;
    public static String NewPair_failed;
    public static String Wizard_browse;
    public static String Wizard_notAPath;

    public static String PrimaryPage_title;
    public static String PrimaryPage_description;
    public static String PrimaryPage_name;
    public static String PrimaryPage_primary;
    public static String PrimaryPage_existing;
    public static String PrimaryPage_new;
    public static String PrimaryPage_path;
    public static String PrimaryPage_size;
    public static String PrimaryPage_sizeInvalid;
    public static String PrimaryPage_browse_new;
    public static String PrimaryPage_browse_existing;

    public static String SecondaryPage_title;
    public static String SecondaryPage_description;
    public static String SecondaryPage_local;
    public static String SecondaryPage_existing;
    public static String SecondaryPage_new;
    public static String SecondaryPage_path;
    public static String SecondaryPage_browse_new;
    public static String SecondaryPage_browse_existing;
    public static String SecondaryPage_remote;
    public static String SecondaryPage_host;
    public static String SecondaryPage_port;
    public static String SecondaryPage_portInvalid;
    public static String SecondaryPage_fingerprint;
    public static String SecondaryPage_confirm;
    public static String SecondaryPage_thisNode;
    public static String SecondaryPage_checking;
    public static String SecondaryPage_notPairedYet;
    public static String SecondaryPage_agent;
    public static String SecondaryPage_agentNamed;
    public static String SecondaryPage_compare;
    public static String SecondaryPage_noInitialCopy;

    public static String ReplicationPage_title;
    public static String ReplicationPage_description;
    public static String ReplicationPage_async;
    public static String ReplicationPage_window;
    public static String ReplicationPage_windowInvalid;
    public static String ReplicationPage_sync;
    public static String ReplicationPage_chunkSize;
    public static String ReplicationPage_linkTimeout;
    public static String ReplicationPage_linkTimeoutInvalid;
    public static String ReplicationPage_resyncRate;
    public static String ReplicationPage_resyncRateInvalid;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
