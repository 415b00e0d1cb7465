package dev.mirrorline.ui.preferences;

import org.eclipse.osgi.util.NLS;

/** The preference pages' user-visible strings, from {@code messages.properties} beside this class. */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.mirrorline.ui.preferences.messages"; //$NON-NLS-1$

    public static String EnginePreferences_description;
    public static String EnginePreferences_chunkSize;
    public static String EnginePreferences_linkTimeout;
    public static String EnginePreferences_linkTimeout_invalid;
    public static String EnginePreferences_mode;
    public static String EnginePreferences_mode_async;
    public static String EnginePreferences_mode_sync;
    public static String EnginePreferences_window;
    public static String EnginePreferences_window_invalid;
    public static String EnginePreferences_resyncRate;
    public static String EnginePreferences_resyncRate_invalid;
    public static String EnginePreferences_stateDirectory;
    public static String EnginePreferences_stateDirectory_note;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
